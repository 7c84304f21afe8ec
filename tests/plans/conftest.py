import pytest

from tandem.plans import services
from tandem.plans.models import Competency, PlanKind


def fill_required(plan, by):
    """Write every required section, as the student and advisor would."""
    for section in plan.sections.all():
        if not section.required:
            continue
        items = []
        body = ""
        if section.kind == "text":
            body = f"{section.title}: Sam's own words."
        elif section.kind == "competencies":
            items = ["ELA-1", "MATH-2"]
        else:
            items = [{"what": "Read 20 minutes a night", "who": "Sam", "by": "2026-12-15"}]
        services.section_save(
            plan=plan,
            key=section.key,
            body=body,
            items=items,
            expected_revision=section.revision,
            by=by,
        )
    plan.refresh_from_db()
    return plan


def make_ready(plan, cast):
    fill_required(plan, cast.student.user)
    services.plan_mark_ready(plan=plan, by=cast.student.user, as_student=True)
    return services.plan_mark_ready(plan=plan, by=cast.advisor, as_student=False)


@pytest.fixture
def competencies(cast):
    return [
        Competency.objects.create(
            school=cast.school, code="ELA-1", statement="Reads closely to find evidence"
        ),
        Competency.objects.create(
            school=cast.school, code="MATH-2", statement="Models a situation with equations"
        ),
    ]


@pytest.fixture
def plan(cast, competencies):
    term = cast.year.terms.get(name="Fall")
    return services.plan_create(
        student=cast.student, term=term, kind=PlanKind.TERM, by=cast.advisor
    )


@pytest.fixture
def shared_plan(plan, cast, django_capture_on_commit_callbacks):
    make_ready(plan, cast)
    services.plan_share(plan=plan, by=cast.advisor)
    plan.refresh_from_db()
    return plan
