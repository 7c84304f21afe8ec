"""Reads for meetings: the agenda with its coverage, attendance, the plan in the room, and
held meetings against the school's yearly minimum. Fixed query counts whatever the school's
size (the per-school count is one grouped query)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from tandem.conferences.models import Conference, Status
from tandem.schools.selectors import current_year

from .models import AttendeeKind, ChecklistItem, ItemKind


def checklist_items(checklist) -> tuple[list[ChecklistItem], list[ChecklistItem]]:
    """(agenda items, tips for the advisor), each in the school's order."""
    items = list(checklist.items.all())
    return (
        [i for i in items if i.kind == ItemKind.MUST],
        [i for i in items if i.kind != ItemKind.MUST],
    )


@dataclass
class Attendance:
    people: list
    invited_caregivers: int
    present_caregivers: int

    @property
    def all_caregivers_present(self) -> bool:
        return self.invited_caregivers > 0 and self.present_caregivers == self.invited_caregivers

    @property
    def present(self) -> list:
        return [a for a in self.people if a.present]


def attendance_of(meeting) -> Attendance:
    people = list(meeting.attendees.all())
    caregivers = [a for a in people if a.kind == AttendeeKind.CAREGIVER]
    return Attendance(
        people=people,
        invited_caregivers=sum(1 for a in caregivers if a.invited),
        present_caregivers=sum(1 for a in caregivers if a.invited and a.present),
    )


def all_caregivers_met(conferences) -> bool:
    """A student's held review met every invited caregiver: each of its held conferences (one,
    or one per household when households meet apart) has a meeting record in which every
    invited caregiver with rights was marked present. `conferences` need `meeting` and its
    `attendees` loaded."""
    return caregivers_met(
        [attendance_of(c.meeting) if hasattr(c, "meeting") else None for c in conferences]
    )


def caregivers_met(attendances) -> bool:
    """The same rule on each held conference's Attendance (None: no meeting record), for
    callers that count attendance in bulk (attendance_by_meeting)."""
    return bool(attendances) and all(
        a is not None and a.all_caregivers_present for a in attendances
    )


def attendance_by_meeting(meetings) -> dict:
    """{meeting id: Attendance without its people} for many meetings in one grouped query (the
    coordinator's desk asks `all_caregivers_present` of each): the caregivers counted as
    attendance_of counts them."""
    from django.db.models import Q

    from .models import Attendee

    caregiver = Q(kind=AttendeeKind.CAREGIVER, invited=True)
    rows = (
        Attendee.objects.filter(meeting__in=meetings)
        .order_by()
        .values("meeting_id")
        .annotate(
            n_invited=Count("pk", filter=caregiver),
            n_present=Count("pk", filter=caregiver & Q(present=True)),
        )
    )
    return {
        row["meeting_id"]: Attendance(
            people=[], invited_caregivers=row["n_invited"], present_caregivers=row["n_present"]
        )
        for row in rows
    }


def present_caregivers(meeting) -> list:
    """The caregivers marked present, as Caregiver rows (who may approve on the device)."""
    return [
        a.caregiver
        for a in meeting.attendees.select_related("caregiver").filter(
            kind=AttendeeKind.CAREGIVER, present=True
        )
    ]


def time_ran(meeting):
    """When the meeting ran, as (since, until): from the first thing recorded in it, or its
    booked start if that is earlier, to its end (until is None while it runs). The meeting
    record counts the plan edits made in this span as the meeting's changes."""
    since = meeting.conference.starts_at
    if meeting.started_at is not None:
        since = min(since, meeting.started_at)
    return since, meeting.finished_at


# -- the yearly minimum ----------------------------------------------------------------------


def _held(year):
    """Held conferences of the year. Households met apart in one window are one review, so a
    window counts once."""
    return Conference.objects.filter(status=Status.HELD, window__term__year=year)


def held_meetings_this_year(student, year=None) -> int:
    """How many review meetings with the family were held this school year (no-shows and
    cancelled conferences do not count)."""
    year = year or current_year(student.school)
    if year is None:
        return 0
    return _held(year).filter(student=student).values("window").distinct().count()


def held_counts(school, year=None) -> dict[int, int]:
    """Held meetings this year per student id, for the whole school in one query."""
    year = year or current_year(school)
    if year is None:
        return {}
    return dict(
        _held(year)
        .filter(student__school=school)
        .values("student")
        .annotate(n=Count("window", distinct=True))
        .values_list("student", "n")
    )


@dataclass
class YearlyProgress:
    held: int
    required: int
    year: object

    @property
    def met(self) -> bool:
        return self.held >= self.required

    @property
    def still_needed(self) -> int:
        return max(0, self.required - self.held)


def yearly_progress(student) -> YearlyProgress:
    year = current_year(student.school)
    return YearlyProgress(
        held=held_meetings_this_year(student, year),
        required=student.school.family_meetings_per_year,
        year=year,
    )


@dataclass
class SchoolProgress:
    students: int
    met: int
    required: int
    year: object


def school_progress(school) -> SchoolProgress:
    """How many of the school's active students had their yearly minimum of held meetings."""
    from tandem.people.models import Student

    year = current_year(school)
    counts = held_counts(school, year)
    required = school.family_meetings_per_year
    students = list(
        Student.objects.filter(school=school, is_active=True).values_list("pk", flat=True)
    )
    return SchoolProgress(
        students=len(students),
        met=sum(1 for pk in students if counts.get(pk, 0) >= required),
        required=required,
        year=year,
    )
