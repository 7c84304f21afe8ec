"""Back up the database and the uploaded files into one archive:

    manage.py backup var/backups/tandem-2026-12-05.tar     (or `make backup`)

SQLite is copied with its online backup API, PostgreSQL with pg_dump (custom format); the files
of the default storage go in beside it, with a manifest of every member's SHA-256. Safe while
Tandem runs. See tandem/core/backups.py and docs/operations.md (schedule, retention, restore).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tandem.core import backups


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (a .tar file)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write (.tar, or .tar.gz to compress)")
        parser.add_argument("--force", action="store_true", help="replace PATH if it exists")
        parser.add_argument(
            "--no-files",
            action="store_true",
            help="the database only (the uploaded files are backed up elsewhere, e.g. a bucket)",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            manifest = backups.backup_create(
                path=path, force=options["force"], files=not options["no_files"]
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        members = manifest["members"]
        database = members[manifest["database"]["member"]]["size"]
        files = [m["size"] for name, m in members.items() if name.startswith(backups.MEDIA)]
        vendor = backups.VENDOR_NAMES[manifest["database"]["vendor"]]
        self.stdout.write(
            f"Backed up the {vendor} database ({_size(database)}) and {len(files)} uploaded "
            f"file(s) ({_size(sum(files))}) to {path}."
        )


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024
    return ""
