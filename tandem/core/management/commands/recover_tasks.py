"""Re-queue the tasks whose worker is gone, and the deliveries that are due without a task.

Run by the clock (cron every few minutes; bin/demo-server every 10). A task is recovered when it
has been "running" longer than TANDEM_TASK_RECOVER_AFTER seconds (or --after) and its worker has
not written its heartbeat for as long. Tasks are written to be run twice safely (they take ids
and check state), so recovering one whose worker was only slow does no harm."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tandem.core.deliveries import requeue_due
from tandem.core.models import WorkerBeat


class Command(BaseCommand):
    help = "Re-queue tasks whose worker died, and deliveries due without a task."

    def add_arguments(self, parser):
        parser.add_argument(
            "--after",
            type=float,
            default=None,
            help="seconds a task may run without a live worker (default TANDEM_TASK_RECOVER_AFTER)",
        )

    def handle(self, *, after=None, **options):
        now = timezone.now()
        quiet = timedelta(seconds=settings.TANDEM_TASK_RECOVER_AFTER if after is None else after)
        alive = set(
            WorkerBeat.objects.filter(beat_at__gt=now - quiet).values_list("worker_id", flat=True)
        )
        recovered = 0
        stuck = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lte=now - quiet
        )
        for result in stuck:
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            # Only if still the same run: a worker that finishes it meanwhile wins.
            recovered += DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING, started_at=result.started_at
            ).update(status=TaskResultStatus.READY, started_at=None)
        WorkerBeat.objects.filter(beat_at__lte=now - quiet).delete()
        requeued = requeue_due(now)
        self.stdout.write(f"{recovered} task(s) recovered, {requeued} delivery task(s) queued")
