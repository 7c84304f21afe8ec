"""One way to send mail: render in the recipient's language, deliver after commit as a task."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .tasks import deliver_email, enqueue_on_commit


def render_email(template: str, *, language: str, context: dict, zone=None) -> tuple:
    """(subject on one line, text, HTML) of `<template>_subject.txt`, `.txt` and `.html`,
    rendered in `language` (and, when given, with times in the time zone `zone`)."""
    with translation.override(language), timezone.override(zone or timezone.get_current_timezone()):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return subject, body, html


def send_templated_email(*, to: str, language: str, template: str, context: dict) -> None:
    """Render the e-mail in `language` and queue its delivery after commit."""
    subject, body, html = render_email(template, language=language, context=context)
    enqueue_on_commit(deliver_email, to=[to], subject=subject, body=body, html=html)


def send_email_with_pdf(
    *, to: str, language: str, template: str, context: dict, pdf: tuple[str, bytes], zone=None
) -> int:
    """Send now (from a task): the e-mail rendered in `language` with `pdf` (file name, bytes)
    attached, as the plan and the meeting record go to each caregiver."""
    subject, body, html = render_email(template, language=language, context=context, zone=zone)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    message.attach_alternative(html, "text/html")
    message.attach(*pdf, "application/pdf")
    return message.send()


def sign_in_link(caregiver, path: str) -> str:
    """A link to `path` for a caregiver's e-mail: it signs them in first (one-time link) when
    they have an active account, else it is the plain page address."""
    from django.conf import settings
    from django.urls import reverse
    from sesame.utils import get_query_string

    if caregiver.user_id and caregiver.user.is_active:
        return (
            settings.SITE_URL
            + reverse("accounts:signin_link_open")
            + get_query_string(caregiver.user)
            + "&next="
            + path
        )
    return settings.SITE_URL + path
