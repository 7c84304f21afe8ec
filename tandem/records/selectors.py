"""Reads for the conference pages and the record's PDF, shaped for the templates with a fixed
number of queries.

What the record reads from other apps is read here and only here: the plan changes made on the
meeting day and the latest version's approvals (tandem.plans), the interventions
(tandem.evidence), and the meeting itself — when it ran and who was there (tandem.meetings).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from tandem.conferences.models import Conference, Status
from tandem.core.collation import by_name
from tandem.meetings import selectors as meeting_selectors
from tandem.meetings.models import Meeting

from .models import MeetingRecord, NextStep, Preparation, PreparationComment, WorkPiece


def meeting_url(conference) -> str:
    return reverse("meetings:agenda", args=[conference.pk])


def preparation_detail(preparation: Preparation) -> Preparation:
    return (
        Preparation.objects.select_related("student", "term", "updated_by")
        .prefetch_related(
            Prefetch("pieces", queryset=WorkPiece.objects.select_related("piece")),
            Prefetch("comments", queryset=PreparationComment.objects.select_related("author")),
        )
        .get(pk=preparation.pk)
    )


def term_conferences(student, term) -> list[Conference]:
    """The student's conferences of this term, booked or held (both of a household that meets
    apart)."""
    return list(
        Conference.objects.filter(
            student=student, window__term=term, status__in=[Status.BOOKED, Status.HELD]
        )
        .select_related("household")
        .order_by("starts_at")
    )


@dataclass
class TermRow:
    term: object
    preparation: Preparation | None
    conferences: list


def student_terms(student) -> list[TermRow]:
    """The student's own list: every term with a conference or a preparation, newest first,
    and the term running today (so a student can start before the meeting is booked)."""
    from tandem.schools.models import Term

    today = timezone.localdate()
    conferences = list(
        Conference.objects.filter(student=student)
        .exclude(status=Status.CANCELLED)
        .select_related("window__term", "household", "record")
        .order_by("starts_at")
    )
    preparations = {p.term_id: p for p in Preparation.objects.filter(student=student)}
    term_ids = {c.window.term_id for c in conferences} | set(preparations)
    current = Term.objects.filter(
        year__school=student.school_id, starts_on__lte=today, ends_on__gte=today
    ).values_list("pk", flat=True)
    term_ids |= set(current)
    terms = Term.objects.filter(pk__in=term_ids).order_by("-starts_on")
    return [
        TermRow(
            term=t,
            preparation=preparations.get(t.pk),
            conferences=[c for c in conferences if c.window.term_id == t.pk],
        )
        for t in terms
    ]


def record_detail(conference) -> MeetingRecord | None:
    return (
        MeetingRecord.objects.filter(conference=conference)
        .select_related("finalized_by", "updated_by")
        .prefetch_related(
            Prefetch("next_steps", queryset=NextStep.objects.select_related("owner")),
            Prefetch(
                "interventions",
                queryset=_interventions().order_by("-starts_on", "pk"),
            ),
        )
        .first()
    )


def _interventions():
    from tandem.evidence.models import Intervention

    return Intervention.objects.select_related("owner")


def interventions_of(student):
    """The student's interventions still open, to link to the record."""
    return list(
        _interventions()
        .filter(student=student)
        .exclude(status__in=["completed", "stopped"])
        .order_by("-starts_on", "pk")
    )


def step_owners(conference):
    """People who may own a next step: the school's staff and the student (a caregiver is named
    by free text, as they may not have an account)."""
    User = get_user_model()
    student = conference.student
    users = User.objects.filter(staff_roles__school=student.school_id, is_active=True)
    if student.user_id:
        users = users | User.objects.filter(pk=student.user_id)
    return users.distinct().order_by(*by_name("full_name"), "pk")


def _meeting_day_bounds(conference) -> tuple[datetime, datetime]:
    import zoneinfo

    zone = zoneinfo.ZoneInfo(conference.student.school.time_zone)
    day = timezone.localtime(conference.starts_at, zone).date()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


def _meeting_of(conference) -> Meeting | None:
    """The conference's meeting, if somebody ran it in Tandem."""
    return Meeting.objects.filter(conference=conference).first()


@dataclass
class PlanChange:
    title: str
    kind: str
    body: str
    items: list
    at: datetime
    author: str


def plan_of(conference):
    """The plan the meeting presents, by the calendar's rule (as the meeting page and the
    evidence packet): the next term's plan, else that term's own."""
    from tandem.schools import calendar

    return calendar.presented_plan(conference.student, conference.window.term, family_side=False)


def plan_changes(conference, plan, meeting) -> list[PlanChange]:
    """Each section of the reviewed plan revised on the meeting day (or while the meeting ran,
    when it was run in Tandem), with its latest text, in the plan's section order."""
    from tandem.plans.models import PlanEdit

    if plan is None:
        return []
    start, end = _meeting_day_bounds(conference)
    during = Q(at__gte=start, at__lt=end)
    if meeting is not None:
        since, until = meeting_selectors.time_ran(meeting)
        during |= Q(at__gte=since, at__lte=until) if until else Q(at__gte=since)
    edits = (
        PlanEdit.objects.filter(during, section__plan=plan)
        .select_related("section", "author")
        .order_by("section__order", "section__pk", "-at", "-pk")
    )
    latest = {}
    for edit in edits:
        latest.setdefault(edit.section_id, edit)
    return [
        PlanChange(
            title=e.section.title,
            kind=e.section.kind,
            body=e.body,
            items=e.items,
            at=e.at,
            author=e.author.full_name or e.author.email,
        )
        for e in latest.values()
    ]


def plan_approvals(plan):
    """The latest version of the plan and its approvals (caregiver, how, when)."""
    if plan is None:
        return None, []
    version = plan.versions.order_by("-number").first()
    if version is None:
        return None, []
    approvals = list(
        version.approvals.select_related("caregiver", "recorded_by").order_by("approved_at", "pk")
    )
    return version, approvals


@dataclass
class Attendance:
    rows: list  # (name, role, invited, present)
    all_caregivers_present: bool | None
    status: str  # the conference's status label


def attendance_of(conference, meeting) -> Attendance:
    """Who was invited and present, if the meeting was run in Tandem; otherwise just the
    conference's status (held / no-show / booked)."""
    status = conference.get_status_display()
    if meeting is None:
        return Attendance(rows=[], all_caregivers_present=None, status=status)
    taken = meeting_selectors.attendance_of(meeting)
    return Attendance(
        rows=[(a.name, a.role or a.get_kind_display(), a.invited, a.present) for a in taken.people],
        all_caregivers_present=taken.all_caregivers_present if taken.invited_caregivers else None,
        status=status,
    )


@dataclass
class RecordDocument:
    """Everything the record page (read-only) and the PDF show."""

    conference: Conference
    record: MeetingRecord | None
    plan: object
    changes: list
    version: object
    approvals: list
    attendance: Attendance


def record_document(conference) -> RecordDocument:
    plan = plan_of(conference)
    version, approvals = plan_approvals(plan)
    meeting = _meeting_of(conference)
    return RecordDocument(
        conference=conference,
        record=record_detail(conference),
        plan=plan,
        changes=plan_changes(conference, plan, meeting),
        version=version,
        approvals=approvals,
        attendance=attendance_of(conference, meeting),
    )
