"""Import a OneRoster 1.1 or 1.2 CSV package (a .zip or a folder) into Tandem.

    manage.py import_oneroster roster.zip --dry-run
    manage.py import_oneroster roster.zip --report json
    manage.py import_oneroster export/ --advisories advisors.csv --by it@school.org

Matches records by sourcedId, so importing again updates them. If any row has an error, nothing
is written (exit status 1) unless --skip-bad-rows. Every run is recorded and shown to the
school's admins on the roster page.
"""

import getpass
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tandem.rosters.services import roster_import_path


class Command(BaseCommand):
    help = "Import a OneRoster 1.1 or 1.2 CSV package (.zip or folder): schools, terms, people."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the package: a .zip or a folder of CSV files")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="import the good rows and report the bad ones (default: import nothing)",
        )
        parser.add_argument(
            "--report", choices=["text", "json"], default="text", help="how to print the report"
        )
        parser.add_argument(
            "--advisories",
            type=Path,
            metavar="CSV",
            help="a CSV of student_id,advisor_email to assign advisors after the roster",
        )
        parser.add_argument(
            "--by", metavar="EMAIL", help="the Tandem user to record as having run the import"
        )

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        advisories = options["advisories"]
        if advisories is not None and not advisories.is_file():
            raise CommandError(f"{advisories} does not exist")
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(email__iexact=options["by"]).first()
            if by is None:
                raise CommandError(f"No Tandem user has the e-mail {options['by']}")
        run, report = roster_import_path(
            path=path,
            by=by,
            by_label=f"manage.py import_oneroster ({getpass.getuser()})",
            dry_run=options["dry_run"],
            skip_bad_rows=options["skip_bad_rows"],
            advisories=advisories,
        )
        if options["report"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(report.as_text())
            if report.written:
                self.stdout.write(self.style.SUCCESS(f"\nImported (run {run.pk})."))
            elif report.dry_run and not report.errors:
                self.stdout.write(f"\nDry run: nothing was written (run {run.pk}).")
        if report.errors and not report.written and not (report.dry_run and report.skip_bad_rows):
            raise CommandError(
                f"{len(report.errors)} error(s); nothing was written (run {run.pk})."
            )
