"""Exhibition mail and texts to families, after commit: the invitation with its calendar file
(or its update or cancellation) and the reminders, on the conferences' machinery — the same
channels rule (e-mail, text or both), the caregiver's language, a sign-in link to the student's
exhibitions page, deliveries retried until they go (tandem/core/deliveries.py)."""

import functools

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from tandem.conferences.tasks import EMAIL, TEXT, TEXT_LIMIT, channels, render_plain
from tandem.core.deliveries import queue_email, queue_text, send_now
from tandem.core.mail import sign_in_link
from tandem.core.sms import send_text

from . import calendar


def _load(presentation_id, caregiver_id):
    from tandem.people.models import Caregiver

    from .models import Presentation

    presentation = Presentation.objects.select_related("student", "exhibition__school").get(
        pk=presentation_id
    )
    return presentation, Caregiver.objects.get(pk=caregiver_id)


def _text(template, language, context) -> str:
    with translation.override(language):
        body = " ".join(render_plain(f"exhibitions/sms/{template}.txt", context).split())
    return body if len(body) <= TEXT_LIMIT else body[: TEXT_LIMIT - 1] + "…"


def _deliver(
    presentation, caregiver, template: str, context: dict, *, method: str, queue: bool = False
) -> int:
    """The e-mail (with the calendar file) and the text on the caregiver's channels, in their
    language. `queue`: written as deliveries in the caller's transaction and sent after it
    commits (a cancellation, written before the presentation is deleted); else sent now."""
    how = channels(caregiver)
    language = caregiver.preferred_language
    context = context | {
        "presentation": presentation,
        "exhibition": presentation.exhibition,
        "caregiver": caregiver,
        "zone": presentation.exhibition.school.time_zone,
        "site_url": settings.SITE_URL,
    }
    sent = 0
    if EMAIL in how:
        path = reverse("exhibitions:student", args=[presentation.student_id])
        mail_context = context | {"link": sign_in_link(caregiver, path)}
        with translation.override(language):
            subject = " ".join(
                render_plain(f"exhibitions/email/{template}_subject.txt", mail_context).split()
            )
            body = render_plain(f"exhibitions/email/{template}.txt", mail_context)
            ics = calendar.invitation(presentation, method=method, attendees=[caregiver])
        send = queue_email if queue else functools.partial(send_now, "email")
        delivery = send(
            to=caregiver.email,
            subject=subject,
            body=body,
            purpose=f"exhibitions/email/{template}",
            context=mail_context | {"student": presentation.student},
            html=ics.decode(),
            alternative_type=f"text/calendar; method={method}",
            attachment=("exhibition.ics", ics, f"text/calendar; method={method}"),
        )
        sent += int(queue or delivery.state == delivery.State.SENT)
    if TEXT in how:
        body = _text(template, language, context)
        if queue:
            queue_text(to=caregiver.mobile_phone, body=body, purpose=f"exhibitions/sms/{template}")
            sent += 1
        else:
            sent += int(send_text(caregiver.mobile_phone, body).ok)
    return sent


def cancel_now(presentation) -> int:
    """The cancellation of a presentation about to be deleted, to every family invited: written
    now (it cannot be read back after), sent after the transaction commits."""
    from .selectors import invitees

    return sum(
        _deliver(
            presentation,
            caregiver,
            "invitation",
            {"cancelled": True, "changed": False},
            method="CANCEL",
            queue=True,
        )
        for caregiver in invitees(presentation)
    )


@task()
def send_invitation(*, presentation_id: int, caregiver_id: int, method: str) -> int:
    presentation, caregiver = _load(presentation_id, caregiver_id)
    context = {
        "cancelled": method == "CANCEL",
        "changed": method == "REQUEST" and presentation.sequence > 0,
    }
    return _deliver(presentation, caregiver, "invitation", context, method=method)


@task()
def send_reminder(*, presentation_id: int, caregiver_id: int, which: str) -> int:
    presentation, caregiver = _load(presentation_id, caregiver_id)
    return _deliver(presentation, caregiver, "reminder", {"which": which}, method="REQUEST")
