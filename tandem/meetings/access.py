"""Fetch-and-authorise for meetings, on tandem.core.policy and tandem.conferences. Missing and
forbidden are the same 404.

- The meeting page of a conference: the school's people with the student's full record
  (`policy.reach` FULL and a staff role at the school: the advisor, the case manager, the
  counselor, coordinators and admins) run it; the caregivers invited to the conference
  (`conferences.services.invitees`: educational rights, active, of the conference's household
  when households meet apart) and the student follow it read-only. Everyone else: 404.
- What the meeting does to the plan (revise, ready, share, approvals on the device, revision
  plan) is the plan's current advisor's, as on the plan page (plans.access).
- IEP goals open only when the student has an IEP and the viewer has the student's full record
  (the audience of `evidence.access.iep_goals_for`, which logs every read).
- The checklist belongs to the school's coordinators and admins.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.conferences.models import Conference
from tandem.conferences.services import invitees
from tandem.core.policy import OVERSIGHT_ROLES, Reach, reach, roles_by_school, schools_with_role
from tandem.plans import access as plan_access
from tandem.schools.models import School

RUNNER = "runner"
FOLLOWER = "follower"


@dataclass(frozen=True)
class MeetingViewer:
    conference: Conference
    side: str  # RUNNER or FOLLOWER
    is_advisor: bool  # the student's current advisor: acts on the plan
    is_student: bool
    caregiver: object | None  # the signed-in invited caregiver, for a family follower
    may_see_iep: bool

    @property
    def runs(self) -> bool:
        return self.side == RUNNER

    @property
    def family_side(self) -> bool:
        return self.side == FOLLOWER


def conference_for(user, conference_id) -> MeetingViewer:
    """The conference and how the user takes part in its meeting, or 404."""
    if not user.is_authenticated:
        raise Http404
    conference = get_object_or_404(
        Conference.objects.select_related(
            "window__term__year__school", "student__school", "advisor", "interpreter", "household"
        ),
        pk=conference_id,
    )
    student = conference.student
    full = reach(user, student) == Reach.FULL
    staff = bool(roles_by_school(user).get(student.school_id)) and student.user_id != user.pk
    if full and staff:
        return MeetingViewer(
            conference=conference,
            side=RUNNER,
            is_advisor=plan_access.is_current_advisor(user, student),
            is_student=False,
            caregiver=None,
            may_see_iep=student.has_iep,
        )
    if full and student.user_id == user.pk:
        return MeetingViewer(conference, FOLLOWER, False, True, None, student.has_iep)
    caregiver = getattr(user, "caregiver", None)
    if full and caregiver is not None and any(c.pk == caregiver.pk for c in invitees(conference)):
        return MeetingViewer(conference, FOLLOWER, False, False, caregiver, student.has_iep)
    raise Http404


def runner_for(user, conference_id) -> MeetingViewer:
    viewer = conference_for(user, conference_id)
    if not viewer.runs:
        raise Http404
    return viewer


def advisor_for(user, conference_id) -> MeetingViewer:
    """The student's current advisor, who acts on the plan in the room."""
    viewer = runner_for(user, conference_id)
    if not viewer.is_advisor:
        raise Http404
    return viewer


def checklist_school(user, school_id=None) -> School:
    """A school whose checklist the user keeps (coordinator or admin); the first if not named."""
    schools = School.objects.filter(pk__in=schools_with_role(user, OVERSIGHT_ROLES)).order_by(
        "name", "pk"
    )
    if school_id not in (None, ""):
        try:
            return get_object_or_404(schools, pk=int(school_id))
        except ValueError:
            raise Http404 from None
    school = schools.first()
    if school is None:
        raise Http404
    return school
