"""Fetch-and-authorise for onboarding and the suggestions inbox; missing and forbidden are the
same 404.

- An advisor's pages (the expectations, their checklist, their suggestions) are the school's
  where they hold the advisor role now; their own suggestions only while they still advise
  there (staff who left see what a stranger sees).
- The coordinator's pages (who has acknowledged, the expectations editor, the inbox) are the
  school's coordinators' and school admins' (`policy.OVERSIGHT_ROLES`).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role
from tandem.schools.access import school_with_role
from tandem.schools.models import Role, School

from .models import ExpectationsVersion, StartTask, Suggestion


def advisor_school(user, school_id=None) -> School:
    return school_with_role(user, {Role.ADVISOR}, school_id)


def oversight_school(user, school_id=None) -> School:
    return school_with_role(user, OVERSIGHT_ROLES, school_id)


def version_to_acknowledge(user, school_id, version_id) -> ExpectationsVersion:
    """A version of the expectations of a school where the user advises."""
    school = advisor_school(user, school_id)
    try:
        return get_object_or_404(ExpectationsVersion, school=school, pk=int(version_id))
    except (TypeError, ValueError):
        raise Http404 from None


def own_task(user, task_id) -> StartTask:
    return get_object_or_404(
        StartTask.objects.select_related("school"),
        pk=task_id,
        school_id__in=schools_with_role(user, {Role.ADVISOR}),
    )


def own_suggestion(user, suggestion_id) -> Suggestion:
    return get_object_or_404(
        Suggestion.objects.select_related("school"),
        pk=suggestion_id,
        author=user,
        school_id__in=schools_with_role(user, {Role.ADVISOR}),
    )


def inbox_suggestion(user, suggestion_id) -> Suggestion:
    return get_object_or_404(
        Suggestion.objects.select_related("school", "author", "closed_by"),
        pk=suggestion_id,
        school_id__in=schools_with_role(user, OVERSIGHT_ROLES),
    )
