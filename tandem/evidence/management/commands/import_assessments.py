"""Import test results: NWEA MAP Growth's AssessmentResults.csv (either layout), a Renaissance
Star v2 export (Reading, Math or Early Literacy), an i-Ready Diagnostic results file, or a plain
CSV of student_id,assessment,subject,date,score[,test,scale,event_id,standard_error,percentile,
level,term,growth_measure]. The format is recognized from the header unless --format names it.

    manage.py import_assessments AssessmentResults.csv --dry-run
    manage.py import_assessments Star_Reading_SR_v2.csv --report json
    manage.py import_assessments results.csv --format csv --skip-bad-rows
"""

from tandem.evidence.cli import EvidenceImportCommand
from tandem.evidence.imports import FORMATS
from tandem.rosters.models import ImportRun


class Command(EvidenceImportCommand):
    help = (
        "Import test results (NWEA MAP Growth, Renaissance Star, i-Ready Diagnostic, or a plain "
        "CSV); --format auto (the default) recognizes the file from its header."
    )
    kind = ImportRun.Kind.ASSESSMENTS
    formats = FORMATS[ImportRun.Kind.ASSESSMENTS]
    name = "import_assessments"
