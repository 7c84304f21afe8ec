"""`tasks.together()`: the tasks a change queues are written in one statement (a booking invites
each caregiver and tells the advisor without a query each), as the same rows `enqueue()`
writes one by one, and not at all when the change fails."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from tandem.core.tasks import deliver, enqueue_on_commit, together

COLUMNS = ["status", "args_kwargs", "priority", "task_path", "queue_name", "backend_name"]


@pytest.fixture(autouse=True)
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def inserts(queries) -> int:
    return sum(q["sql"].startswith('INSERT INTO "django_tasks_database') for q in queries)


@pytest.mark.django_db
def test_the_rows_of_a_block_are_written_in_one_statement_as_enqueue_writes_them():
    with transaction.atomic():
        enqueue_on_commit(deliver, delivery_id=1)
    alone = DBTaskResult.objects.get()
    with CaptureQueriesContext(connection) as queries, transaction.atomic(), together():
        for n in (1, 2, 3):
            enqueue_on_commit(deliver, delivery_id=n)
        with together():  # an inner block leaves the writing to the outer one
            enqueue_on_commit(deliver, delivery_id=4)
        assert DBTaskResult.objects.count() == 1  # nothing written before the block ends
    assert inserts(queries.captured_queries) == 1
    rows = DBTaskResult.objects.exclude(pk=alone.pk).order_by("enqueued_at")
    assert sorted(r.args_kwargs["kwargs"]["delivery_id"] for r in rows) == [1, 2, 3, 4]
    first = next(r for r in rows if r.args_kwargs["kwargs"]["delivery_id"] == 1)
    assert [getattr(first, c) for c in COLUMNS] == [getattr(alone, c) for c in COLUMNS]
    assert first.run_after == alone.run_after and first.enqueued_at >= alone.enqueued_at
    assert first.task_result.task.func == deliver.func  # the worker can run it


@pytest.mark.django_db
def test_a_block_that_fails_writes_nothing():
    with pytest.raises(ValueError, match="refused"), transaction.atomic(), together():
        enqueue_on_commit(deliver, delivery_id=1)
        raise ValueError("refused")
    assert not DBTaskResult.objects.exists()
    enqueue_on_commit(deliver, delivery_id=2)  # outside a block: one row at once, as before
    assert DBTaskResult.objects.count() == 1
