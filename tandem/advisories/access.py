"""Fetch-and-authorise for advisory pages: the school or student the user oversees, or 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role
from tandem.people.models import Student
from tandem.schools.access import school_with_role
from tandem.schools.models import Role, School


def oversight_school(user, school_id=None) -> School:
    """A school the user coordinates or administers: the one asked for, or their first."""
    return school_with_role(user, OVERSIGHT_ROLES, school_id)


def oversight_student(user, student_id) -> Student:
    students = Student.objects.select_related("school").filter(
        school_id__in=schools_with_role(user, OVERSIGHT_ROLES)
    )
    return get_object_or_404(students, pk=student_id)


def require_advisor(user) -> list[int]:
    """The schools where the user advises; 404 for anyone who advises nowhere."""
    schools = schools_with_role(user, {Role.ADVISOR})
    if not schools:
        raise Http404
    return schools


def require_caseload_role(user) -> list[int]:
    schools = schools_with_role(user, {Role.CASE_MANAGER, Role.COUNSELOR})
    if not schools:
        raise Http404
    return schools


def departure(user, person_id, school_id=None):
    """A school the user oversees and one person who left something there (their entry of
    departures.departures); 404 when they left nothing, as for a person who does not exist."""
    from django.contrib.auth import get_user_model

    from .departures import departure_of

    school = oversight_school(user, school_id)
    person = get_object_or_404(get_user_model(), pk=person_id)
    found = departure_of(school, person)
    if found is None:
        raise Http404
    return school, found
