"""Work after commit: side effects run as tasks on Django's Tasks API (django-tasks).

Tasks take ids and plain strings, never model instances, and are queued only once the
transaction that asked for them has committed, so a rolled-back change sends nothing.
"""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task


def enqueue_on_commit(task_obj, *args, **kwargs) -> None:
    transaction.on_commit(lambda: task_obj.enqueue(*args, **kwargs))


@task()
def deliver_email(*, to: list[str], subject: str, body: str, html: str = "") -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
