"""django-tasks-db's `db_worker`, plus a heartbeat: while the worker runs, a thread writes its
`WorkerBeat` row every TANDEM_WORKER_HEARTBEAT seconds, so `recover_tasks` can tell a task whose
worker is gone (SIGKILL, out of memory, a reboot) from one that is merely slow.

SIGTERM, SIGINT and SIGQUIT are django-tasks-db's own: the worker finishes the task it is
running, then exits (a second signal stops it at once; the task is then recovered)."""

import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from tandem.core.models import WorkerBeat


class HeartbeatWorker(db_worker.Worker):
    def _beat(self) -> None:
        WorkerBeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "beat_at": timezone.now(),
            },
        )

    def _beating(self, stop: threading.Event) -> None:
        while not stop.wait(settings.TANDEM_WORKER_HEARTBEAT):
            try:
                close_old_connections()
                self._beat()
            except Exception:  # noqa: BLE001 - a missed beat is retried at the next one
                db_worker.logger.warning("worker heartbeat failed", exc_info=True)
        connection.close()

    def run(self) -> None:
        self._beat()
        stop = threading.Event()
        beater = threading.Thread(target=self._beating, args=(stop,), daemon=True)
        beater.start()
        try:
            super().run()
        finally:
            stop.set()
            beater.join(timeout=5)
            WorkerBeat.objects.filter(worker_id=self.worker_id).delete()


class Command(db_worker.Command):
    help = db_worker.Command.help + " (with a heartbeat for recover_tasks)"

    def handle(self, *args, **options):
        db_worker.Worker = HeartbeatWorker
        super().handle(*args, **options)
