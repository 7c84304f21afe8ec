"""Import a competency framework: CASE JSON (1.0/1.1, with or without CFPackage) or a CSV of
code,statement,parent_code[,credits].

    manage.py import_case framework.json --dry-run
    manage.py import_case competencies.csv --format csv --report json --skip-bad-rows
"""

from pathlib import Path

from tandem.evidence.cli import EvidenceImportCommand
from tandem.rosters.models import ImportRun


class Command(EvidenceImportCommand):
    help = "Import a competency framework (CASE JSON or a code,statement,parent_code CSV)."
    kind = ImportRun.Kind.FRAMEWORK
    formats = ("case", "csv")
    name = "import_case"

    def default_format(self, path: Path) -> str:
        return "csv" if path.suffix.lower() == ".csv" else "case"
