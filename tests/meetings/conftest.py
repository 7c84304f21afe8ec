"""Sam's Fall conference (booked by his mother at the first free time) and his Fall plan,
written, marked ready by both authors and shared (version 1)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.conferences import selectors as conference_selectors
from tandem.conferences import services as conference_services
from tandem.plans import services as plan_services
from tandem.plans.models import Plan


def book_for(caregiver, term):
    window = conference_services.window_for_term(term=term)
    requests = conference_selectors.family_requests(caregiver, window)
    first = conference_selectors.offers(window, requests)[0]
    (conference,) = conference_services.conferences_book(
        by=caregiver.user, window=window, requests=requests, starts_at=first.starts_at
    )
    return conference


def begun(conference, minutes: int = 10):
    """The conference moved to have begun `minutes` ago (same length): it can be marked held or
    finished now (schools.calendar), for a test that drives the page without moving the clock."""
    from tandem.conferences.models import Conference

    length = conference.ends_at - conference.starts_at
    start = timezone.now() - timedelta(minutes=minutes)
    Conference.objects.filter(pk=conference.pk).update(starts_at=start, ends_at=start + length)
    conference.refresh_from_db()
    return conference


def shared_plan_for(cast, student=None, advisor=None, term="Fall") -> Plan:
    student = student or cast.student
    advisor = advisor or cast.advisor
    plan = plan_services.plan_create(
        student=student, term=cast.year.terms.get(name=term), kind="term", by=advisor
    )
    for section in plan.sections.filter(required=True, kind="text"):
        plan_services.section_save(
            plan=plan, key=section.key, body="Written.", items=[], expected_revision=0, by=advisor
        )
    plan.sections.filter(required=True).exclude(kind="text").update(required=False)
    plan_services.plan_mark_ready(plan=plan, by=student.user, as_student=True)
    plan_services.plan_mark_ready(plan=plan, by=advisor, as_student=False)
    plan_services.plan_share(plan=plan, by=advisor)
    return plan


@pytest.fixture
def ned_has_rights(cast):
    """A court order restored Ned's rights: Sam's two households each approve the plan."""
    cast.caregiver_no_rights.guardianships.update(has_educational_rights=True)
    return cast.caregiver_no_rights


@pytest.fixture
def conference(cast):
    return book_for(cast.caregiver, cast.year.terms.get(name="Fall"))


@pytest.fixture
def olive_conference(cast):
    return book_for(cast.other_caregiver, cast.year.terms.get(name="Fall"))


@pytest.fixture
def plan(cast):
    return shared_plan_for(cast)
