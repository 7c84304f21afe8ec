"""What `import_case`, `import_assessments` and `import_transcripts` share: the roster command's
options and report."""

import getpass
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tandem.schools.models import School

from .imports import evidence_import


class EvidenceImportCommand(BaseCommand):
    kind = ""
    formats: tuple[str, ...] = ()

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=self.formats, default=None)
        parser.add_argument(
            "--school", help="the school's name (needed when Tandem has more than one)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change; write nothing"
        )
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="import the good rows and report the bad ones (default: import nothing)",
        )
        parser.add_argument("--report", choices=["text", "json"], default="text")
        parser.add_argument("--by", metavar="EMAIL", help="the Tandem user who runs the import")

    def default_format(self, path: Path) -> str:
        return self.formats[0]

    def run_import(self, **options):
        """(run, report): the import this command runs (transcripts have their own)."""
        return evidence_import(**options)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        schools = School.objects.all()
        if options["school"]:
            schools = schools.filter(name=options["school"])
        if schools.count() != 1:
            raise CommandError(
                "Name the school with --school"
                if not options["school"]
                else f"No school is named {options['school']}"
            )
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(email__iexact=options["by"]).first()
            if by is None:
                raise CommandError(f"No Tandem user has the e-mail {options['by']}")
        run, report = self.run_import(
            kind=self.kind,
            fmt=options["format"] or self.default_format(path),
            data=path.read_bytes(),
            name=path.name,
            school=schools.get(),
            by=by,
            by_label=f"manage.py {self.name} ({getpass.getuser()})",
            dry_run=options["dry_run"],
            skip_bad_rows=options["skip_bad_rows"],
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
