"""iCalendar (RFC 5545/5546) for conferences: invitations, updates and cancellations, and the
advisor's feed. The UID is the conference's and never changes; SEQUENCE rises with every
change, so calendar programs update the one event instead of adding another."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .places import place_for, places_for

PRODID = "-//Tandem//Family conferences//EN"


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    return cal


def uid(conference) -> str:
    return f"conference-{conference.uid}@tandem"


def event_for(conference, *, place, attendees=(), cancelled=False) -> Event:
    """The event as one reader sees it: `place` is theirs (places.place_for)."""
    event = Event()
    event.add("uid", uid(conference))
    event.add("sequence", conference.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", conference.starts_at)
    event.add("dtend", conference.ends_at)
    event.add(
        "summary",
        _("Learning plan conference: %(name)s") % {"name": conference.student.display_name},
    )
    event.add("location", vText(place.text))
    lines = [conference.get_mode_display(), place.text]
    lines.append(f"{settings.SITE_URL}/conferences/")
    event.add("description", "\n".join(lines))
    if place.link:
        event.add("url", place.link)
    organizer = vCalAddress(f"mailto:{conference.advisor.email}")
    organizer.params["cn"] = vText(conference.advisor.full_name)
    event.add("organizer", organizer)
    for caregiver in (c for c in attendees if c.email):
        attendee = vCalAddress(f"mailto:{caregiver.email}")
        attendee.params["cn"] = vText(caregiver.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def invitation(conference, *, method: str, attendees=()) -> bytes:
    """METHOD:REQUEST for a new or changed conference, METHOD:CANCEL for a cancelled one. Each
    caregiver gets their own: with one attendee the place is the one their household sees
    (places.place_for); otherwise only what every invitee may read."""
    cal = _calendar(method)
    reader = attendees[0] if len(attendees) == 1 else None
    cal.add_component(
        event_for(
            conference,
            place=place_for(conference, caregiver=reader),
            attendees=attendees,
            cancelled=method == "CANCEL",
        )
    )
    return cal.to_ical()


def feed(conferences) -> bytes:
    """An advisor's subscribed calendar (no METHOD: a published feed, not a message), with the
    staff's view of each place: who is called at which number, the home visit's address."""
    cal = _calendar(None)
    cal.add("x-wr-calname", _("Tandem conferences"))
    conferences = list(conferences)
    for conference, place in zip(conferences, places_for(conferences, staff=True), strict=True):
        cal.add_component(
            event_for(conference, place=place, cancelled=conference.status == "cancelled")
        )
    return cal.to_ical()
