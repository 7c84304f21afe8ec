"""The family home lists what waits for the family, per child, most urgent first
(tandem.family.steps); after approving, a family reads what happens next."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.conferences import selectors as conference_selectors
from tandem.conferences import services as conference_services
from tandem.core.dates import format_date
from tandem.family import steps
from tandem.people.models import Guardianship
from tandem.plans import approvals
from tandem.records import services as record_services
from tests.conferences.conftest import local
from tests.personas import make_caregiver

pytestmark = pytest.mark.django_db


def kinds(caregiver, student):
    child = next(c for c in steps.family_next(caregiver) if c.student.pk == student.pk)
    return [s.kind for s in child.steps]


def child_of(caregiver, student):
    return next(c for c in steps.family_next(caregiver) if c.student.pk == student.pk)


def approve(plan, caregiver):
    return approvals.approval_give(
        plan=plan,
        caregiver=caregiver,
        version_number=1,
        typed_name=caregiver.full_name,
        confirmed=True,
        ip_address=None,
        user_agent="test",
        by=caregiver.user,
    )


def book(cast, window, at="2027-01-14 09:00", caregiver=None):
    caregiver = caregiver or cast.caregiver
    requests = conference_selectors.family_requests(caregiver, window)
    return conference_services.conferences_book(
        by=caregiver.user, window=window, requests=requests, starts_at=local(window, at)
    )


def test_nothing_waits_without_a_plan_or_a_window(client, cast):
    client.force_login(cast.caregiver.user)
    html = client.get(reverse("people:family_home")).content.decode()
    assert "What waits for you" in html and "Nothing right now." in html
    assert steps.family_next(cast.caregiver)[0].steps == []


def test_a_shared_plan_and_an_open_window_most_urgent_first(client, cast, plan, window):
    child = child_of(cast.caregiver, cast.student)
    assert [s.kind for s in child.steps] == [steps.APPROVE, steps.BOOK, steps.QUESTIONS]
    approve_step, book_step, questions = child.steps
    # Both are due by the window's last day (the calendar's rule); approving comes first.
    assert approve_step.due_on == window.ends_on == book_step.due_on
    by = format_date(window.ends_on)
    assert approve_step.text == f"Read and approve Sam's plan for Fall, by {by}"
    assert approve_step.url == reverse("plans:detail", args=[plan.pk])
    assert book_step.url == reverse("conferences:book", args=[window.pk])
    assert questions.url == reverse("plans:detail", args=[plan.pk]) + "#input-heading"
    # Each one tap away, on the family home.
    client.force_login(cast.caregiver.user)
    html = client.get(reverse("people:family_home")).content.decode()
    for step in child.steps:
        assert f'href="{step.url}" role="button"' in html
    assert html.index("Read and approve") < html.index("Book Sam") < html.index("Answer")
    # Ned has no educational rights: nothing waits for him.
    assert steps.family_next(cast.caregiver_no_rights) == []


def test_answering_the_questions_takes_that_step_away(cast, plan):
    assert steps.QUESTIONS in kinds(cast.caregiver, cast.student)
    approvals.family_input_add(
        plan=plan,
        caregiver=cast.caregiver,
        version_number=1,
        entries=[("", "hopes", "More reading at home.")],
    )
    assert steps.QUESTIONS not in kinds(cast.caregiver, cast.student)


def test_after_approving_each_household_reads_what_happens_next(
    client, cast, plan, window, ned_has_rights
):
    carla, ned = cast.caregiver, ned_has_rights
    assert steps.APPROVE in kinds(ned, cast.student)
    approve(plan, carla)
    plan.refresh_from_db()
    assert plan.state == "shared"  # the school's rule: one approval in each household
    assert steps.APPROVE not in kinds(carla, cast.student)
    assert child_of(carla, cast.student).notes == [
        "You approved Sam's plan. Waiting for Sam's other household."
    ]
    client.force_login(carla.user)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "You approved Sam&#x27;s plan. Waiting for Sam&#x27;s other household." in page
    # Ned's household still has its step, and reads nothing of Carla's.
    assert steps.APPROVE in kinds(ned, cast.student)
    assert child_of(ned, cast.student).notes == []

    approve(plan, ned)
    plan.refresh_from_db()
    assert plan.state == "approved"
    assert steps.QUESTIONS not in kinds(carla, cast.student)  # welcome, no longer a step
    assert child_of(carla, cast.student).notes == [
        "Sam's plan is approved. Nothing more is needed from you."
    ]
    book(cast, window)
    said = "Sam's plan is approved — see you on Thursday, January 14 at 9:00 a.m."
    assert said in child_of(carla, cast.student).notes
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "see you on Thursday, January 14 at 9:00 a.m." in page


def test_when_every_caregiver_must_approve_the_other_one_is_named(cast, plan):
    cast.school.plan_approval_rule = "all_caregivers"
    cast.school.save()
    diego = make_caregiver(cast.school, "Diego", "Rivera", email="diego@family.test")
    home = cast.caregiver.guardianships.get().household
    Guardianship.objects.create(
        student=cast.student, caregiver=diego, household=home, relationship="stepfather"
    )
    approve(plan, cast.caregiver)
    assert child_of(cast.caregiver, cast.student).notes == [
        "You approved Sam's plan. Waiting for Diego Rivera."
    ]


def test_the_spanish_reader_reads_the_day_and_a_24_hour_time(cast, plan, window, ned_has_rights):
    from django.utils import translation

    approve(plan, cast.caregiver)
    approve(plan, ned_has_rights)
    book(cast, window, "2027-01-14 17:30")
    with translation.override("es"):
        notes = child_of(cast.caregiver, cast.student).notes
    assert any("jueves, 14 de enero" in n and "17:30" in n for n in notes), notes


def test_a_booked_conference_can_be_changed_until_the_cut_off(cast, window):
    (conference,) = book(cast, window)
    child = child_of(cast.caregiver, cast.student)
    assert [s.kind for s in child.steps] == [steps.CHANGE]
    assert child.steps[0].text == "Sam's conference is on Thursday, January 14 at 9:00 a.m."
    assert child.steps[0].url == reverse("conferences:family")
    # Within the window's cut-off (24 hours before) it can no longer be changed online.
    with time_machine.travel(conference.starts_at - timedelta(hours=2)):
        child = child_of(cast.caregiver, cast.student)
    assert child.steps == []
    assert child.notes == ["Sam's conference is on Thursday, January 14 at 9:00 a.m."]


def test_siblings_are_booked_together(cast, window, mia):
    family = {c.student.pk: c for c in steps.family_next(cast.caregiver)}
    for student in (cast.student, mia):
        (step,) = family[student.pk].steps
        assert step.kind == steps.BOOK
        assert "with the other children's" in step.text
        assert step.url == reverse("conferences:book", args=[window.pk])


def test_a_final_record_waits_to_be_read_then_leaves_the_list(client, cast, window):
    from tandem.conferences.models import Status

    (conference,) = book(cast, window)
    with time_machine.travel(conference.starts_at + timedelta(minutes=5), tick=True):
        conference_services.conference_mark(by=cast.advisor, conference=conference, status="held")
        record_services.record_save(
            conference=conference,
            fields={"reflection": "Proud of my lab."},
            interventions=[],
            steps=[],
            expected_revision=0,
            by=cast.advisor,
        )
        record_services.record_finalize(conference=conference, by=cast.advisor, notify=False)
        conference.refresh_from_db()
        assert conference.status == Status.HELD
        (step,) = child_of(cast.caregiver, cast.student).steps
        assert step.kind == steps.RECORD
        assert step.url == reverse("records:record", args=[conference.pk])
        client.force_login(cast.caregiver.user)
        assert client.get(step.url).status_code == 200
        assert child_of(cast.caregiver, cast.student).steps == []


def test_the_family_home_costs_the_same_queries_at_two_school_sizes(client, cast, plan, window):
    from tests.conferences.test_query_counts import add_families

    client.force_login(cast.caregiver.user)
    url = reverse("people:family_home")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add_families(cast, window, 2, 0)
    small = count()
    add_families(cast, window, 8, 2)
    assert count() == small
