"""Reads for outreach pages, each in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from tandem.core.collation import by_name
from tandem.people.models import Guardianship, Student
from tandem.schools import calendar
from tandem.schools.models import Quarter

from . import rules
from .due import meeting_state, meetings_in, reached_since
from .message_models import Message, MessageTemplate
from .models import CheckIn, ContactFlag, ContactLog, Outcome, OutreachSettings, QuarterlyMeeting


@dataclass
class QuarterRow:
    quarter: Quarter
    status: str | None  # a calendar state; None when the student joined after it began
    meetings: list = field(default_factory=list)
    ended: bool = False


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
    today = today or calendar.today(school)
    year = calendar.current_year(school, today)
    guardianships = list(
        Guardianship.objects.filter(student=student, caregiver__is_active=True)
        .select_related("caregiver", "household")
        .order_by(
            *by_name("household__name"), "household_id", *by_name("caregiver__last_name"), "pk"
        )
    )
    due_on = status = None
    quarters = []
    if year is not None:
        start = calendar.student_start(student, year)
        due_on = calendar.first_contact_due_on(start, school.first_contact_days)
        reached = ContactLog.objects.filter(
            student=student,
            outcome=Outcome.REACHED,
            contacted_at__gte=calendar.start_of_day(school, year.starts_on),
        ).exists()
        status = calendar.first_contact_state(reached=reached, due_on=due_on, on=today)
        meetings = list(
            QuarterlyMeeting.objects.filter(student=student, quarter__year=year).select_related(
                "advisor"
            )
        )
        previous = None
        for quarter in Quarter.objects.filter(year=year).order_by("starts_on"):
            held = [m for m in meetings if m.quarter_id == quarter.pk]
            # The due list's rule for the quarter, with the previous quarter as it sees it.
            student.met_now = len(held)
            student.met_before = (
                sum(1 for m in meetings if m.quarter_id == previous.pk) if previous else 0
            )
            state = meeting_state(student, quarter, previous, school, year, today)
            quarters.append(QuarterRow(quarter, state, held, ended=today > quarter.ends_on))
            previous = quarter
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


# The coordinator's lists: one row per enrolled student (of one advisor with `advisor`), with
# the same rules the due list and the outreach page apply. Each count on the page is the length
# of one of these lists (`?show=`).
SHOWS = {
    "contact_done": ("first_contact", calendar.DONE),
    "contact_due": ("first_contact", calendar.DUE),
    "contact_overdue": ("first_contact", calendar.OVERDUE),
    "quarter_held": ("quarter", calendar.HELD),
    "quarter_due": ("quarter", calendar.DUE),
    "quarter_overdue": ("quarter", calendar.OVERDUE),
    "quarter_not_owed": ("quarter", None),
}


@dataclass
class StudentRoutine:
    student: Student
    first_contact: str
    first_contact_due_on: object
    quarter: str | None  # None: the student joined after the quarter began


@dataclass
class Routines:
    rows: list[StudentRoutine]
    quarter: Quarter | None

    def of(self, show: str) -> list[StudentRoutine]:
        attribute, state = SHOWS[show]
        return [row for row in self.rows if getattr(row, attribute) == state]

    @property
    def counts(self) -> dict[str, int]:
        counts = {show: len(self.of(show)) for show in SHOWS}
        counts["students"] = len(self.rows)
        counts["contact_all"] = len(self.rows)
        counts["quarter_owed"] = len(self.rows) - counts["quarter_not_owed"]
        return counts


def school_routines(school, year, quarter, *, advisor=None, today=None) -> Routines:
    """Every enrolled student's first contact and quarterly-meeting state, in one query. The
    advisor filter keeps that advisor's current advisees."""
    from tandem.advisories.models import Advisory

    today = today or calendar.today(school)
    quarters = list(Quarter.objects.filter(year=year))
    previous = None
    if quarter is not None:
        earlier = [q for q in quarters if q.starts_on < quarter.starts_on]
        previous = max(earlier, key=lambda q: q.starts_on) if earlier else None
    students = Student.objects.filter(school=school, is_active=True).annotate(
        reached=reached_since(calendar.start_of_day(school, year.starts_on)),
        met_now=meetings_in(quarter),
        met_before=meetings_in(previous),
    )
    if advisor:
        advised = Advisory.objects.current().filter(
            student=OuterRef("pk"), advisor_id=advisor, year=year
        )
        students = students.filter(Exists(advised))
    rows = []
    for student in students.order_by(*by_name("last_name", "first_name"), "pk"):
        start = calendar.student_start(student, year)
        due_on = calendar.first_contact_due_on(start, school.first_contact_days)
        rows.append(
            StudentRoutine(
                student=student,
                first_contact=calendar.first_contact_state(
                    reached=student.reached, due_on=due_on, on=today
                ),
                first_contact_due_on=due_on,
                quarter=meeting_state(student, quarter, previous, school, year, today)
                if quarter is not None
                else None,
            )
        )
    return Routines(rows=rows, quarter=quarter)


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
