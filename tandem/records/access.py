"""Fetch-and-authorise for preparations and meeting records, on tandem.core.policy. Missing
and forbidden are the same 404.

Who sees a preparation is who sees the student's record (`full_access_q`): the student, who
writes it; the school's people with a legitimate interest (advisor, case manager, counselor,
coordinators and admins), who read it and comment; caregivers with educational rights, who
read it. A conference's pages add one narrowing for families: when a household meets apart,
a caregiver opens only their own household's conference. The conference's advisor is always
on the school's side, even after the advisory moved.

A meeting record is the school's to write; the family and the student read it only once it
is final.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.conferences.models import Conference
from tandem.core.policy import full_access_q, is_current_advisor, roles_by_school
from tandem.people.models import Guardianship, Student
from tandem.schools.models import Term

from .models import WorkPiece

STUDENT, STAFF, FAMILY = "student", "staff", "family"


@dataclass(frozen=True)
class Viewer:
    side: str  # STUDENT, STAFF or FAMILY
    advisor: bool = False  # the student's current advisor or the conference's advisor
    caregiver: object = None

    @property
    def is_student(self) -> bool:
        return self.side == STUDENT

    @property
    def is_staff(self) -> bool:
        return self.side == STAFF

    @property
    def is_family(self) -> bool:
        return self.side == FAMILY

    @property
    def can_edit_preparation(self) -> bool:
        return self.is_student

    @property
    def can_comment(self) -> bool:
        return self.is_staff

    @property
    def can_edit_record(self) -> bool:
        return self.is_staff


def viewer_of(user, student, *, conference=None) -> Viewer | None:
    """How the user stands to this student's conference pages, or None (a 404)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if student.user_id == user.pk:
        return Viewer(STUDENT)
    # The one policy decides: a conference's advisor who no longer has the student's record
    # (the student moved advisory) is an outsider here too, as on the meeting page.
    if not Student.objects.filter(pk=student.pk).filter(full_access_q(user)).exists():
        return None
    if student.school_id in roles_by_school(user):
        return Viewer(STAFF, advisor=is_current_advisor(user, student))
    caregiver = getattr(user, "caregiver", None)
    if caregiver is None or not caregiver.is_active:
        return None
    homes = set(
        Guardianship.objects.filter(
            student=student, caregiver=caregiver, has_educational_rights=True
        ).values_list("household_id", flat=True)
    )
    if not homes or (conference is not None and not family_invited(conference, homes)):
        return None
    return Viewer(FAMILY, caregiver=caregiver)


def family_invited(conference, homes) -> bool:
    """A caregiver whose child's households are `homes` (ties with rights) opens the child's
    conference — unless households meet apart and it is another household's."""
    return not conference.household_id or conference.household_id in homes


def conference_for(user, conference_id) -> tuple[Conference, Viewer]:
    conference = get_object_or_404(
        Conference.objects.select_related(
            "student__school", "window__term__year__school", "advisor", "household"
        ),
        pk=conference_id,
    )
    viewer = viewer_of(user, conference.student, conference=conference)
    if viewer is None:
        raise Http404
    return conference, viewer


def student_term_for(user, student_id, term_id) -> tuple[Student, Term, Viewer]:
    student = get_object_or_404(Student.objects.select_related("school"), pk=student_id)
    viewer = viewer_of(user, student)
    if viewer is None:
        raise Http404
    term = get_object_or_404(
        Term.objects.select_related("year"), pk=term_id, year__school_id=student.school_id
    )
    return student, term, viewer


def student_self(user) -> Student:
    student = getattr(user, "student", None) if user.is_authenticated else None
    if student is None or not student.is_active:
        raise Http404
    return student


def work_piece_for(user, piece_id) -> WorkPiece:
    piece = get_object_or_404(WorkPiece.objects.select_related("preparation__student"), pk=piece_id)
    if viewer_of(user, piece.preparation.student) is None:
        raise Http404
    return piece


def final_records(user):
    """The final meeting records this user reads (tandem.api's list): `viewer_of` and
    `record_visible_to` as one filter — the students whose record they see, the school's side
    and the student always, a caregiver only their own household's when households meet
    apart. Drafts are never in it."""
    from django.db.models import Exists, OuterRef, Q

    from tandem.core.policy import staff_schools

    from .models import MeetingRecord

    if not user.is_authenticated or not user.is_active:
        return MeetingRecord.objects.none()
    own_household = Guardianship.objects.filter(
        caregiver__user=user,
        caregiver__is_active=True,
        has_educational_rights=True,
        student=OuterRef("conference__student"),
        household=OuterRef("conference__household"),
    )
    return MeetingRecord.objects.filter(
        Q(finalized_at__isnull=False),
        Q(conference__student__in=Student.objects.filter(full_access_q(user))),
        Q(conference__student__school_id__in=staff_schools(user))
        | Q(conference__student__user=user)
        | Q(conference__household__isnull=True)
        | Exists(own_household),
    )


def record_visible_to(viewer: Viewer, record) -> bool:
    """The school's side always; the family and the student once the record is final."""
    return viewer.is_staff or (record is not None and record.is_final)
