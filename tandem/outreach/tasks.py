"""Outreach work done after commit by the task worker."""

from django_tasks import task


@task()
def deliver_message(*, message_id: int) -> int:
    from .messaging import deliver_message as deliver

    return deliver(message_id)
