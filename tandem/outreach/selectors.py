"""Reads for outreach pages, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from tandem.people.models import Guardianship
from tandem.schools.models import Quarter
from tandem.schools.selectors import current_year

from . import rules
from .due import _year_start, local_today
from .message_models import Message, MessageTemplate
from .models import CheckIn, ContactFlag, ContactLog, Outcome, OutreachSettings, QuarterlyMeeting


@dataclass
class QuarterRow:
    quarter: Quarter
    status: str
    meetings: list = field(default_factory=list)


@dataclass
class StudentOutreach:
    student: object
    guardianships: list
    first_contact_status: str
    first_contact_due_on: object
    first_contact_owner: object
    quarters: list[QuarterRow]
    checkins: list
    checkin_days: int
    flags: list


def student_outreach(student, *, advisor=None, today=None) -> StudentOutreach:
    school = student.school
    today = today or local_today(school)
    year = current_year(school, today)
    guardianships = list(
        Guardianship.objects.filter(student=student, caregiver__is_active=True)
        .select_related("caregiver", "household")
        .order_by("household__name", "household_id", "caregiver__last_name", "pk")
    )
    due_on = status = None
    quarters = []
    if year is not None:
        due_on = rules.first_contact_due_on(year.starts_on, school.first_contact_days)
        reached = ContactLog.objects.filter(
            student=student, outcome=Outcome.REACHED, contacted_at__gte=_year_start(school, year)
        ).exists()
        status = rules.first_contact_status(reached=reached, due_on=due_on, today=today)
        meetings = list(
            QuarterlyMeeting.objects.filter(student=student, quarter__year=year).select_related(
                "advisor"
            )
        )
        for quarter in Quarter.objects.filter(year=year).order_by("number"):
            held = [m for m in meetings if m.quarter_id == quarter.pk]
            state = rules.past_quarter_status(
                today=today, quarter=quarter, held=len(held), needed=school.meetings_per_quarter
            )
            quarters.append(QuarterRow(quarter, state, held))
    owner = student.case_manager if rules.routed_to_case_manager(student) else advisor
    return StudentOutreach(
        student=student,
        guardianships=guardianships,
        first_contact_status=status,
        first_contact_due_on=due_on,
        first_contact_owner=owner,
        quarters=quarters,
        checkins=list(student.checkins.select_related("advisor")[:10]),
        checkin_days=OutreachSettings.for_school(school).checkin_days,
        flags=list(
            ContactFlag.objects.filter(
                caregiver__in=[g.caregiver_id for g in guardianships], resolved_at__isnull=True
            ).select_related("caregiver")
        ),
    )


def contacts_of(student):
    return ContactLog.objects.filter(student=student).select_related("caregiver", "by", "recipient")


def school_meetings(school, year, *, quarter=None, advisor=None):
    """What advisors reported from their quarterly meetings, newest first."""
    meetings = QuarterlyMeeting.objects.filter(quarter__year=year, student__school=school)
    if quarter is not None:
        meetings = meetings.filter(quarter=quarter)
    if advisor:
        meetings = meetings.filter(advisor_id=advisor)
    return meetings.select_related("student", "advisor", "quarter")


def meeting_counts(school, year, quarter):
    """(students met this quarter, enrolled students) for the coordinator's summary."""
    from tandem.people.models import Student

    return Student.objects.filter(school=school, is_active=True).aggregate(
        enrolled=Count("pk", distinct=True),
        met=Count("pk", filter=Q(meetings__quarter=quarter), distinct=True),
    )


def first_contact_counts(school, year, today) -> dict:
    """How many enrolled students' families have been reached this year, for the coordinator;
    after the school's days, the rest are overdue."""
    from django.db.models import Exists, OuterRef

    from tandem.people.models import Student

    reached = ContactLog.objects.filter(
        student=OuterRef("pk"), outcome=Outcome.REACHED, contacted_at__gte=_year_start(school, year)
    )
    counts = Student.objects.filter(school=school, is_active=True).aggregate(
        enrolled=Count("pk"), reached=Count("pk", filter=Q(Exists(reached)))
    )
    due_on = rules.first_contact_due_on(year.starts_on, school.first_contact_days)
    counts["due_on"] = due_on
    counts["overdue"] = counts["enrolled"] - counts["reached"] if today > due_on else 0
    return counts


def open_flags(school):
    return (
        ContactFlag.objects.filter(caregiver__school=school, resolved_at__isnull=True)
        .select_related("caregiver", "flagged_by")
        .order_by("-flagged_at", "-id")
    )


def messages_by(user):
    return (
        Message.objects.filter(author=user)
        .select_related("school")
        .annotate(
            total=Count("recipients"),
            sent=Count("recipients", filter=Q(recipients__status="sent")),
            failed=Count("recipients", filter=Q(recipients__status="failed")),
            held=Count("recipients", filter=Q(recipients__status="held")),
        )
        .order_by("-created_at", "-id")
    )


def template_names(school_ids) -> list[tuple[str, str]]:
    names = (
        MessageTemplate.objects.filter(school_id__in=school_ids)
        .values_list("name", flat=True)
        .distinct()
        .order_by("name")
    )
    return [(name, name) for name in names]


def recent_checkins(student):
    return CheckIn.objects.filter(student=student).select_related("advisor")[:10]
