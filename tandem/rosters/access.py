"""Fetch-and-authorise for roster imports: school admins only; anyone else gets a 404."""

from django.shortcuts import get_object_or_404

from tandem.core.policy import schools_with_role
from tandem.schools.access import school_with_role
from tandem.schools.models import Role, School

from .models import ImportRun


def admin_schools(user) -> list[int]:
    return schools_with_role(user, {Role.SCHOOL_ADMIN})


def admin_school(user, school_id=None) -> School:
    """A school the user administers: the one asked for, or their first."""
    return school_with_role(user, {Role.SCHOOL_ADMIN}, school_id)


def run_for(user, run_id) -> ImportRun:
    """An import into one of the user's schools; a run of another school is a 404."""
    runs = ImportRun.objects.filter(
        schools__in=admin_schools(user), kind=ImportRun.Kind.ROSTER
    ).distinct()
    return get_object_or_404(runs.select_related("by"), pk=run_id)
