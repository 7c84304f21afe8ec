"""Import course records from a transcript CSV (the columns: tandem/transcripts/files.py).

manage.py import_transcripts transcripts.csv --dry-run
manage.py import_transcripts transcripts.csv --school "Harbor High" --report json
"""

from tandem.evidence.cli import EvidenceImportCommand
from tandem.rosters.models import ImportRun
from tandem.transcripts.imports import transcript_import


class Command(EvidenceImportCommand):
    help = "Import course records (transcripts) from a CSV file."
    kind = ImportRun.Kind.TRANSCRIPT
    formats = ("csv",)
    name = "import_transcripts"

    def run_import(self, **options):
        return transcript_import(**options)
