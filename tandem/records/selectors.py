"""Reads for the conference pages and the record's PDF, shaped for the templates with a fixed
number of queries.

What the record reads from other apps is read here and only here: the plan changes made on the
meeting day and the latest version's approvals (tandem.plans), the interventions
(tandem.evidence), and the attendance the meetings app took (tandem.meetings, when installed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tandem.conferences.models import Conference, Status

from .models import MeetingRecord, NextStep, Preparation, PreparationComment


def meeting_url(conference) -> str | None:
    """The meeting page (tandem.meetings), if that app is installed."""
    try:
        return reverse("meetings:agenda", args=[conference.pk])
    except NoReverseMatch:
        return None


def preparation_detail(preparation: Preparation) -> Preparation:
    return (
        Preparation.objects.select_related("student", "term", "updated_by")
        .prefetch_related(
            "pieces",
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
    return users.distinct().order_by("full_name")


def _meeting_day_bounds(conference) -> tuple[datetime, datetime]:
    import zoneinfo

    zone = zoneinfo.ZoneInfo(conference.student.school.time_zone)
    day = timezone.localtime(conference.starts_at, zone).date()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


def _meeting_of(conference):
    """The meetings app's Meeting of this conference, if that app is installed and it ran."""
    if not apps.is_installed("tandem.meetings"):
        return None
    try:
        Meeting = apps.get_model("meetings", "Meeting")
    except LookupError:
        return None
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
    """The plan the meeting reviews, by the evidence packet's rule (and the meeting page's): the
    new plan drafted for the term after the conference's, else that term's own."""
    from tandem.evidence.selectors import new_plan_of

    return new_plan_of(conference.student, conference.window.term, family_side=False)


def plan_changes(conference, plan=None) -> list[PlanChange]:
    """Each section of the reviewed plan revised on the meeting day, with its text at the end of
    that day (the last edit of the day), in the plan's section order."""
    from tandem.plans.models import PlanEdit

    plan = plan if plan is not None else plan_of(conference)
    if plan is None:
        return []
    start, end = _meeting_day_bounds(conference)
    during = Q(at__gte=start, at__lt=end)
    meeting = _meeting_of(conference)
    if meeting is not None:
        # The meetings app knows when the meeting ran: from its booked start or the first thing
        # recorded in it, whichever is earlier, to its end (as tandem.meetings' own account).
        since = min(conference.starts_at, meeting.started_at or conference.starts_at)
        window = Q(at__gte=since)
        if getattr(meeting, "finished_at", None):
            window &= Q(at__lte=meeting.finished_at)
        during |= window
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


def attendance_of(conference) -> Attendance:
    """Who was invited and present, if the meetings app took attendance; otherwise just the
    conference's status (held / no-show / booked)."""
    rows, all_present = [], None
    if apps.is_installed("tandem.meetings"):
        try:
            Attendee = apps.get_model("meetings", "Attendee")
        except LookupError:
            Attendee = None
        if Attendee is not None:
            attendees = list(Attendee.objects.filter(meeting__conference=conference).order_by("pk"))
            for a in attendees:
                label = a.get_kind_display() if hasattr(a, "get_kind_display") else ""
                role = getattr(a, "role", "") or label
                rows.append(
                    (a.name, role, getattr(a, "invited", True), getattr(a, "present", False))
                )
            caregivers = [a for a in attendees if getattr(a, "kind", "") == "caregiver"]
            if caregivers:
                all_present = all(getattr(a, "present", False) for a in caregivers)
    return Attendance(
        rows=rows, all_caregivers_present=all_present, status=conference.get_status_display()
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
    return RecordDocument(
        conference=conference,
        record=record_detail(conference),
        plan=plan,
        changes=plan_changes(conference, plan),
        version=version,
        approvals=approvals,
        attendance=attendance_of(conference),
    )
