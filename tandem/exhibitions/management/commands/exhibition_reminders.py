"""Send the exhibition reminders that are due (two days before, and on the day) to the families
invited. Run it from cron every hour or so, beside conference_reminders; each reminder goes once."""

from django.core.management.base import BaseCommand

from tandem.exhibitions.services import exhibition_reminders


class Command(BaseCommand):
    help = "Send exhibition reminders due now (two days before and on the day)."

    def handle(self, *args, **options):
        count = exhibition_reminders()
        self.stdout.write(f"{count} reminders queued.")
