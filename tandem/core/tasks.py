"""Work after commit: side effects run as tasks on Django's Tasks API (django-tasks).

Tasks take ids and plain strings, never model instances, check the state of what they act on
(so running one twice does no harm: `recover_tasks` re-runs a task whose worker died), and run
only if the transaction that asked for them commits, so a rolled-back change sends nothing.

`enqueue_on_commit` is the one way to queue: with the database backend (django-tasks-db) it
writes the task's row inside the caller's transaction, so the change and its task commit
together or not at all; with any other backend (the tests' immediate one) it queues the task
once the transaction has committed.
"""

import contextlib

from django.db import transaction
from django.dispatch import receiver
from django_tasks import task
from django_tasks.signals import task_finished, task_started


def _writes_rows_here(task_obj) -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_obj.get_backend(), DatabaseBackend)


def enqueue_on_commit(task_obj, *args, **kwargs) -> None:
    """Queue `task_obj` so that it runs only if the current transaction commits."""
    if _writes_rows_here(task_obj):
        task_obj.enqueue(*args, **kwargs)  # a row in this transaction
    else:
        transaction.on_commit(lambda: task_obj.enqueue(*args, **kwargs))


# Which task run is asking (deliveries key the messages a task writes by it, so a task run
# again after a crash finds them instead of writing them twice).
_runs: list = []


@receiver(task_started)
def _task_started(sender, task_result, **kwargs):
    from .deliveries import _task_run

    _runs.append(_task_run.set([str(task_result.id), 0]))


@receiver(task_finished)
def _task_finished(sender, task_result, **kwargs):
    from .deliveries import _task_run

    if _runs:
        with contextlib.suppress(ValueError):  # set in another context: nothing to undo
            _task_run.reset(_runs.pop())


@task()
def deliver(*, delivery_id: int) -> str:
    """Send one delivery (tandem/core/deliveries.py) unless it went already."""
    from .deliveries import attempt

    return attempt(delivery_id)


@task()
def deliver_email(*, to: list[str], subject: str, body: str, html: str = "") -> int:
    """Kept for tasks queued before deliveries existed: each address becomes a delivery."""
    from .deliveries import queue_email

    for address in to:
        queue_email(to=address, subject=subject, body=body, html=html, purpose="deliver_email")
    return len(to)
