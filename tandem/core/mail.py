"""One way to send mail: render in the recipient's language, deliver after commit as a task."""

from django.template.loader import render_to_string
from django.utils import translation

from .tasks import deliver_email, enqueue_on_commit


def send_templated_email(*, to: str, language: str, template: str, context: dict) -> None:
    """Render `<template>_subject.txt`, `.txt` and `.html` in `language` and queue delivery."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    enqueue_on_commit(deliver_email, to=[to], subject=subject, body=body, html=html)
