"""The cycle's dates on the pages, all from the calendar (tandem.schools.calendar): which plan a
conference presents (the due list and the share warning ask the same function as the meeting
page), no review asked without a window, the coordinator told of terms without one, students
who enrol mid-year, and every count agreeing with its list and with the advisor's due list."""

import datetime
import re

import pytest
from django.urls import reverse

from tandem.advisories.models import Advisory
from tandem.conferences.models import Conference, Status
from tandem.conferences.services import window_for_term
from tandem.outreach import selectors, services
from tandem.outreach.due import due_list
from tandem.outreach.selectors import school_routines, student_outreach
from tandem.people.models import Guardianship
from tandem.plans import services as plans
from tandem.plans.models import Plan
from tandem.schools import calendar
from tandem.schools.models import Quarter, Term
from tests.personas import make_student

from .conftest import moment

D = datetime.date
pytestmark = pytest.mark.django_db

# Harbor High (tests/outreach/conftest.py): the year starts Tuesday 1 September 2026; Fall runs
# to Wednesday 9 December, Winter from 10 December; quarters of 75 days (Q2 from 15 November,
# Q3 from 29 January).


def page(client, user, url) -> str:
    """The page as `user` sees it now (signed in afresh: sessions expire as the clock moves)."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def conference_items(user):
    return [
        (i.student.first_name, i.text, i.status)
        for i in due_list(user).items
        if i.kind == "conference"
    ]


def book(window, student, advisor, when, status=Status.BOOKED):
    return Conference.objects.create(
        window=window,
        student=student,
        advisor=advisor,
        starts_at=when,
        ends_at=when + datetime.timedelta(minutes=30),
        status=status,
    )


def approve(plan):
    Plan.objects.filter(pk=plan.pk).update(state="approved")


def test_the_fall_review_clears_once_held_or_once_the_winter_plan_is_approved(harbor, travel):
    """The demo's Dec 5: every advisee showed "Fall: hold the family review conference", even
    those whose conference was held and whose Winter plan was approved."""
    alice, bob, sam, olive = (
        harbor.advisor,
        harbor.other_advisor,
        harbor.student,
        harbor.other_student,
    )
    fall = Term.objects.get(year=harbor.year, name="Fall")
    winter = Term.objects.get(year=harbor.year, name="Winter")
    window = window_for_term(term=fall)
    travel(D(2026, 12, 5))
    assert conference_items(bob) == [("Olive", "Fall: hold the family review conference", "due")]
    # Olive's Fall plan approved is not enough: the Fall conference presents the Winter plan.
    approve(plans.plan_create(student=olive, term=fall, kind="term", by=bob))
    winter_plan = plans.plan_create(student=olive, term=winter, kind="term", by=bob)
    assert len(conference_items(bob)) == 1
    approve(winter_plan)
    assert conference_items(bob) == []
    # Sam's conference was held yesterday: nothing left to hold, whatever his plans say.
    travel(D(2026, 12, 11))
    assert len(conference_items(alice)) == 1
    book(window, sam, alice, moment(D(2026, 12, 10), 15), status=Status.HELD)
    assert conference_items(alice) == []
    # The meeting page presents the same plan the due list looked at.
    assert calendar.presented_plan(olive, fall).pk == winter_plan.pk


def test_no_window_nothing_due_and_the_coordinator_is_told(client, harbor, travel):
    bob = harbor.other_advisor
    fall = Term.objects.get(year=harbor.year, name="Fall")
    cora = harbor.coordinator
    travel(D(2026, 11, 20))  # Fall ends in 19 days: no notice yet
    assert "missing-windows" not in page(client, cora, reverse("advisories:coordinator"))
    travel(D(2026, 11, 26))  # within two weeks of its end
    assert conference_items(bob) == []
    link = reverse("conferences:window", args=[fall.pk])
    for url in (reverse("advisories:coordinator"), reverse("conferences:terms")):
        html = page(client, cora, url)
        assert "Fall ends on" in html and "has no conference window yet" in html
        assert f'href="{link}"' in html
    travel(D(2026, 12, 14))  # ended, still none
    assert conference_items(bob) == []
    html = page(client, cora, reverse("conferences:terms"))
    assert "Fall ended on" in html and "families cannot book its review" in html
    window_for_term(term=fall)
    assert "missing-windows" not in page(client, cora, reverse("conferences:terms"))
    assert conference_items(bob) == [("Olive", "Fall: hold the family review conference", "due")]


def test_a_student_who_enrols_in_january_is_not_overdue_against_september(harbor, travel):
    bob, olive = harbor.other_advisor, harbor.other_student

    def states():
        return {i.kind: (i.status, i.due_on) for i in due_list(bob).items if i.student == olive}

    travel(D(2027, 1, 20))
    before = states()  # since before the year: everything long overdue
    assert before["first_contact"] == ("overdue", D(2026, 9, 15))
    assert before["meeting"][0] == "overdue"
    olive.entered_on = D(2027, 1, 11)
    olive.save()
    now = states()
    assert now["first_contact"] == ("due", D(2027, 1, 25))
    assert "meeting" not in now  # Quarter 2 began before she did
    page = student_outreach(olive)
    assert page.first_contact_status == "due" and page.first_contact_due_on == D(2027, 1, 25)
    assert [row.status for row in page.quarters][:3] == [None, None, "upcoming"]
    travel(D(2027, 1, 26))
    assert states()["first_contact"] == ("overdue", D(2027, 1, 25))
    travel(D(2027, 1, 29))  # Quarter 3 began after she did: due, not overdue
    assert states()["meeting"] == ("due", D(2027, 4, 13))


def test_the_share_warning_asks_which_conference_presents_the_plan(client, harbor, travel):
    alice, sam = harbor.advisor, harbor.student
    fall = Term.objects.get(year=harbor.year, name="Fall")
    winter = Term.objects.get(year=harbor.year, name="Winter")
    window = window_for_term(term=fall)
    fall_plan = plans.plan_create(student=sam, term=fall, kind="term", by=alice)
    winter_plan = plans.plan_create(student=sam, term=winter, kind="term", by=alice)
    travel(D(2026, 12, 10), hour=9)

    def warned(plan):
        return "less than 2 days away" in page(
            client, alice, reverse("plans:share", args=[plan.pk])
        )

    tomorrow = book(window, sam, alice, moment(D(2026, 12, 11), 15))
    assert warned(winter_plan)  # the Fall conference presents the Winter plan
    assert not warned(fall_plan)
    Conference.objects.filter(pk=tomorrow.pk).delete()
    book(window, sam, alice, moment(D(2026, 12, 9), 15))  # yesterday: too late to warn
    assert not warned(winter_plan)


# -- one rule, one count: the due list, the outreach page and the coordinator's counts -----------


def _cast_with_more_students(harbor):
    """Bob gets three more advisees: one reached, one enrolled in January, one met in Q1."""
    bob = harbor.other_advisor
    extra = []
    for n, (first, entered) in enumerate(
        [("Ana", None), ("Ben", D(2027, 1, 11)), ("Cy", None)], start=1
    ):
        student = make_student(harbor.school, first, "Extra", local_id=f"X-{n}", entered_on=entered)
        Advisory.objects.create(student=student, advisor=bob, year=harbor.year)
        Guardianship.objects.create(
            student=student,
            caregiver=harbor.other_caregiver,
            household=harbor.other_caregiver.guardianships.first().household,
            relationship="mother",
        )
        extra.append(student)
    return extra


def _due_states(harbor):
    states = {}
    for user in (harbor.advisor, harbor.other_advisor, harbor.case_manager):
        for item in due_list(user).items:
            if item.kind in ("first_contact", "meeting"):
                states[(item.student.pk, item.kind)] = item.status
    return states


def _page_states(students):
    states = {}
    for student in students:
        page = student_outreach(student)
        if page.first_contact_status in ("due", "overdue"):
            states[(student.pk, "first_contact")] = page.first_contact_status
        running = [
            row for row in page.quarters if row.quarter.starts_on <= calendar.today(student.school)
        ]
        if running and running[-1].status in ("due", "overdue"):
            states[(student.pk, "meeting")] = running[-1].status
    return states


def _routine_states(harbor, advisor=None):
    year = harbor.year
    quarter, _ = calendar.current_quarter(
        list(Quarter.objects.filter(year=year)), calendar.today(harbor.school)
    )
    routines = school_routines(harbor.school, year, quarter, advisor=advisor)
    states = {}
    for row in routines.rows:
        if row.first_contact in ("due", "overdue"):
            states[(row.student.pk, "first_contact")] = row.first_contact
        if row.quarter in ("due", "overdue"):
            states[(row.student.pk, "meeting")] = row.quarter
    return states, routines


def _shown(page, label):
    found = re.search(rf">(?:<strong>)?{label}: (\d+)<", page)
    return int(found.group(1))


@pytest.mark.parametrize("per_quarter", [1, 2])
def test_due_items_agree_everywhere_with_the_same_filters(client, harbor, travel, per_quarter):
    harbor.school.meetings_per_quarter = per_quarter
    harbor.school.save()
    ana, ben, cy = _cast_with_more_students(harbor)
    bob = harbor.other_advisor
    students = [harbor.student, harbor.other_student, ana, ben, cy]
    cora = harbor.coordinator
    travel(D(2026, 9, 10))
    services.contact_log(
        student=ana,
        caregiver=harbor.other_caregiver,
        by=bob,
        method="call",
        initiated_by="school",
        outcome="reached",
    )
    services.meeting_log(student=cy, advisor=bob, held_on=D(2026, 9, 10), progress="ok")
    for day in [D(2026, 9, 10), D(2026, 9, 20), D(2026, 11, 20), D(2027, 1, 20), D(2027, 2, 1)]:
        travel(day)
        due = _due_states(harbor)
        assert _page_states(students) == due, day
        everyone, _ = _routine_states(harbor)
        assert everyone == due, day
        mine, routines = _routine_states(harbor, advisor=bob.pk)
        assert mine == {key: state for key, state in due.items() if key[0] != harbor.student.pk}
        # The page's numbers with ?advisor= are the lengths of the lists they link to.
        html = page(client, cora, f"/coordinator/meetings/?advisor={bob.pk}")
        for show in selectors.SHOWS:
            listed = page(client, cora, f"/coordinator/meetings/?advisor={bob.pk}&show={show}")
            names = re.findall(r'<a href="/students/\d+/outreach/">([^<]+)</a>', listed)
            assert len(names) == len(routines.of(show)), (day, show)
            assert f"show={show}" in html or show == "quarter_not_owed"
        assert _shown(html, "Met") == len(routines.of("quarter_held"))
        overdue = [k for k, state in mine.items() if k[1] == "first_contact" and state == "overdue"]
        assert _shown(html, "Overdue") == len(overdue)


def test_the_overdue_count_links_to_its_rows(client, harbor, travel):
    bob = harbor.other_advisor
    _cast_with_more_students(harbor)
    travel(D(2026, 11, 20))
    found = due_list(bob)
    assert found.overdue
    panel = page(client, bob, "/advisor/due/")
    assert f'href="/advisor/due/?status=overdue"><strong>{found.overdue} overdue' in panel
    overdue = page(client, bob, "/advisor/due/?status=overdue")
    rows = re.findall(r'class="state state-needs_revision">Overdue<', overdue)
    assert len(rows) == found.overdue
    assert 'class="state">Due<' not in overdue
