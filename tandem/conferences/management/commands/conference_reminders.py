"""Send the conference reminders that are due (two days before, and on the day). Run it
from cron every hour or so; each reminder goes once."""

from django.core.management.base import BaseCommand

from tandem.conferences.schedule import conference_reminders


class Command(BaseCommand):
    help = "Send conference reminders due now (two days before and on the day)."

    def handle(self, *args, **options):
        count = conference_reminders()
        self.stdout.write(f"{count} reminder(s) queued")
