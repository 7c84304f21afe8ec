"""Conference mail and texts, after commit: invitations with the .ics, reminders, nudges."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from tandem.core.sms import send_text

from . import calendar


def _render(template, language, context):
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return subject, body


@task()
def send_invitation(*, conference_id: int, caregiver_id: int, method: str) -> int:
    """The invitation (or its update or cancellation) in the caregiver's language, with the
    calendar file attached and inline (text/calendar; method=…), as RFC 6047 asks."""
    from tandem.people.models import Caregiver

    from .models import Conference

    conference = Conference.objects.select_related(
        "student", "advisor", "window__term__year__school"
    ).get(pk=conference_id)
    caregiver = Caregiver.objects.get(pk=caregiver_id)
    if not caregiver.email:
        return 0
    language = caregiver.preferred_language
    context = {
        "conference": conference,
        "caregiver": caregiver,
        "cancelled": method == "CANCEL",
        "changed": method == "REQUEST" and conference.sequence > 0,
        "zone": conference.window.school.time_zone,
        "site_url": settings.SITE_URL,
    }
    with translation.override(language):
        ics = calendar.invitation(conference, method=method, attendees=[caregiver])
    subject, body = _render("conferences/email/invitation", language, context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[caregiver.email])
    message.attach_alternative(ics.decode(), f"text/calendar; method={method}")
    message.attach("conference.ics", ics, f"text/calendar; method={method}")
    return message.send()


@task()
def send_reminder(*, conference_id: int, caregiver_id: int, which: str) -> int:
    from tandem.people.models import Caregiver

    from .models import Conference

    conference = Conference.objects.select_related(
        "student", "advisor", "window__term__year__school"
    ).get(pk=conference_id)
    caregiver = Caregiver.objects.get(pk=caregiver_id)
    context = {
        "conference": conference,
        "caregiver": caregiver,
        "which": which,
        "zone": conference.window.school.time_zone,
        "site_url": settings.SITE_URL,
    }
    subject, body = _render("conferences/email/reminder", caregiver.preferred_language, context)
    sent = 0
    if caregiver.email and caregiver.contact_by_email:
        sent += EmailMultiAlternatives(subject=subject, body=body, to=[caregiver.email]).send()
    if caregiver.mobile_phone and caregiver.contact_by_text:
        sent += int(send_text(caregiver.mobile_phone, subject).ok)
    return sent


@task()
def send_nudge(*, window_id: int, caregiver_id: int) -> int:
    from tandem.people.models import Caregiver

    from .models import ConferenceWindow

    window = ConferenceWindow.objects.select_related("term__year__school").get(pk=window_id)
    caregiver = Caregiver.objects.get(pk=caregiver_id)
    context = {"window": window, "caregiver": caregiver, "site_url": settings.SITE_URL}
    subject, body = _render("conferences/email/nudge", caregiver.preferred_language, context)
    sent = 0
    if caregiver.email:
        sent += EmailMultiAlternatives(subject=subject, body=body, to=[caregiver.email]).send()
    if caregiver.mobile_phone and caregiver.contact_by_text:
        sent += int(send_text(caregiver.mobile_phone, subject).ok)
    return sent
