"""Restore a backup made by `manage.py backup` into an empty database:

    manage.py restore var/backups/tandem-2026-12-05.tar
    manage.py restore --check var/backups/tandem-2026-12-05.tar    (verify only)

Every member is checked against the manifest's SHA-256 first; a database that already holds
Tandem data is refused. SQLite is restored through its backup API into the configured database,
PostgreSQL by pg_restore; the files go back into the default storage.
"""

from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tandem.core import backups


class Command(BaseCommand):
    help = "Restore a backup (from `manage.py backup`) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive written by `manage.py backup`")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only verify the archive against its manifest; change nothing",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        try:
            if options["check"]:
                manifest = backups.backup_verify(path=path)
            else:
                self.stdout.write(
                    "Restoring into an empty database. Stop Tandem's web processes and task "
                    "workers first, and start them when this is done."
                )
                manifest = backups.backup_restore(path=path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        vendor = backups.VENDOR_NAMES[manifest["database"]["vendor"]]
        files = sum(1 for name in manifest["members"] if name.startswith(backups.MEDIA))
        created = datetime.fromisoformat(manifest["created_at"])
        made = f"made {created:%Y-%m-%d %H:%M} UTC by Tandem {manifest['tandem_version']}"
        if options["check"]:
            self.stdout.write(
                f"{path} is intact ({made}): the {vendor} database and {files} uploaded "
                "file(s) match the manifest."
            )
            return
        self.stdout.write(f"Restored the {vendor} database and {files} uploaded file(s) ({made}).")
        if not manifest["files"]["included"]:
            self.stdout.write(
                "The backup holds no uploaded files (made with --no-files): restore them from "
                "where they are kept."
            )
        if pending := manifest["pending_migrations"]:
            self.stdout.write(
                f"This Tandem has {len(pending)} migration(s) newer than the backup: run "
                "`manage.py migrate` before starting it."
            )
