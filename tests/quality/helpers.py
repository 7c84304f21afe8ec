"""A school with shared plans to sample: each advisor's advisees, some plans shared (a frozen
version, as `plans.services.plan_share` leaves it), some still drafts."""

from tandem.advisories.models import Advisory
from tandem.plans.models import Plan, PlanState, PlanVersion, VersionReason
from tandem.plans.services import content_hash
from tests.personas import make_staff, make_student


def frozen(plan, text="Goal: read two novels and write about each.") -> PlanVersion:
    content = {
        "sections": [{"key": "goals", "title": "Goals", "kind": "text", "body": text, "items": []}]
    }
    number = plan.versions.count() + 1
    return PlanVersion.objects.create(
        plan=plan,
        number=number,
        content=content,
        content_hash=content_hash(content),
        reason=VersionReason.SHARED,
    )


def advisees(cast, advisor, count, *, term, shared=True, prefix="S") -> list[Plan]:
    plans = []
    for n in range(count):
        student = make_student(
            cast.school, f"Kid{prefix}{n}", advisor.full_name.split()[0], local_id=f"{prefix}-{n}"
        )
        Advisory.objects.create(student=student, advisor=advisor, year=cast.year)
        plan = Plan.objects.create(
            student=student,
            term=term,
            kind="term",
            state=PlanState.SHARED if shared else PlanState.DRAFT,
        )
        if shared:
            frozen(plan)
        plans.append(plan)
    return plans


def advisor(cast, email, name):
    return make_staff(cast.school, email, name, "advisor")
