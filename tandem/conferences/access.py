"""Fetch-and-authorise for conferences, on tandem.core.policy. Missing and forbidden are the
same 404.

- A caregiver books for the children whose record they may see (rights, active), in the
  windows of their school that have not ended (`family_window`).
- The window's oversight pages are the school's coordinators' and admins'.
- A conference: the student's current advisor (policy.is_current_advisor: only while they
  hold a role at the school), the school's oversight, and its invited caregivers. Being the
  advisor written on a conference opens nothing by itself: a conference follows the advisory.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.compiled import Compiled
from tandem.core.dates import local_today
from tandem.core.policy import OVERSIGHT_ROLES, is_current_advisor, schools_with_role
from tandem.schools.models import Term

from .models import Conference, ConferenceWindow


def caregiver_of(user):
    caregiver = getattr(user, "caregiver", None) if user.is_authenticated else None
    if caregiver is None or not caregiver.is_active:
        raise Http404
    return caregiver


def _family_window(user, window, today):
    from django.db.models import OuterRef, Subquery

    from tandem.people.models import Caregiver

    from .selectors import open_windows

    mine = Caregiver.objects.filter(
        user=user, is_active=True, school=OuterRef("term__year__school")
    ).values("pk")[:1]
    return (
        open_windows(today)
        .annotate(caregiver_id=Subquery(mine))
        .filter(pk=window, caregiver_id__isnull=False)
        .order_by("pk")[:1]
    )


# The booking rush reads it with every booking: compiled once (tandem/core/compiled.py).
_FAMILY_WINDOW = Compiled(_family_window)


def family_window(user, window_id) -> ConferenceWindow:
    """A window not yet over at the school of this user's caregiver record (an active one),
    with the caregiver's id as `caregiver_id`: one query, for the booking page. The window's
    children and their rights are the family's selectors' (selectors.family_to_book)."""
    if not user.is_authenticated:
        raise Http404
    found = _FAMILY_WINDOW.all(user=user.pk, window=int(window_id), today=local_today())
    if not found:
        raise Http404
    return found[0]


def oversight_term(user, term_id) -> Term:
    return get_object_or_404(
        Term.objects.select_related("year__school"),
        pk=term_id,
        year__school_id__in=schools_with_role(user, OVERSIGHT_ROLES),
    )


def oversight_window(user, window_id) -> ConferenceWindow:
    return get_object_or_404(
        ConferenceWindow.objects.select_related("term__year__school"),
        pk=window_id,
        term__year__school_id__in=schools_with_role(user, OVERSIGHT_ROLES),
    )


def family_conference(user, conference_id) -> Conference:
    """A booked conference this caregiver is invited to."""
    caregiver = caregiver_of(user)
    conference = get_object_or_404(
        Conference.objects.select_related("window__term__year__school", "student", "advisor"),
        pk=conference_id,
        student__guardianships__caregiver=caregiver,
        student__guardianships__has_educational_rights=True,
    )
    if (
        conference.household_id
        and not caregiver.guardianships.filter(
            student=conference.student_id, household=conference.household_id
        ).exists()
    ):
        raise Http404
    return conference


def staff_conference(user, conference_id) -> Conference:
    conference = get_object_or_404(
        Conference.objects.select_related("window__term__year__school", "student"), pk=conference_id
    )
    if _school_or_advisor(user, conference.window, conference.student):
        return conference
    raise Http404


def window_advisor(user, window_id, advisor_id):
    """The window (the user oversees its school) and one of the school's advisors."""
    from django.contrib.auth import get_user_model

    from tandem.schools.models import Role

    window = oversight_window(user, window_id)
    advisor = get_object_or_404(
        get_user_model()
        .objects.filter(staff_roles__school=window.school, staff_roles__role=Role.ADVISOR)
        .distinct(),
        pk=advisor_id,
    )
    return window, advisor


def oversight_interpreter(user, window_id, interpreter_id):
    from .models import Interpreter

    window = oversight_window(user, window_id)
    interpreter = get_object_or_404(Interpreter, pk=interpreter_id, school=window.school)
    return window, interpreter


def _school_or_advisor(user, window, student) -> bool:
    """The school's oversight, or the student's current advisor in the window's year."""
    if window.school.pk in schools_with_role(user, OVERSIGHT_ROLES):
        return True
    return is_current_advisor(user, student, year=window.term.year_id)


def student_mode_window(user, window_id, student_id):
    """The window and the student, for the student's current advisor or the school's
    oversight."""
    from tandem.people.models import Student

    window = get_object_or_404(
        ConferenceWindow.objects.select_related("term__year__school"), pk=window_id
    )
    student = get_object_or_404(
        Student.objects.filter(school=window.school, is_active=True), pk=student_id
    )
    if not _school_or_advisor(user, window, student):
        raise Http404
    return window, student


def booking_student(user, window_id, student_id):
    """Staff booking on behalf of a family: the window and one of its students, for the
    school's oversight (coordinator, admin) or the student's current advisor."""
    return student_mode_window(user, window_id, student_id)


def booking_conference(user, conference_id) -> Conference:
    """Staff changing or cancelling on behalf of a family: the school's oversight or the
    student's current advisor."""
    conference = get_object_or_404(
        Conference.objects.select_related(
            "window__term__year__school", "student", "advisor", "interpreter"
        ),
        pk=conference_id,
    )
    if _school_or_advisor(user, conference.window, conference.student):
        return conference
    raise Http404
