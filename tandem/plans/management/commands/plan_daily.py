"""Daily upkeep of plans; run once a day (cron or the orchestrator's scheduler):

    manage.py plan_daily

Queues reminders to owners of revision plans due tomorrow or today, and closes approved and
active plans whose term has ended (they become read-only).
"""

from django.core.management.base import BaseCommand

from tandem.core.tasks import enqueue_on_commit
from tandem.plans import approvals, services
from tandem.plans.tasks import send_revision_reminder


class Command(BaseCommand):
    help = "Send revision reminders and close the plans of ended terms."

    def handle(self, *args, **options):
        reminders = 0
        for revision in approvals.revision_reminders_due():
            enqueue_on_commit(send_revision_reminder, revision_plan_id=revision.pk)
            reminders += 1
        closed = services.close_plans_of_ended_terms()
        self.stdout.write(f"{reminders} revision reminder(s) queued, {closed} plan(s) closed.")
