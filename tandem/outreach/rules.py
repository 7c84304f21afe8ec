"""The advisor's own routines as plain functions (no queries): who makes a family's first
contact, and when a check-in is due. Every date of the cycle (first contact, quarters, terms,
windows; due vs overdue) is the calendar's: tandem.schools.calendar."""

import datetime

from tandem.schools.calendar import DONE, DUE, HELD, OVERDUE, UPCOMING

__all__ = ["DONE", "DUE", "HELD", "OVERDUE", "UPCOMING", "checkin_due", "routed_to_case_manager"]


def routed_to_case_manager(student) -> bool:
    """IEP, 504 and EST families are first contacted by their case manager (the district's
    procedure), when the student has one; otherwise the advisor keeps it."""
    return student.has_support_plan and student.case_manager_id is not None


def checkin_due(
    *, last: datetime.date | None, today: datetime.date, days: int
) -> tuple[bool, int | None]:
    """(due, days since the last check-in or meeting); due once `days` have passed."""
    if last is None:
        return True, None
    since = (today - last).days
    return since >= days, since
