"""Conference mail and texts, after commit: invitations with the .ics, reminders, nudges, and
the offer of new times after a no-show.

Each caregiver hears the way they chose (`channels`, the same rule as tandem.outreach): by
e-mail when they take e-mail, by text when they take texts and have a mobile number, by
whichever they have when they chose neither. A text is short (at most `TEXT_LIMIT`
characters), in the caregiver's language, with the time, the place or mode and a link.
"""

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from tandem.core.deliveries import send_now
from tandem.core.mail import sign_in_link
from tandem.core.sms import send_text

from . import calendar
from .places import place_for

EMAIL, TEXT = "email", "text"
TEXT_LIMIT = 320


def channels(caregiver) -> set[str]:
    """How this caregiver hears from the school: tandem.outreach's one rule."""
    from tandem.outreach.messaging import channels as reached_on

    return {channel for channel, _address in reached_on(caregiver)}


def _where(context) -> str:
    """The meeting place as the caregiver reading this message sees it (places.place_for: their
    own household's number or address, never another's), in the active language."""
    conference = context.get("conference")
    if conference is None:
        return ""
    return place_for(conference, caregiver=context.get("caregiver")).text


def render_plain(name, context) -> str:
    """A plain-text template (an e-mail, a text message) rendered without HTML escaping: an
    apostrophe in a name or a place ("At the student's home") stays an apostrophe."""
    return get_template(name).template.render(Context(context, autoescape=False))


def _render(template, language, context):
    with translation.override(language):
        context = context | {"where": _where(context)}
        subject = " ".join(render_plain(f"{template}_subject.txt", context).split())
        body = render_plain(f"{template}.txt", context)
    return subject, body


def _places(where: str) -> list[str]:
    """The place to try in a text, longest first. A link goes whole or not at all (cut short
    it is useless: the page behind the text's own link has it); an address is shortened."""
    if where.startswith("http"):
        return [where, ""]
    return [where] + [where[: n - 1] + "…" for n in (90, 40) if len(where) > n] + [""]


def short_text(template, language, context) -> str:
    """A text message from `conferences/sms/<template>.txt`, on one paragraph, at most
    TEXT_LIMIT characters: a long place (a video link, an address) gives way first."""
    with translation.override(language):
        for place in _places(_where(context)):
            body = render_plain(f"conferences/sms/{template}.txt", context | {"where": place})
            body = " ".join(body.split())
            if len(body) <= TEXT_LIMIT:
                return body
    return body[: TEXT_LIMIT - 1] + "…"


def _send(caregiver, subject, body, template, context, **calendar_file) -> int:
    """One e-mail as a delivery (tandem/core/deliveries.py): first attempt now, retried if the
    relay says "later"; 1 if it went now."""
    delivery = send_now(
        "email",
        to=caregiver.email,
        subject=subject,
        body=body,
        purpose=f"conferences/email/{template}",
        context=context,
        **calendar_file,
    )
    return int(delivery.state == delivery.State.SENT)


def _deliver(caregiver, template: str, context: dict, *, path: str, cancel=None) -> int:
    """`conferences/email/<template>` by e-mail and `conferences/sms/<template>` by text, on
    the caregiver's channels, in their language; the number of messages that went out. The
    e-mail's `link` leads to `path` and signs the family in (core.mail.sign_in_link); a text
    carries the plain address. With `cancel` (a conference), the e-mail carries its
    METHOD:CANCEL calendar file."""
    how = channels(caregiver)
    language = caregiver.preferred_language
    sent = 0
    if EMAIL in how:
        mail_context = context | {"link": sign_in_link(caregiver, path)}
        subject, body = _render(f"conferences/email/{template}", language, mail_context)
        calendar_file = {}
        if cancel is not None:
            with translation.override(language):
                ics = calendar.invitation(cancel, method="CANCEL", attendees=[caregiver])
            calendar_file = {
                "html": ics.decode(),
                "alternative_type": "text/calendar; method=CANCEL",
                "attachment": ("conference.ics", ics, "text/calendar; method=CANCEL"),
            }
        sent += _send(caregiver, subject, body, template, mail_context, **calendar_file)
    if TEXT in how:
        sent += int(send_text(caregiver.mobile_phone, short_text(template, language, context)).ok)
    return sent


def _load(conference_id, caregiver_id):
    from tandem.people.models import Caregiver

    from .models import Conference

    conference = Conference.objects.select_related(
        "student", "advisor", "window__term__year__school"
    ).get(pk=conference_id)
    return conference, Caregiver.objects.get(pk=caregiver_id)


@task()
def send_invitation(
    *, conference_id: int, caregiver_id: int, method: str, new_advisor: bool = False
) -> int:
    """The invitation (or its update or cancellation) in the caregiver's language: by e-mail
    with the calendar file attached and inline (text/calendar; method=…), as RFC 6047 asks;
    by text as a short message with the link. `new_advisor`: the update is the conference
    following the student's advisory to a new advisor (conferences.follow), same time."""
    conference, caregiver = _load(conference_id, caregiver_id)
    how = channels(caregiver)
    language = caregiver.preferred_language
    context = {
        "conference": conference,
        "caregiver": caregiver,
        "cancelled": method == "CANCEL",
        "changed": method == "REQUEST" and conference.sequence > 0,
        "new_advisor": new_advisor,
        "zone": conference.window.school.time_zone,
        "site_url": settings.SITE_URL,
    }
    sent = 0
    if EMAIL in how:
        with translation.override(language):
            ics = calendar.invitation(conference, method=method, attendees=[caregiver])
        mail_context = context | {
            "link": sign_in_link(caregiver, reverse("conferences:family")),
        }
        subject, body = _render("conferences/email/invitation", language, mail_context)
        sent += _send(
            caregiver,
            subject,
            body,
            "invitation",
            mail_context,
            html=ics.decode(),
            alternative_type=f"text/calendar; method={method}",
            attachment=("conference.ics", ics, f"text/calendar; method={method}"),
        )
    if TEXT in how:
        text = short_text("invitation", language, context)
        sent += int(send_text(caregiver.mobile_phone, text).ok)
    return sent


@task()
def send_reminder(*, conference_id: int, caregiver_id: int, which: str) -> int:
    conference, caregiver = _load(conference_id, caregiver_id)
    context = {
        "conference": conference,
        "caregiver": caregiver,
        "which": which,
        "zone": conference.window.school.time_zone,
        "site_url": settings.SITE_URL,
    }
    path = reverse("plans:student_plans", args=[conference.student_id])
    return _deliver(caregiver, "reminder", context, path=path)


@task()
def send_nudge(*, window_id: int, caregiver_id: int) -> int:
    from tandem.people.models import Caregiver

    from .models import ConferenceWindow

    window = ConferenceWindow.objects.select_related("term__year__school").get(pk=window_id)
    caregiver = Caregiver.objects.get(pk=caregiver_id)
    context = {
        "window": window,
        "caregiver": caregiver,
        "site_url": settings.SITE_URL,
        "zone": window.school.time_zone,
    }
    return _deliver(caregiver, "nudge", context, path=reverse("conferences:book", args=[window.pk]))


@task()
def send_rebook(*, conference_id: int, caregiver_id: int, moved: bool = False) -> int:
    """After a no-show: the family may book a new time, here is the link. With `moved`: the
    student's advisor changed and the new advisor is not free then, so the conference is
    cancelled (the calendar file says so) and the family chooses a new time."""
    conference, caregiver = _load(conference_id, caregiver_id)
    context = {
        "conference": conference,
        "caregiver": caregiver,
        "zone": conference.window.school.time_zone,
        "book_url": settings.SITE_URL + reverse("conferences:book", args=[conference.window_id]),
    }
    path = reverse("conferences:book", args=[conference.window_id])
    if moved:
        return _deliver(caregiver, "moved", context, path=path, cancel=conference)
    return _deliver(caregiver, "rebook", context, path=path)
