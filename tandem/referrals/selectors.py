"""Reads for referrals, each in a fixed number of queries."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from tandem.schools.models import Role

from .models import DEFAULT_CATEGORIES, ReferralCategory, SupportTeamMember


def category_choices(school) -> list[tuple[str, str]]:
    """The school's own categories, or the defaults when it has configured none."""
    names = list(ReferralCategory.objects.filter(school=school).values_list("name", flat=True))
    if names:
        return [(name, name) for name in names]
    return [(str(label), str(label)) for _key, label in DEFAULT_CATEGORIES]


def team_recipients(referral):
    """Who hears of a new referral: the support team, and the school's counselors (the
    student's own counselor only, if the student has one and it is for the counselor)."""
    User = get_user_model()  # noqa: N806
    if referral.refer_to == "counselor" and referral.student.counselor_id:
        wanted = Q(pk=referral.student.counselor_id)
    else:
        wanted = Q(support_teams__school=referral.school) | Q(
            staff_roles__school=referral.school, staff_roles__role=Role.COUNSELOR
        )
    # Only people who still work at the school (policy: a staff relation needs a staff role).
    here = User.objects.filter(staff_roles__school=referral.school).values("pk")
    return (
        User.objects.filter(wanted, is_active=True, pk__in=here)
        .exclude(pk=referral.referrer_id)
        .distinct()
    )


def referral_list(referrals, *, state=""):
    if state == "open":
        referrals = referrals.exclude(state="closed")
    elif state:
        referrals = referrals.filter(state=state)
    return referrals.select_related("student", "referrer", "school").order_by("-created_at", "-id")


def team_members(school):
    return SupportTeamMember.objects.filter(school=school).select_related("user")
