"""Credits in plain words: `{{ 1.50|amount }}` is "1.5", `{{ 1|credits }}` is "1 credit",
`{{ 0.5|credits }}` is "0.5 credits", in the reader's language (and number format)."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def amount(value) -> str:
    """As few decimals as the number needs (at most two): 3, 2.5, 0.25."""
    number = Decimal(value or 0).normalize()
    places = min(2, max(0, -number.as_tuple().exponent))
    return floatformat(number, places)


@register.filter
def credits(value) -> str:
    number = Decimal(value or 0)
    whole = number == number.to_integral_value()
    count = int(number) if whole else 2  # 0.5 reads as a plural in English and Spanish
    return ngettext("%(amount)s credit", "%(amount)s credits", count) % {"amount": amount(number)}
