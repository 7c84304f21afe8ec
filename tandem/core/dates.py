"""Every date and time a person sees, in one place: the school's clock, the reader's language.

Stored values are UTC. Shown values are converted to the school's time zone first and written
with the reader's language's formats (`tandem/core/formats/<language>/formats.py`, on top of
Django's): "Friday, March 12, 2027, 1:30 p.m." / "viernes, 12 de marzo de 2027, 13:30". Nothing
shown to a person is an ISO date or a UTC time.

Which zone: on a page, the zone `SchoolTimeZoneMiddleware` activated for the signed-in person's
school; outside a request (PDFs, e-mails, texts, CSVs, .ics text, import reports) the caller
wraps the rendering in `school_clock(school)`, or passes `zone=` to these functions. Templates
use the same functions as filters (`{% load clock %}`: `local_date`, `local_weekday`,
`local_time`, `local_datetime`, …).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.utils import dateformat, formats, timezone, translation


def _pattern(name: str) -> str:
    """The active language's format called `name`, from Tandem's format file or Django's."""
    for module in formats.get_format_modules(translation.get_language()):
        pattern = getattr(module, name, None)
        if pattern:
            return pattern
    return formats.get_format(name)


def local(value, zone=None):
    """An aware datetime in the school's zone (`zone`, else the active one); dates, naive
    times and None are returned as they are (they are already the school's)."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, zone or timezone.get_current_timezone())
    return value


def _format(value, name: str, zone=None) -> str:
    if value is None or value == "":
        return ""
    value = local(value, zone)
    if isinstance(value, dt.time):
        return dateformat.time_format(value, _pattern(name))
    return dateformat.format(value, _pattern(name))


def format_date(value, zone=None) -> str:
    """March 12, 2027 · 12 de marzo de 2027"""
    return _format(value, "DATE_FORMAT", zone)


def format_weekday(value, zone=None) -> str:
    """Friday, March 12, 2027 · viernes, 12 de marzo de 2027"""
    return _format(value, "WEEKDAY_DATE_FORMAT", zone)


def format_month_day(value, zone=None) -> str:
    """March 12 · 12 de marzo (a day inside a term or window, where the year is plain)."""
    return _format(value, "MONTH_DAY_FORMAT", zone)


def format_weekday_month_day(value, zone=None) -> str:
    """Friday, March 12 · viernes, 12 de marzo"""
    return _format(value, "WEEKDAY_MONTH_DAY_FORMAT", zone)


def format_time(value, zone=None) -> str:
    """1:30 p.m. · 13:30 (a datetime is converted first; a `time` is already the school's)."""
    return _format(value, "TIME_FORMAT", zone)


def format_datetime(value, zone=None) -> str:
    """March 12, 2027, 1:30 p.m. · 12 de marzo de 2027, 13:30"""
    return _format(value, "DATETIME_FORMAT", zone)


def format_weekday_datetime(value, zone=None) -> str:
    """Friday, March 12, 2027, 1:30 p.m. · viernes, 12 de marzo de 2027, 13:30"""
    return _format(value, "WEEKDAY_DATETIME_FORMAT", zone)


def format_time_range(start, end, zone=None) -> str:
    """1:30 p.m.–2:00 p.m. · 13:30–14:00"""
    return f"{format_time(start, zone)}–{format_time(end, zone)}"


def end_sentence(text: str) -> str:
    """A value that ends a sentence whose full stop the translation supplies: "2:46 p.m." loses
    its own final period, so the sentence does not read "p.m..". Spanish "14:46" is unchanged."""
    text = str(text)
    return text[:-1] if text.endswith(".") else text


def local_today(zone=None) -> dt.date:
    """Today on the school's clock."""
    return timezone.localtime(timezone=zone or timezone.get_current_timezone()).date()


def school_zone_for(user):
    """The time zone of the school the signed-in person belongs to (staff: their school; a
    caregiver: their children's school; a student: their own), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    from .policy import memberships

    name = memberships(user).time_zone
    return _zone(name) if name else None


def _zone(name: str):
    import zoneinfo

    return zoneinfo.ZoneInfo(name)


@contextmanager
def school_clock(school, language: str | None = None):
    """Render for `school` outside a page (or for another school's reader): its time zone, and
    the reader's language when given."""
    zone = school.zone if hasattr(school, "zone") else school
    with timezone.override(zone):
        if language:
            with translation.override(language):
                yield
        else:
            yield
