"""Fetch-and-authorise for the evidence pages, built on tandem.core.policy.

Who sees a student's evidence is who sees the student's record (`full_access_q`). IEP goals
and progress are restricted to the people with a legitimate interest named by IDEA practice —
case manager, advisor, coordinator (and school admin, who oversees as the coordinator does),
counselor, caregivers with educational rights, the student — which today is exactly the full
record's audience; `iep_goals_for` is the one door to them, and it writes the access log for
every goal it returns. What a family sees is narrowed further: the narrative only once final,
the credit report in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.policy import (
    OVERSIGHT_ROLES,
    is_case_manager,
    is_current_advisor,
    log_access,
    roles_by_school,
)
from tandem.people import access as people_access
from tandem.rosters import access as roster_access
from tandem.rosters.models import ImportRun

from .models import IepGoal, ProgressPoint

student_for = people_access.student_for


@dataclass(frozen=True)
class Viewer:
    """What the signed-in person may do with one student's evidence."""

    school_side: bool  # staff with a legitimate interest (sees drafts, codes, details)
    advisor: bool  # the student's current advisor
    oversight: bool  # coordinator or school admin of the student's school
    case_manager: bool  # the student's case manager

    @property
    def family_side(self) -> bool:
        return not self.school_side

    @property
    def can_rate(self) -> bool:
        return self.advisor or self.oversight

    @property
    def can_write_narrative(self) -> bool:
        return self.advisor

    @property
    def can_keep_iep(self) -> bool:
        return self.case_manager or self.oversight

    @property
    def can_plan_interventions(self) -> bool:
        return self.school_side

    @property
    def can_enter_results(self) -> bool:
        return self.advisor or self.oversight


def viewer_of(user, student) -> Viewer:
    """Call only after `student_for` granted full access."""
    roles = roles_by_school(user).get(student.school_id, frozenset())
    return Viewer(
        school_side=bool(roles) and student.user_id != user.pk,
        advisor=is_current_advisor(user, student),
        oversight=bool(roles & OVERSIGHT_ROLES),
        case_manager=is_case_manager(user, student),
    )


def require(allowed: bool) -> None:
    if not allowed:
        raise Http404


def iep_goals_for(request, student, *, purpose: str) -> list[IepGoal]:
    """The student's IEP goals with their progress points; each one shown is logged."""
    goals = list(
        IepGoal.objects.filter(student=student).prefetch_related(
            Prefetch("points", queryset=ProgressPoint.objects.order_by("measured_on", "pk"))
        )
    )
    for goal in goals:
        log_access(request, student=student, record=goal, purpose=purpose)
    return goals


def iep_point_for(request, student, point_id) -> ProgressPoint:
    """A data point of the student's IEP goals that the signed-in person recorded (only its
    author corrects or removes it; anyone else gets a 404); opening it is logged."""
    point = get_object_or_404(
        ProgressPoint.objects.select_related("goal"),
        pk=point_id,
        goal__student=student,
        recorded_by=request.user,
    )
    log_access(request, student=student, record=point, purpose="IEP data point correction page")
    return point


def import_school(user, school_id=None):
    """Evidence files are imported by the school admin, as the roster is."""
    return roster_access.admin_school(user, school_id)


def import_run_for(user, import_id) -> ImportRun:
    runs = ImportRun.objects.filter(
        schools__in=roster_access.admin_schools(user),
        kind__in=[ImportRun.Kind.FRAMEWORK, ImportRun.Kind.ASSESSMENTS],
    ).distinct()
    return get_object_or_404(runs.select_related("by"), pk=import_id)
