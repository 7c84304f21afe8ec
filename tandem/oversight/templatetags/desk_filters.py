"""The desk's filter form (oversight/_filters.html): `{% load desk_filters %}`.

{% filter_options advisors filters.advisor %}   <option value="12" selected>Ana Ruiz</option>…

A select's options built in Python rather than by a template loop: the advisor select lists
every advisor of the school (200 at a large one) on the desk, its lists and participation, and
the template engine paid a loop, two variables and a comparison for each.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def filter_options(choices, selected):
    """An <option> per choice — a (value, label) pair, or a value that is its own label — the
    one equal to `selected` marked selected; values and labels escaped."""
    parts = []
    for choice in choices:
        value, label = choice if isinstance(choice, tuple | list) else (choice, choice)
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped
