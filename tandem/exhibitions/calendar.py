"""The calendar file of a presentation's invitation (RFC 5545/5546), as a conference's
(tandem.conferences.calendar): the UID is the presentation's and never changes; SEQUENCE rises
when the slot moves, so calendar programs update the one event."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Tandem//Exhibitions//EN"


def uid(presentation) -> str:
    return f"exhibition-{presentation.uid}@tandem"


def invitation(presentation, *, method: str, attendees=()) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", uid(presentation))
    event.add("sequence", presentation.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", presentation.starts_at)
    event.add("dtend", presentation.ends_at)
    event.add(
        "summary",
        _("Exhibition of learning: %(name)s") % {"name": presentation.student.display_name},
    )
    event.add("location", vText(presentation.room))
    path = reverse("exhibitions:student", args=[presentation.student_id])
    event.add("description", f"{presentation.exhibition.name}\n{settings.SITE_URL}{path}")
    for caregiver in (c for c in attendees if c.email):
        attendee = vCalAddress(f"mailto:{caregiver.email}")
        attendee.params["cn"] = vText(caregiver.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    cal.add_component(event)
    return cal.to_ical()
