"""The outreach rules as plain functions of dates and counts (no queries), so the boundaries
can be tested exactly: first contact within the school's days, a meeting each quarter, a
check-in every few days."""

import datetime
from dataclasses import dataclass

DONE = "done"
HELD = "held"
DUE = "due"
OVERDUE = "overdue"
UPCOMING = "upcoming"


def first_contact_due_on(year_starts_on: datetime.date, days: int) -> datetime.date:
    """The last day to reach every family: the school's days counted from the first day."""
    return year_starts_on + datetime.timedelta(days=days)


def first_contact_status(*, reached: bool, due_on: datetime.date, today: datetime.date) -> str:
    if reached:
        return DONE
    return OVERDUE if today > due_on else DUE


def routed_to_case_manager(student) -> bool:
    """IEP, 504 and EST families are first contacted by their case manager (the district's
    procedure), when the student has one; otherwise the advisor keeps it."""
    return student.has_support_plan and student.case_manager_id is not None


@dataclass(frozen=True)
class QuarterWindow:
    number: int
    starts_on: datetime.date
    ends_on: datetime.date


def quarter_status(
    *,
    today: datetime.date,
    quarter: QuarterWindow,
    held: int,
    needed: int,
    previous_held: int | None,
    previous_needed: int = 1,
) -> str:
    """held / due / overdue for the quarter that started most recently. Overdue: the quarter has
    ended without its meetings, or it is running and the previous quarter was missed too."""
    if today < quarter.starts_on:
        return UPCOMING
    if held >= needed:
        return HELD
    if today > quarter.ends_on:
        return OVERDUE
    if previous_held is not None and previous_held < previous_needed:
        return OVERDUE
    return DUE


def past_quarter_status(*, today: datetime.date, quarter: QuarterWindow, held: int, needed: int):
    """The status of any quarter, for a student's history."""
    if held >= needed:
        return HELD
    if today < quarter.starts_on:
        return UPCOMING
    return OVERDUE if today > quarter.ends_on else DUE


def checkin_due(
    *, last: datetime.date | None, today: datetime.date, days: int
) -> tuple[bool, int | None]:
    """(due, days since the last check-in or meeting); due once `days` have passed."""
    if last is None:
        return True, None
    since = (today - last).days
    return since >= days, since


def conference_window(term_ends_on: datetime.date, window_days: int):
    """The family review conference is held within the school's days after the term ends."""
    return term_ends_on, term_ends_on + datetime.timedelta(days=window_days)


def current_quarter(quarters: list, today: datetime.date):
    """(the quarter that started most recently, the one before it) from a year's quarters."""
    started = [q for q in sorted(quarters, key=lambda q: q.starts_on) if q.starts_on <= today]
    if not started:
        return None, None
    return started[-1], (started[-2] if len(started) > 1 else None)
