"""Fetch-and-authorise for plan quality; missing and forbidden are the same 404.

- The rubric, the samples, every review and the quality overview: the school's coordinators
  and school admins (`policy.OVERSIGHT_ROLES`).
- A peer reviewer: only the reviews assigned to them, only while they hold the advisor role at
  the school (`policy`), and never a plan of a student they now advise.
- An advisor: the submitted feedback on their own advisees' plans (`policy.advisee_q`; the
  advisor the sample was drawn under) — never another advisor's.
- Families and students: nothing here.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from tandem.core.policy import OVERSIGHT_ROLES, advisee_q, schools_with_role
from tandem.people.models import Student
from tandem.schools.access import school_with_role
from tandem.schools.models import Role, School, Term

from .models import Criterion, Review


def oversight_school(user, school_id=None) -> School:
    return school_with_role(user, OVERSIGHT_ROLES, school_id)


def advisor_school(user, school_id=None) -> School:
    return school_with_role(user, {Role.ADVISOR}, school_id)


def criterion_for(user, criterion_id) -> Criterion:
    return get_object_or_404(
        Criterion.objects.select_related("rubric__school"),
        pk=criterion_id,
        rubric__school_id__in=schools_with_role(user, OVERSIGHT_ROLES),
    )


def term_for(user, term_id) -> Term:
    return get_object_or_404(
        Term.objects.select_related("year__school"),
        pk=term_id,
        year__school_id__in=schools_with_role(user, OVERSIGHT_ROLES),
    )


def _reviews():
    return Review.objects.select_related(
        "sample__school",
        "sample__term",
        "plan__student",
        "plan__term",
        "version",
        "advisor",
        "reviewer",
        "submitted_by",
    )


def review_for(user, review_id) -> Review:
    """A review for its reviewer: the school's oversight, or the peer it is assigned to."""
    peer = (
        Q(reviewer=user)
        & Q(sample__school_id__in=schools_with_role(user, {Role.ADVISOR}))
        & ~Q(plan__student__in=Student.objects.filter(advisee_q(user)))
    )
    oversight = Q(sample__school_id__in=schools_with_role(user, OVERSIGHT_ROLES))
    return get_object_or_404(_reviews().filter(oversight | peer), pk=review_id)


def feedback_for(user, review_id) -> Review:
    """A submitted review of one of the advisor's own advisees' plans."""
    return get_object_or_404(
        _reviews().filter(
            advisor=user,
            submitted_at__isnull=False,
            plan__student__in=Student.objects.filter(advisee_q(user)),
        ),
        pk=review_id,
    )
