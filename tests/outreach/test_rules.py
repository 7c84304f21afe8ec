"""The outreach rules as plain functions, at their boundaries."""

import datetime

from tandem.outreach import rules

D = datetime.date
Q1 = rules.QuarterWindow(1, D(2026, 9, 1), D(2026, 11, 14))
Q2 = rules.QuarterWindow(2, D(2026, 11, 15), D(2027, 1, 28))


def test_first_contact_is_due_through_the_last_day_then_overdue():
    due_on = rules.first_contact_due_on(D(2026, 9, 1), 14)
    assert due_on == D(2026, 9, 15)
    assert rules.first_contact_status(reached=False, due_on=due_on, today=D(2026, 9, 15)) == "due"
    assert rules.first_contact_status(reached=False, due_on=due_on, today=D(2026, 9, 16)) == (
        "overdue"
    )
    assert rules.first_contact_status(reached=True, due_on=due_on, today=D(2026, 9, 16)) == "done"


def test_quarter_status_boundaries():
    def status(today, held, previous_held=None):
        return rules.quarter_status(
            today=today, quarter=Q2, held=held, needed=1, previous_held=previous_held
        )

    assert status(D(2026, 11, 15), 0, previous_held=1) == "due"
    assert status(D(2026, 11, 15), 0, previous_held=0) == "overdue"  # Q1 was missed
    assert status(D(2026, 11, 15), 1, previous_held=0) == "held"
    assert status(D(2027, 1, 28), 0, previous_held=1) == "due"
    assert status(D(2027, 1, 29), 0, previous_held=1) == "overdue"  # a break after Q2
    assert status(D(2026, 11, 14), 0) == "upcoming"


def test_checkin_due_after_the_schools_days():
    assert rules.checkin_due(last=None, today=D(2026, 9, 2), days=14) == (True, None)
    assert rules.checkin_due(last=D(2026, 9, 1), today=D(2026, 9, 14), days=14) == (False, 13)
    assert rules.checkin_due(last=D(2026, 9, 1), today=D(2026, 9, 15), days=14) == (True, 14)


def test_current_quarter_picks_the_latest_started():
    assert rules.current_quarter([Q2, Q1], D(2026, 8, 31)) == (None, None)
    assert rules.current_quarter([Q2, Q1], D(2026, 9, 1)) == (Q1, None)
    assert rules.current_quarter([Q2, Q1], D(2026, 11, 15)) == (Q2, Q1)


class Student:
    def __init__(self, support, case_manager_id):
        self.has_support_plan = support
        self.case_manager_id = case_manager_id


def test_support_plan_families_go_to_the_case_manager_when_there_is_one():
    assert rules.routed_to_case_manager(Student(True, 7))
    assert not rules.routed_to_case_manager(Student(True, None))
    assert not rules.routed_to_case_manager(Student(False, 7))
