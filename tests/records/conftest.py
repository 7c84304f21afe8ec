"""Sam's Fall conference, held today, and his Fall plan: what the records tests start from."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tandem.conferences.models import Conference
from tandem.conferences.services import window_for_term
from tandem.people.models import Guardianship, Household
from tests.personas import make_caregiver


@pytest.fixture
def fall(cast):
    return cast.year.terms.get(name="Fall")


def conference_for(cast, term, *, household=None, starts_at=None):
    """A conference of Sam's, today unless told; written directly (booking has its own tests)."""
    starts_at = starts_at or timezone.now().replace(second=0, microsecond=0)
    return Conference.objects.create(
        window=window_for_term(term=term),
        student=cast.student,
        household=household,
        advisor=cast.advisor,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
    )


@pytest.fixture
def conference(cast, fall):
    return conference_for(cast, fall)


@pytest.fixture
def second_parent(cast):
    """Diego, Sam's stepfather, with educational rights, in a household of his own."""
    diego = make_caregiver(cast.school, "Diego", "Rivera", email="diego@family.test")
    home = Household.objects.create(school=cast.school, name="Rivera (Pine Rd)")
    Guardianship.objects.create(
        student=cast.student, caregiver=diego, household=home, relationship="guardian"
    )
    return diego


def sam_plan(cast, term):
    """Sam's plan for the term, written and shared with his family (version 1)."""
    from tandem.plans import services

    plan = services.plan_create(student=cast.student, term=term, kind="term", by=cast.advisor)
    for section in plan.sections.filter(required=True, kind="text"):
        services.section_save(
            plan=plan,
            key=section.key,
            body="Written.",
            items=[],
            expected_revision=0,
            by=cast.advisor,
        )
    plan.sections.filter(required=True).exclude(kind="text").update(required=False)
    services.plan_mark_ready(plan=plan, by=cast.student.user, as_student=True)
    services.plan_mark_ready(plan=plan, by=cast.advisor, as_student=False)
    services.plan_share(plan=plan, by=cast.advisor, notify=False)
    return plan


def client_as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client
