"""The display helpers of `tandem.core.dates` as template filters: `{% load clock %}`.

{{ conference.starts_at|local_weekday_datetime }}  Friday, March 12, 2027, 1:30 p.m.
{{ approval.approved_at|local_datetime }}          March 12, 2027, 1:30 p.m.
{{ term.ends_on|local_date }}                      March 12, 2027
{{ day|local_weekday }}  {{ day|local_month_day }}  {{ day|local_weekday_month_day }}
{{ start|local_time }}  {{ start|local_time_range:end }}
{% blocktranslate with when=x|local_datetime|end_sentence %}… at {{ when }}.{% endblock… %}
"""

from django import template

from tandem.core import dates

register = template.Library()

register.filter("local_date", dates.format_date)
register.filter("local_weekday", dates.format_weekday)
register.filter("local_month_day", dates.format_month_day)
register.filter("local_weekday_month_day", dates.format_weekday_month_day)
register.filter("local_time", dates.format_time)
register.filter("local_datetime", dates.format_datetime)
register.filter("local_weekday_datetime", dates.format_weekday_datetime)
register.filter("end_sentence", dates.end_sentence)


@register.filter
def local_time_range(start, end):
    return dates.format_time_range(start, end)
