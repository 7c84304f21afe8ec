"""The demo's yearly plans (issue 16): each student owes the plan the school's rules expect
(`calendar.yearly_plan_kind`: an annual update for a returning student, an initial PLP for a
new one), in the year's first term, in believable states, so that on the demo's today the
coordinator's desk reads like a real school; and every one passes the plan services' rules."""

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from tandem.demo import generator
from tandem.oversight import compliance
from tandem.plans import selectors as plan_selectors
from tandem.plans import services
from tandem.plans.models import Plan, PlanKind, PlanState, RevisionPlan
from tandem.schools import calendar
from tandem.schools.models import Term

pytestmark = pytest.mark.django_db

YEARLY = [PlanKind.INITIAL, PlanKind.ANNUAL]


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 10, 15, 15, 0, tzinfo=UTC),  # in the first term: the yearly plan is its plan
        datetime(2027, 2, 10, 15, 0, tzinfo=UTC),  # a later term: yearly plan and term plan
    ],
)
def test_the_desk_reads_like_a_school_and_every_yearly_plan_keeps_the_rules(now):
    with time_machine.travel(now, tick=True):
        call_command("seed_demo", "--students", "60", "--seed", "2026", stdout=StringIO())
        school = generator.demo_school()
        today = calendar.today(school)
        desk = compliance.desk_rows(school, today=today, items=[compliance.YEARLY_PLAN])
        rows = [r for r in desk.rows if r.item == compliance.YEARLY_PLAN]
        assert len(rows) == 60
        overdue = [r for r in rows if r.state == calendar.OVERDUE]
        assert len(overdue) < 0.2 * len(rows)
        states = {r.state for r in rows}
        assert {PlanState.APPROVED, PlanState.ACTIVE} <= states
        assert states & {PlanState.DRAFT, PlanState.SHARED, PlanState.READY}
        # Both kinds: the school's first grade is new, most of the others return.
        year = calendar.current_year(school, today)
        yearly = list(
            Plan.objects.filter(term__year=year, kind__in=YEARLY).select_related("term", "student")
        )
        assert {p.kind for p in yearly} == set(YEARLY)
        first_term = Term.objects.filter(year=year).order_by("starts_on").first()
        for plan in yearly:
            returning = Plan.objects.filter(
                student=plan.student, term__year__starts_on__lt=year.starts_on
            ).exists()
            assert plan.kind == calendar.yearly_plan_kind(returning=returning)
            assert plan.term == first_term
            assert Plan.objects.filter(student=plan.student, kind__in=YEARLY).count() == 1
            if plan.state != PlanState.DRAFT:
                assert services.missing_required(plan) == []
                assert plan.student_ready_at and plan.advisor_ready_at
            version = services.latest_version(plan)
            if plan.state in (PlanState.SHARED, PlanState.NEEDS_REVISION):
                assert version is not None and plan.shared_at
            if plan.state in (PlanState.APPROVED, PlanState.ACTIVE):
                assert plan_selectors.approval_rule_met(plan, version)
            if plan.state == PlanState.NEEDS_REVISION:
                assert RevisionPlan.objects.filter(plan=plan).exists()
