"""iCalendar (RFC 5545/5546) for conferences: invitations, updates and cancellations, and the
advisor's feed. The UID is the conference's and never changes; SEQUENCE rises with every
change, so calendar programs update the one event instead of adding another."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

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


def event_for(conference, *, attendees=(), cancelled=False) -> Event:
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
    where = conference.where
    event.add("location", vText(where))
    lines = [conference.get_mode_display(), where]
    lines.append(f"{settings.SITE_URL}/conferences/")
    event.add("description", "\n".join(lines))
    if conference.mode == "video" and conference.place.startswith("http"):
        event.add("url", conference.place)
    organizer = vCalAddress(f"mailto:{conference.advisor.email}")
    organizer.params["cn"] = vText(conference.advisor.full_name)
    event.add("organizer", organizer)
    for caregiver in attendees:
        attendee = vCalAddress(f"mailto:{caregiver.email}")
        attendee.params["cn"] = vText(caregiver.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def invitation(conference, *, method: str, attendees=()) -> bytes:
    """METHOD:REQUEST for a new or changed conference, METHOD:CANCEL for a cancelled one."""
    cal = _calendar(method)
    cal.add_component(event_for(conference, attendees=attendees, cancelled=method == "CANCEL"))
    return cal.to_ical()


def feed(conferences) -> bytes:
    """An advisor's subscribed calendar (no METHOD: a published feed, not a message)."""
    cal = _calendar(None)
    cal.add("x-wr-calname", _("Tandem conferences"))
    for conference in conferences:
        cal.add_component(event_for(conference, cancelled=conference.status == "cancelled"))
    return cal.to_ical()
