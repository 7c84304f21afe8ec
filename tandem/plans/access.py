"""Fetch-and-authorise for plans, built on the one policy in tandem.core.policy.

Who may see a plan is who may see the student's record, with one narrowing: a family sees a
plan only once it has been shared with them (drafts are between the student and the advisor).
Who may edit: the student and their current advisor. Who may act for the school (share,
record approvals, make a revision plan, activate, close): the current advisor; coordinators
and admins may close and activate too.
"""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.policy import OVERSIGHT_ROLES, full_access_q, is_current_advisor, roles_by_school
from tandem.people.models import Guardianship, Student

from .models import Plan, PlanVersion


def visible_plans(user):
    students = Student.objects.filter(full_access_q(user))
    plans = Plan.objects.filter(student__in=students)
    family_child = Guardianship.objects.filter(
        student=OuterRef("student"), caregiver__user=user, has_educational_rights=True
    )
    shared_once = PlanVersion.objects.filter(plan=OuterRef("pk"))
    is_staff_or_student = ~Exists(family_child)
    return plans.filter(is_staff_or_student | Exists(shared_once))


def plan_for(user, plan_id) -> Plan:
    plans = visible_plans(user).select_related("student__school", "term__year")
    return get_object_or_404(plans, pk=plan_id)


def is_the_student(user, student) -> bool:
    return user.is_authenticated and student.user_id == user.pk


def oversees(user, student) -> bool:
    return bool(roles_by_school(user).get(student.school_id, frozenset()) & OVERSIGHT_ROLES)


def caregiver_for(user, plan):
    """The signed-in caregiver with educational rights for this plan's student, or None."""
    caregiver = getattr(user, "caregiver", None)
    if caregiver is None or not caregiver.is_active:
        return None
    has_rights = Guardianship.objects.filter(
        student=plan.student, caregiver=caregiver, has_educational_rights=True
    ).exists()
    return caregiver if has_rights else None


def require_editor(user, plan) -> str:
    """'advisor' or 'student' for the two authors of a plan; 404 for everyone else."""
    if is_current_advisor(user, plan.student):
        return "advisor"
    if is_the_student(user, plan.student):
        return "student"
    raise Http404


def require_advisor(user, plan) -> None:
    if not is_current_advisor(user, plan.student):
        raise Http404


def require_advisor_or_oversight(user, plan) -> None:
    if not (is_current_advisor(user, plan.student) or oversees(user, plan.student)):
        raise Http404


def require_caregiver(user, plan):
    caregiver = caregiver_for(user, plan)
    if caregiver is None:
        raise Http404
    return caregiver


def version_for(plan, number) -> PlanVersion:
    return get_object_or_404(PlanVersion, plan=plan, number=number)
