"""What a page offers for marking a conference asks the calendar (schools.calendar), as the
services do: `{% load conference_marks %}{% if c|may_be_marked %}…`."""

from django import template

from tandem.schools import calendar

register = template.Library()


@register.filter
def may_be_marked(conference) -> bool:
    """Held / no-show may be recorded, and the meeting finished: the conference has started."""
    return calendar.conference_may_be_marked(conference)
