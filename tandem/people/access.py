"""Fetch-and-authorise for people records: the object the user may see, or a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.policy import full_access_q

from .models import Caregiver, Student


def student_for(user, student_id) -> Student:
    """The student's full record, if `user` may see it; a missing and a forbidden student are
    the same 404."""
    students = Student.objects.select_related("school", "case_manager", "counselor", "user")
    return get_object_or_404(students.filter(full_access_q(user)), pk=student_id)


def caregiver_of(user) -> Caregiver:
    """The caregiver record behind a signed-in family member, or a 404 for everyone else."""
    caregiver = getattr(user, "caregiver", None) if user.is_authenticated else None
    if caregiver is None or not caregiver.is_active:
        raise Http404
    return caregiver


def student_self(user) -> Student:
    student = getattr(user, "student", None) if user.is_authenticated else None
    if student is None or not student.is_active:
        raise Http404
    return student_for(user, student.pk)


def household_for(user, household_id):
    """A household whose address this user may see and edit: its own caregivers, and staff
    with full access to one of its students. Anyone else gets a 404."""
    from tandem.core.policy import roles_by_school

    from .models import Household

    household = get_object_or_404(Household, pk=household_id)
    caregiver = getattr(user, "caregiver", None) if user.is_authenticated else None
    if caregiver is not None and caregiver.is_active:
        if household.guardianships.filter(caregiver=caregiver).exists():
            return household
        raise Http404
    if roles_by_school(user) and (
        Student.objects.filter(full_access_q(user))
        .filter(guardianships__household=household)
        .exists()
    ):
        return household
    raise Http404
