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
