"""Fetch-and-authorise for credentials, built on tandem.core.policy.

A student's credentials are part of their record: the student, their caregivers with
educational rights, and the staff who see the full record (`people.access.student_for`) download
them. Issuing and revoking are the school's oversight (coordinator, school admin). The DID
document, the status lists and the verification page are public.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.policy import OVERSIGHT_ROLES, roles_by_school
from tandem.people import access as people_access
from tandem.schools.access import school_with_role

from .models import Credential

student_for = people_access.student_for


def can_issue(user, student) -> bool:
    return bool(roles_by_school(user).get(student.school_id, frozenset()) & OVERSIGHT_ROLES)


def require_issuer(user, student) -> None:
    if not can_issue(user, student):
        raise Http404


def credential_for(user, student_id, credential_id) -> Credential:
    """One of the student's credentials, for someone who sees the student's record."""
    student = student_for(user, student_id)
    found = get_object_or_404(
        Credential.objects.select_related("competency", "signing_key"),
        pk=credential_id,
        student=student,
    )
    found.student = student
    return found


def oversight_school(user, school_id=None):
    return school_with_role(user, OVERSIGHT_ROLES, school_id)
