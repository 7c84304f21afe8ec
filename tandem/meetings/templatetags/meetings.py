from django import template

from tandem.meetings.selectors import yearly_progress

register = template.Library()


@register.inclusion_tag("meetings/_yearly_line.html")
def yearly_meetings(student):
    """Held family review meetings this school year against the school's minimum."""
    return {"progress": yearly_progress(student)}
