"""Import test results: NWEA MAP Growth AssessmentResults.csv, or a plain CSV of
student_id,assessment,subject,date,score[,percentile,level].

    manage.py import_assessments AssessmentResults.csv --format nwea --dry-run
    manage.py import_assessments results.csv --format csv --report json
"""

from tandem.evidence.cli import EvidenceImportCommand
from tandem.rosters.models import ImportRun


class Command(EvidenceImportCommand):
    help = "Import test results (NWEA MAP Growth AssessmentResults.csv, or a plain CSV)."
    kind = ImportRun.Kind.ASSESSMENTS
    formats = ("nwea", "csv")
    name = "import_assessments"
