"""Drop import previews nobody confirmed within a day, with their uploaded files; run from cron
(hourly or daily) or the demo's clock:

    manage.py import_cleanup
"""

from django.core.management.base import BaseCommand

from tandem.rosters.services import discard_stale_previews


class Command(BaseCommand):
    help = "Discard unconfirmed roster and evidence import previews older than a day."

    def handle(self, *args, **options):
        count = discard_stale_previews()
        self.stdout.write(f"{count} unconfirmed import preview(s) discarded.")
