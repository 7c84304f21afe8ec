"""The exhibition's rules, each in one place: when a panel's pages are open, the slots of a day,
and what a panel's scores come to (the median, the spread, the competency rating it means).
Pages, the PDF, the finalisation and the e-mails ask these; none computes them again."""

from __future__ import annotations

import datetime
from decimal import Decimal
from statistics import median as _median

from tandem.schools import calendar

# A community panelist's link opens their pages from the day before the exhibition to the day
# after (issue 17): time to read the presenter's pieces, and to finish scoring.
DAYS_AROUND = 1


def panel_open(exhibition, on: datetime.date | None = None) -> bool:
    """Whether a rater may open this exhibition's panel pages on the day (today at the school)."""
    on = on or calendar.today(exhibition.school)
    around = datetime.timedelta(days=DAYS_AROUND)
    return exhibition.starts_on - around <= on <= exhibition.ends_on + around


def slots(exhibition) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Every slot of every day of the exhibition, in the school's time zone, as aware times."""
    zone = exhibition.school.zone
    length = datetime.timedelta(minutes=exhibition.slot_minutes)
    found = []
    day = exhibition.starts_on
    while day <= exhibition.ends_on:
        start = datetime.datetime.combine(day, exhibition.day_starts_at, tzinfo=zone)
        end_of_day = datetime.datetime.combine(day, exhibition.day_ends_at, tzinfo=zone)
        while start + length <= end_of_day:
            found.append((start, start + length))
            start += length
        day += datetime.timedelta(days=1)
    return found


def median(values: list[int]) -> Decimal | None:
    """The median of the raters' points (a half when the count is even); None without scores."""
    if not values:
        return None
    return Decimal(str(_median(values)))


def spread(values: list[int]) -> int | None:
    """How far the raters are apart: the highest points less the lowest."""
    if not values:
        return None
    return max(values) - min(values)


def level_for(levels, value: Decimal | None):
    """The rubric level a median reaches: the highest whose points it meets (a median of 2.5
    reaches level 2, not 3; below the first level, the first)."""
    ordered = sorted(levels, key=lambda level: level.value)
    if value is None or not ordered:
        return None
    reached = [level for level in ordered if level.value <= value]
    return reached[-1] if reached else ordered[0]


def presenter_name(student) -> str:
    """How a panel names the presenter: the name they go by and their last name's initial. A
    panel needs no more of the record (a community panelist has no access to it at all)."""
    first = student.preferred_name or student.first_name
    initial = student.last_name[:1]
    return f"{first} {initial}." if initial else first
