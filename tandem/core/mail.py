"""One way to send mail: render in the recipient's language; every message is a delivery
(tandem/core/deliveries.py) written in the caller's transaction and sent by a task, retried
until it goes, never sent twice."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import deliveries


def render_email(template: str, *, language: str, context: dict, zone=None) -> tuple:
    """(subject on one line, text, HTML) of `<template>_subject.txt`, `.txt` and `.html`,
    rendered in `language` (and, when given, with times in the time zone `zone`)."""
    with translation.override(language), timezone.override(zone or timezone.get_current_timezone()):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return subject, body, html


def send_templated_email(
    *, to: str, language: str, template: str, context: dict, about=None
) -> None:
    """Render the e-mail in `language` and write its delivery in the current transaction
    (what it is about, the student and the caregiver come from `about` and `context`)."""
    subject, body, html = render_email(template, language=language, context=context)
    deliveries.queue_email(
        to=to,
        subject=subject,
        body=body,
        html=html,
        purpose=template,
        context=context,
        about=about,
    )


def send_email_with_pdf(
    *, to: str, language: str, template: str, context: dict, pdf: tuple[str, bytes], zone=None
) -> int:
    """Send now (from a task): the e-mail rendered in `language` with `pdf` (file name, bytes)
    attached, as the plan and the meeting record go to each caregiver. 1 if it went; else it
    is retried later (a temporary failure) or shown to staff (a permanent one)."""
    subject, body, html = render_email(template, language=language, context=context, zone=zone)
    delivery = deliveries.send_now(
        "email",
        to=to,
        subject=subject,
        body=body,
        html=html,
        attachment=(*pdf, "application/pdf"),
        purpose=template,
        context=context,
    )
    return int(delivery.state == delivery.State.SENT)


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
