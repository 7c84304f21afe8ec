"""Reads for core's pages: the messages that did not reach the family."""

from .models import Delivery

UNDELIVERED = [Delivery.State.RETRYING, Delivery.State.FAILED]


def undelivered_for_school(school):
    """Every undelivered message about the school's families and staff, newest first."""
    return (
        Delivery.objects.filter(school=school, state__in=UNDELIVERED)
        .select_related("student", "caregiver")
        .defer("attachment", "html", "body")
    )


def undelivered_to_caregivers_of(student):
    """The messages to the student's caregivers that have not arrived (the advisor's notice)."""
    return (
        Delivery.objects.filter(student=student, caregiver__isnull=False, state__in=UNDELIVERED)
        .select_related("caregiver")
        .defer("attachment", "html", "body")
    )
