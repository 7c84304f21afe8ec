"""The outreach clock; run it every few minutes (make demo does) or from cron:

    manage.py morning_digest            # every 10 minutes, or at least once each morning
    manage.py morning_digest --hour 6   # digests from 6:00 in each school's time zone

It sends the texts held for quiet hours whose hours have ended, and each advisor's and case
manager's digest of what is due — once a day per person, from the given hour.
"""

from django.core.management.base import BaseCommand

from tandem.outreach.digest import send_digests
from tandem.outreach.messaging import release_held_texts


class Command(BaseCommand):
    help = "Send texts held for quiet hours, then the morning digests of what is due."

    def add_arguments(self, parser):
        parser.add_argument("--hour", type=int, default=7, help="local hour digests start")

    def handle(self, *args, hour, **options):
        released = release_held_texts()
        sent, nothing = send_digests(hour=hour)
        self.stdout.write(
            f"{released} held text(s) sent, {sent} digest(s) queued, {nothing} with nothing due."
        )
