"""Reads for plan pages and lists, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _

from tandem.advisories.models import Advisory
from tandem.core.collation import by_name
from tandem.core.policy import advisee_q
from tandem.people.models import Guardianship, Student

from .models import Approval, FamilyInput, Plan, PlanState, PlanVersion, RevisionPlan

S = PlanState


# The states in which a family may comment on a plan and answer its questions.
FAMILY_INPUT_STATES = (S.SHARED, S.NEEDS_REVISION, S.APPROVED)


def open_for_family_input(plan: Plan) -> bool:
    return plan.state in FAMILY_INPUT_STATES


def caregivers_with_rights(plan: Plan) -> list[Guardianship]:
    return list(
        Guardianship.objects.filter(
            student=plan.student, has_educational_rights=True, caregiver__is_active=True
        ).select_related("caregiver", "household")
    )


def approvals_awaited(plan: Plan, version: PlanVersion, holders=None) -> list[Guardianship]:
    """The rights holders the school's approval rule still waits for on `version` (the one
    home of that rule: the workflow, the family's next steps and the "waiting for" line all
    ask it). Each household: every holder of a household where nobody has approved yet. Any
    caregiver: every holder until one has. All caregivers: each who has not. `holders`, when
    the caller has them, are caregivers_with_rights(plan)."""
    holders = caregivers_with_rights(plan) if holders is None else holders
    approved = set(version.approvals.values_list("caregiver_id", flat=True))
    rule = plan.student.school.plan_approval_rule
    if rule == "any_caregiver":
        return [] if approved else list(holders)
    if rule == "all_caregivers":
        return [g for g in holders if g.caregiver_id not in approved]
    done_homes = {g.household_id for g in holders if g.caregiver_id in approved}
    return [g for g in holders if g.household_id not in done_homes]


def approval_rule_met(plan: Plan, version: PlanVersion) -> bool:
    holders = caregivers_with_rights(plan)
    return bool(holders) and not approvals_awaited(plan, version, holders)


def waiting_on(plan: Plan | None) -> str:
    """Who the plan waits for, in a few words."""
    if plan is None:
        return _("Advisor: start the plan")
    match plan.state:
        case S.DRAFT:
            missing = []
            if not plan.student_ready_at:
                missing.append(_("student"))
            if not plan.advisor_ready_at:
                missing.append(_("advisor"))
            return _("Draft: waiting on %(who)s") % {"who": _(" and ").join(missing)}
        case S.READY:
            return _("Advisor: share with the family")
        case S.SHARED:
            return _("Family: review and approve")
        case S.NEEDS_REVISION:
            return _("Revision under way")
        case S.APPROVED:
            return _("Advisor: activate when the term starts")
        case _other:
            return ""


@dataclass
class PlanPage:
    plan: Plan
    role: str  # "advisor", "student", "caregiver" or "viewer"
    sections: list
    versions: list[PlanVersion]
    latest: PlanVersion | None
    approvals: list[Approval]
    family_input: list[FamilyInput]
    revision: RevisionPlan | None
    rights_holders: list = field(default_factory=list)
    caregiver: object | None = None
    my_approval: Approval | None = None
    missing_required: list[str] = field(default_factory=list)
    rule_met: bool = False


def plan_page(plan: Plan, *, role: str, caregiver=None) -> PlanPage:
    versions = list(plan.versions.order_by("-number").select_related("created_by"))
    latest = versions[0] if versions else None
    approvals = list(
        plan.approvals.select_related("caregiver", "version", "recorded_by").order_by(
            "-version__number", "approved_at"
        )
    )
    sections = list(plan.sections.select_related("updated_by"))
    family_input = list(
        plan.family_input.select_related("caregiver", "version").order_by("-created_at")
    )
    titles = {s.key: s.title for s in sections}
    for entry in family_input:
        entry.section_title = titles.get(entry.section_key, entry.section_key)
    revision = plan.revision_plans.select_related("owner").first()
    my_approval = None
    if caregiver is not None and latest is not None:
        my_approval = next(
            (a for a in approvals if a.version_id == latest.pk and a.caregiver_id == caregiver.pk),
            None,
        )
    return PlanPage(
        plan=plan,
        role=role,
        sections=sections,
        versions=versions,
        latest=latest,
        approvals=approvals,
        family_input=family_input,
        revision=revision,
        rights_holders=caregivers_with_rights(plan),
        caregiver=caregiver,
        my_approval=my_approval,
        missing_required=[s.title for s in sections if s.required and s.is_empty],
        rule_met=bool(latest) and approval_rule_met(plan, latest),
    )


def term_rows(students, term):
    """Each student with their plan for the term (or None) and who it waits on; one query
    for all the plans, however many students."""
    students = list(students)
    prefetch_related_objects(
        students, Prefetch("plans", queryset=Plan.objects.filter(term=term), to_attr="term_plans")
    )
    rows = []
    for student in students:
        plan = student.term_plans[0] if student.term_plans else None
        rows.append({"student": student, "plan": plan, "waiting_on": waiting_on(plan)})
    return rows


def advisor_students(advisor):
    return Student.objects.filter(advisee_q(advisor), is_active=True).order_by(
        *by_name("last_name", "first_name"), "pk"
    )


def school_students(school, year, *, state="", advisor="", grade=None, term=None):
    current = Advisory.objects.filter(student=OuterRef("pk"), year=year, ended_at__isnull=True)
    students = Student.objects.filter(school=school, is_active=True).annotate(
        advisor_name=_subquery_advisor_name(current)
    )
    if advisor:
        students = students.filter(Exists(current.filter(advisor_id=advisor)))
    if grade:
        students = students.filter(grade=grade)
    if state == "none":
        students = students.exclude(Exists(Plan.objects.filter(student=OuterRef("pk"), term=term)))
    elif state:
        students = students.filter(
            Exists(Plan.objects.filter(student=OuterRef("pk"), term=term, state=state))
        )
    return students.order_by(*by_name("last_name", "first_name"), "pk")


def _subquery_advisor_name(current):
    from django.db.models import Subquery

    return Subquery(current.order_by().values("advisor__full_name")[:1])


def state_counts(school, term) -> dict[str, int]:
    from django.db.models import Count

    counts = dict(
        Plan.objects.filter(term=term, student__school=school, student__is_active=True)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    enrolled = Student.objects.filter(school=school, is_active=True).count()
    counts["none"] = enrolled - sum(counts.values())
    return counts
