"""Who sees a referral (restricted further than the student's record): the referrer, the
school's student support team, its counselors and its coordinators and admins. Everyone else
gets the same 404 as for a referral that does not exist. Views log every read
(tandem.core.policy.log_access)."""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.policy import OVERSIGHT_ROLES, roles_by_school, schools_with_role, staff_schools
from tandem.schools.models import Role

from .models import Referral, SupportTeamMember


def team_schools(user) -> list[int]:
    """Schools where the user works referrals: support team, counselors, oversight."""
    if not user.is_authenticated:
        return []
    by_role = schools_with_role(user, {Role.COUNSELOR, *OVERSIGHT_ROLES})
    # Team membership counts only at a school where the member still holds a staff role.
    team = SupportTeamMember.objects.filter(user=user, school__in=staff_schools(user))
    return sorted(set(by_role) | set(team.values_list("school_id", flat=True)))


def visible_referrals(user):
    if not user.is_authenticated or not user.is_active:
        return Referral.objects.none()
    # The referrer and the team see referrals only while they work at the referral's school.
    here = Q(school_id__in=staff_schools(user))
    member = SupportTeamMember.objects.filter(school=OuterRef("school"), user=user)
    works = schools_with_role(user, {Role.COUNSELOR, *OVERSIGHT_ROLES})
    return Referral.objects.filter(
        (here & (Q(referrer=user) | Exists(member))) | Q(school_id__in=works)
    )


def referral_for(user, referral_id) -> Referral:
    referrals = visible_referrals(user).select_related("student__school", "referrer", "school")
    return get_object_or_404(referrals, pk=referral_id)


def can_work(user, referral) -> bool:
    """Move a referral along: the team, counselors and the coordinator (not the referrer
    alone, who adds notes)."""
    return referral.school_id in team_schools(user)


def require_team(user) -> list[int]:
    schools = team_schools(user)
    if not schools:
        raise Http404
    return schools


def require_oversight(user, school_id=None):
    from tandem.advisories.access import oversight_school

    return oversight_school(user, school_id)


def is_staff_of(user, school_id) -> bool:
    return school_id in roles_by_school(user)
