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
import contextvars

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django_tasks import task
from django_tasks.signals import task_finished, task_started


def _writes_rows_here(task_obj) -> bool:
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_obj.get_backend(), DatabaseBackend)


def enqueue_on_commit(task_obj, *args, **kwargs) -> None:
    """Queue `task_obj` so that it runs only if the current transaction commits."""
    if _writes_rows_here(task_obj):
        batch = _batch.get()
        if batch is not None:
            batch.append((task_obj, args, kwargs))  # written at the end of `together()`
        else:
            task_obj.enqueue(*args, **kwargs)  # a row in this transaction
    else:
        transaction.on_commit(lambda: task_obj.enqueue(*args, **kwargs))


# The calls `together()` is collecting (None outside it).
_batch: contextvars.ContextVar[list | None] = contextvars.ContextVar("task_batch", default=None)


@contextlib.contextmanager
def together():
    """Inside this block every `enqueue_on_commit` of the database backend is kept, and all
    their rows are written by one INSERT when the block ends (still inside the caller's
    transaction; nothing is written if the block raises). A booking invites each caregiver
    and tells the advisor at the cost of one statement, not one per task."""
    if _batch.get() is not None:  # already collecting: the outer block writes them
        yield
        return
    calls: list = []
    token = _batch.set(calls)
    try:
        yield
    finally:
        _batch.reset(token)
    if calls:
        _write_rows(calls)


def _write_rows(calls) -> None:
    """The rows `DatabaseBackend.enqueue` writes one by one (django-tasks-db), in one
    statement, with the signals `create()` and `enqueue()` send for each."""
    from django_tasks_db.compat import normalize_json, task_enqueued
    from django_tasks_db.models import DBTaskResult

    rows, backends = [], []
    for task_obj, args, kwargs in calls:
        backend = task_obj.get_backend()
        backend.validate_task(task_obj)
        backends.append(backend)
        rows.append(
            DBTaskResult(
                id=backend._get_id(),  # noqa: SLF001 - the id enqueue() itself would use
                args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
                priority=task_obj.priority,
                task_path=task_obj.module_path,
                queue_name=task_obj.queue_name,
                run_after=task_obj.run_after,
                backend_name=backend.alias,
            )
        )
    using = DBTaskResult.objects.db
    for row in rows:  # what create() would run (django-tasks-db sets run_after there)
        pre_save.send(DBTaskResult, instance=row, raw=False, using=using, update_fields=None)
    DBTaskResult.objects.bulk_create(rows)
    for backend, row in zip(backends, rows, strict=True):
        post_save.send(
            DBTaskResult, instance=row, created=True, raw=False, using=using, update_fields=None
        )
        task_enqueued.send(type(backend), task_result=row.task_result)


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
