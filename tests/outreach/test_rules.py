"""The outreach rules as plain functions, at their boundaries (the dates of the cycle are
tested with the calendar: tests/schools/test_calendar.py)."""

import datetime

from tandem.outreach import rules

D = datetime.date


def test_checkin_due_after_the_schools_days():
    assert rules.checkin_due(last=None, today=D(2026, 9, 2), days=14) == (True, None)
    assert rules.checkin_due(last=D(2026, 9, 1), today=D(2026, 9, 14), days=14) == (False, 13)
    assert rules.checkin_due(last=D(2026, 9, 1), today=D(2026, 9, 15), days=14) == (True, 14)


class Student:
    def __init__(self, support, case_manager_id):
        self.has_support_plan = support
        self.case_manager_id = case_manager_id


def test_support_plan_families_go_to_the_case_manager_when_there_is_one():
    assert rules.routed_to_case_manager(Student(True, 7))
    assert not rules.routed_to_case_manager(Student(True, None))
    assert not rules.routed_to_case_manager(Student(False, 7))
