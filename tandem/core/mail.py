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


def sign_in_link(caregiver, path: str):
    """The address of the page `path` for a document e-mail to a caregiver: a sign-in link
    bound to that page, working once for the school's `family_link_days`, when they have an
    active family account; else the page's plain address (staff and everyone else sign in the
    usual way). Rendered in a template it is the address; `_link_note.txt` says how long it
    works (tandem/accounts/links.py)."""
    from datetime import timedelta

    from tandem.accounts.links import page_link
    from tandem.outreach.models import OutreachSettings

    days = OutreachSettings.for_school(caregiver.school).family_link_days
    user = caregiver.user if caregiver.user_id else None
    return page_link(
        user, path, lifetime=timedelta(days=days), language=caregiver.preferred_language
    )
