"""The due list with frozen time, around the 2-week first-contact rule, quarter boundaries and
check-ins, with IEP/504/EST families routed to the case manager."""

import datetime

import pytest

from tandem.outreach import services
from tandem.outreach.due import due_list
from tandem.schools.models import Term

from .conftest import moment

D = datetime.date
pytestmark = pytest.mark.django_db


def items(user, kind=None, student=None):
    found = due_list(user)
    return [
        (i.student.first_name, i.kind, i.status)
        for i in found.items
        if (kind is None or i.kind == kind) and (student is None or i.student == student)
    ]


def contact(cast, student, caregiver, outcome="reached", when=None, by=None):
    return services.contact_log(
        student=student,
        caregiver=caregiver,
        by=by or cast.other_advisor,
        method="call",
        initiated_by="school",
        outcome=outcome,
        contacted_at=when,
    )


def test_first_contact_is_due_for_two_weeks_then_overdue(harbor, travel):
    bob, olive = harbor.other_advisor, harbor.other_student
    travel(D(2026, 9, 15), hour=23)  # the last day, late in the evening at school
    assert items(bob, "first_contact") == [("Olive", "first_contact", "due")]
    travel(D(2026, 9, 16), hour=0)  # just after midnight in New York (04:00 UTC)
    assert items(bob, "first_contact") == [("Olive", "first_contact", "overdue")]
    contact(harbor, olive, harbor.other_caregiver, outcome="no_answer")
    assert items(bob, "first_contact") == [("Olive", "first_contact", "overdue")]
    contact(harbor, olive, harbor.other_caregiver, outcome="reached")
    assert items(bob, "first_contact") == []


def test_last_years_contact_does_not_count(harbor):
    contact(harbor, harbor.other_student, harbor.other_caregiver, when=moment(D(2026, 8, 31)))
    assert items(harbor.other_advisor, "first_contact") == [("Olive", "first_contact", "due")]


def test_iep_family_is_the_case_managers_first_contact(harbor, travel):
    alice, casey, sam = harbor.advisor, harbor.case_manager, harbor.student
    assert items(alice, "first_contact") == []
    assert items(casey, "first_contact") == [("Samuel", "first_contact", "due")]
    travel(D(2026, 9, 16))
    assert items(casey, "first_contact") == [("Samuel", "first_contact", "overdue")]
    contact(harbor, sam, harbor.caregiver, by=casey)
    assert items(casey, "first_contact") == []


def test_support_plan_without_a_case_manager_stays_with_the_advisor(harbor):
    harbor.student.case_manager = None
    harbor.student.save()
    assert items(harbor.advisor, "first_contact") == [("Samuel", "first_contact", "due")]
    assert items(harbor.case_manager, "first_contact") == []


def test_quarterly_meeting_due_then_overdue_across_the_boundary(harbor, travel):
    bob, olive = harbor.other_advisor, harbor.other_student
    # Quarter 1 runs 1 September – 14 November; Quarter 2 starts 15 November.
    travel(D(2026, 11, 14))
    assert items(bob, "meeting") == [("Olive", "meeting", "due")]
    travel(D(2026, 11, 15))
    assert items(bob, "meeting") == [("Olive", "meeting", "overdue")]  # Quarter 1 was missed
    services.meeting_log(student=olive, advisor=bob, held_on=D(2026, 11, 15), progress="On track")
    assert items(bob, "meeting") == []


def test_a_met_quarter_makes_the_next_one_due_not_overdue(harbor, travel):
    bob, olive = harbor.other_advisor, harbor.other_student
    travel(D(2026, 10, 1))
    services.meeting_log(student=olive, advisor=bob, held_on=D(2026, 10, 1), problems="Late work")
    assert items(bob, "meeting") == []
    travel(D(2026, 11, 15))
    assert items(bob, "meeting") == [("Olive", "meeting", "due")]


def test_checkins_due_after_the_schools_days(harbor, travel):
    bob, olive = harbor.other_advisor, harbor.other_student
    assert [i.student for i in due_list(bob).checkins] == [olive]
    services.checkin_log(student=olive, advisor=bob)
    assert due_list(bob).checkins == []
    travel(D(2026, 9, 14))
    assert due_list(bob).checkins == []
    travel(D(2026, 9, 15))
    (item,) = due_list(bob).checkins
    assert item.days_since == 14


def test_plan_step_and_review_conference(harbor, travel):
    from tandem.plans import services as plans

    bob, olive = harbor.other_advisor, harbor.other_student
    assert ("Olive", "plan", "due") in items(bob)
    fall = Term.objects.get(year=harbor.year, name="Fall")
    plans.plan_create(student=olive, term=fall, kind="term", by=bob)
    found = [i for i in due_list(bob).items if i.kind == "plan"]
    assert found and "Fall" in found[0].text
    # The Fall term ends without a conference window: nothing can be booked, nothing is asked.
    travel(fall.ends_on + datetime.timedelta(days=1))
    assert [i for i in due_list(bob).items if i.kind == "conference"] == []
    # With the school's default window, the review is due by the window's last day.
    from tandem.conferences.services import window_for_term

    window = window_for_term(term=fall)
    (conference,) = [i for i in due_list(bob).items if i.kind == "conference"]
    assert conference.status == "due"
    assert conference.due_on == window.ends_on == fall.ends_on + datetime.timedelta(days=14)
    travel(fall.ends_on + datetime.timedelta(days=15))
    (conference,) = [i for i in due_list(bob).items if i.kind == "conference"]
    assert conference.status == "overdue"


def test_other_advisors_students_are_not_on_my_list(harbor):
    assert {i.student for i in due_list(harbor.advisor).items} == {harbor.student}


def test_due_page_and_home_panel(client, harbor):
    client.force_login(harbor.other_advisor)
    html = client.get("/advisor/due/").content.decode()
    assert "Olive Chen" in html and "Reach the family (first contact)" in html
    panel = client.get("/advisor/due/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in panel and "Olive Chen" in panel
    home = client.get("/advisor/").content.decode()
    assert 'hx-get="/advisor/due/"' in home


def test_before_the_year_starts_nothing_is_overdue(harbor, travel):
    travel(D(2026, 8, 25))
    found = due_list(harbor.other_advisor)
    assert [(i.kind, i.status) for i in found.items if i.kind != "plan"] == [
        ("first_contact", "due")
    ]
