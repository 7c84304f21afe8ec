"""The coordinator's weekly digest; run it as often as morning_digest (cron or make demo):

    manage.py coordinator_digest            # from Monday 7:00 in each school's time zone
    manage.py coordinator_digest --hour 6

Each coordinator gets one digest per school and week: what changed on the compliance desk
since the last one and what is newly overdue.
"""

from django.core.management.base import BaseCommand

from tandem.oversight.weekly import send_weekly_digests


class Command(BaseCommand):
    help = "Send each coordinator's weekly digest of the compliance desk (once a week)."

    def add_arguments(self, parser):
        parser.add_argument("--hour", type=int, default=7, help="local hour on Monday")

    def handle(self, *args, hour, **options):
        sent, skipped = send_weekly_digests(hour=hour)
        self.stdout.write(f"{sent} weekly digest(s) queued, {skipped} not due.")
