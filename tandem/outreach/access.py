"""Fetch-and-authorise for outreach. The contact log, meetings and check-ins are the school's
working notes about a student: staff with full access to the student see them (the advisor,
case manager, counselor, coordinator and admin), families and students do not. Only the
current advisor logs quarterly meetings and check-ins; anyone of that staff may log a contact
with the family (a case manager makes IEP families' first contact)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.policy import (
    OVERSIGHT_ROLES,
    is_current_advisor,
    roles_by_school,
    schools_with_role,
    staff_schools,
)
from tandem.people.access import student_for
from tandem.schools.models import Role, School

from .message_models import Message, MessageTemplate
from .models import ContactFlag


def staff_student(user, student_id):
    """The student, if the user is staff of the school with full access to the record."""
    student = student_for(user, student_id)
    if student.school_id not in roles_by_school(user):
        raise Http404
    return student


def advisor_student(user, student_id):
    student = staff_student(user, student_id)
    if not is_current_advisor(user, student):
        raise Http404
    return student


def require_routines(user) -> None:
    """The due list is for advisors, case managers and counselors."""
    if not schools_with_role(user, {Role.ADVISOR, Role.CASE_MANAGER, Role.COUNSELOR}):
        raise Http404


def require_advisor(user) -> list[int]:
    schools = schools_with_role(user, {Role.ADVISOR})
    if not schools:
        raise Http404
    return schools


def advised_school(user, school_id=None) -> School:
    """A school where the user advises: the one asked for, or their first."""
    schools = School.objects.filter(pk__in=require_advisor(user)).order_by("name")
    if not school_id:
        return schools.first()
    try:
        return get_object_or_404(schools, pk=int(school_id))
    except (TypeError, ValueError):
        raise Http404 from None


def message_for(user, message_id) -> Message:
    """A message its author reads, or the school's coordinator and admins."""
    oversight = schools_with_role(user, OVERSIGHT_ROLES)
    messages = Message.objects.select_related("school", "author")
    message = get_object_or_404(messages, pk=message_id)
    # The author reads their own message only while they still work at its school.
    authored = message.author_id == user.pk and message.school_id in staff_schools(user)
    if not authored and message.school_id not in oversight:
        raise Http404
    return message


def flag_for(user, flag_id) -> ContactFlag:
    schools = schools_with_role(user, OVERSIGHT_ROLES)
    flags = ContactFlag.objects.select_related("caregiver").filter(caregiver__school__in=schools)
    return get_object_or_404(flags, pk=flag_id)


def message_template_for(user, template_id) -> MessageTemplate:
    """A row of a message template of a school the user oversees (the coordinator's page)."""
    schools = schools_with_role(user, OVERSIGHT_ROLES)
    rows = MessageTemplate.objects.select_related("school").filter(school__in=schools)
    return get_object_or_404(rows, pk=template_id)
