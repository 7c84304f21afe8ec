"""What is due or overdue for one advisor or case manager: first contacts, quarterly meetings,
check-ins, PLP steps and review conferences. A fixed number of queries per school, whatever the
number of students: each rule's facts come in as annotations (EXISTS / subqueries) on one
student query, and the plans of the two terms in one prefetch each."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.collation import by_name
from tandem.core.policy import advisee_q, schools_with_role
from tandem.people.models import Student
from tandem.plans.models import Plan, PlanState
from tandem.plans.selectors import waiting_on
from tandem.schools import calendar
from tandem.schools.models import Quarter, Role, School

from . import rules
from .models import CheckIn, ContactLog, Outcome, OutreachSettings, QuarterlyMeeting

FIRST_CONTACT = "first_contact"
MEETING = "meeting"
CHECKIN = "checkin"
PLAN = "plan"
CONFERENCE = "conference"

STATUSES = (rules.DUE, rules.OVERDUE)  # what ?status= may filter the due page by
ADVISOR_PLAN_TURN = {PlanState.DRAFT, PlanState.READY, PlanState.APPROVED}
SETTLED = {PlanState.APPROVED, PlanState.ACTIVE, PlanState.CLOSED}


@dataclass
class DueItem:
    student: Student
    kind: str
    status: str  # rules.DUE or rules.OVERDUE
    text: str
    due_on: datetime.date | None = None
    days_since: int | None = None

    @property
    def sort_key(self):
        return (self.status != rules.OVERDUE, self.due_on or datetime.date.max, self.kind)


@dataclass
class DueList:
    items: list[DueItem] = field(default_factory=list)
    checkins: list[DueItem] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)

    def of_status(self, status: str) -> list[DueItem]:
        return [item for item in self.items if item.status == status]

    @property
    def overdue(self) -> int:
        return len(self.of_status(rules.OVERDUE))

    def __len__(self):
        return len(self.items) + len(self.checkins)


def reached_since(start):
    """EXISTS: a caregiver of the student was reached since `start` (the year's first moment)."""
    return Exists(
        ContactLog.objects.filter(
            student=OuterRef("pk"), outcome=Outcome.REACHED, contacted_at__gte=start
        )
    )


def meetings_in(quarter):
    """The student's quarterly meetings in `quarter`, as a subquery (0 without a quarter)."""
    if quarter is None:
        return Value(0, output_field=IntegerField())
    counted = (
        QuarterlyMeeting.objects.filter(student=OuterRef("pk"), quarter=quarter)
        .order_by()
        .values("student")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _last(model, column):
    latest = (
        model.objects.filter(student=OuterRef("pk"))
        .order_by()
        .values("student")
        .annotate(last=Max(column))
        .values("last")
    )
    return Subquery(latest)


def held_conference_in(window):
    """EXISTS: the student's conference in the window was held."""
    from tandem.conferences.models import Conference, Status

    return Exists(
        Conference.objects.filter(student=OuterRef("pk"), window=window, status=Status.HELD)
    )


def _advisees(user, school, year):
    return Student.objects.filter(advisee_q(user, year=year), school=school, is_active=True)


def due_for_school(user, school, *, today=None, advisor=True, case_manager=True) -> DueList:
    today = today or calendar.today(school)
    year = calendar.current_year(school, today)
    result = DueList(schools=[school])
    if year is None:
        return result
    settings = OutreachSettings.for_school(school)
    reached = reached_since(calendar.start_of_day(school, year.starts_on))

    if case_manager:
        routed = Student.objects.filter(
            Q(has_iep=True) | Q(has_504=True) | Q(has_est=True),
            school=school,
            case_manager=user,
            is_active=True,
        ).annotate(reached=reached)
        for student in routed.filter(reached=False).order_by(
            *by_name("last_name", "first_name"), "pk"
        ):
            _first_contact(result, student, school, year, today)

    if not advisor:
        return result
    quarter, previous = calendar.current_quarter(list(Quarter.objects.filter(year=year)), today)
    plan_term = calendar.plan_term(year, today)
    review_term = calendar.review_term(year, today)
    window = review_term.conference_window if review_term is not None else None
    students = (
        _advisees(user, school, year)
        .annotate(
            reached=reached,
            met_now=meetings_in(quarter),
            met_before=meetings_in(previous),
            last_checkin=_last(CheckIn, "at"),
            last_meeting=_last(QuarterlyMeeting, "held_on"),
        )
        .order_by(*by_name("last_name", "first_name"), "pk")
    )
    prefetches = []
    if plan_term is not None:
        prefetches.append(
            Prefetch("plans", Plan.objects.filter(term=plan_term), to_attr="term_plans")
        )
    if window is not None:
        # The conference after the term presents the next term's plan, else the term's own
        # (calendar.pick_presented): both are loaded, so the calendar picks as it does elsewhere.
        reviewed = Plan.objects.filter(
            term__year__school=school, term__starts_on__gte=review_term.starts_on
        ).select_related("term")
        prefetches.append(Prefetch("plans", reviewed, to_attr="review_plans"))
        students = students.annotate(conference_held=held_conference_in(window))
    students = students.prefetch_related(*prefetches)

    for student in students:
        if not (student.reached or rules.routed_to_case_manager(student)):
            _first_contact(result, student, school, year, today)
        if quarter is not None:
            _meeting(result, student, quarter, previous, school, year, today)
        _checkin(result, student, settings, school, today)
        if plan_term is not None:
            _plan_step(result, student, student.term_plans, plan_term, school, year)
        if window is not None:
            _conference(result, student, review_term, window, today)
    return result


def _first_contact(result, student, school, year, today):
    start = calendar.student_start(student, year)
    due_on = calendar.first_contact_due_on(start, school.first_contact_days)
    status = calendar.first_contact_state(reached=False, due_on=due_on, on=today)
    result.items.append(
        DueItem(student, FIRST_CONTACT, status, _("Reach the family (first contact)"), due_on)
    )


def meeting_state(student, quarter, previous, school, year, today) -> str | None:
    """The quarter's state for a student annotated with `met_now`/`met_before`, or None when
    the student owes no meetings for it (they arrived after it began). The due list, the
    outreach page and the coordinator's counts all ask this."""
    start = calendar.student_start(student, year)
    if not calendar.quarter_required(quarter, start):
        return None
    needed = school.meetings_per_quarter
    missed = (
        previous is not None
        and calendar.quarter_required(previous, start)
        and student.met_before < needed
    )
    return calendar.quarter_state(
        on=today, quarter=quarter, held=student.met_now, needed=needed, previous_missed=missed
    )


def _meeting(result, student, quarter, previous, school, year, today):
    status = meeting_state(student, quarter, previous, school, year, today)
    if status in (rules.DUE, rules.OVERDUE):
        text = _("Quarterly meeting (%(quarter)s)") % {"quarter": quarter}
        result.items.append(DueItem(student, MEETING, status, text, quarter.ends_on))


def _checkin(result, student, settings, school, today):
    lasts = [
        timezone.localtime(student.last_checkin, school.zone).date()
        if student.last_checkin
        else None,
        student.last_meeting,
    ]
    last = max((day for day in lasts if day), default=None)
    due, since = rules.checkin_due(last=last, today=today, days=settings.checkin_days)
    if due:
        text = (
            _("No check-in yet this year")
            if since is None
            else _("Last check-in %(days)s days ago") % {"days": since}
        )
        result.checkins.append(DueItem(student, CHECKIN, rules.DUE, text, None, since))


def _plan_step(result, student, plans, term, school, year):
    plan = plans[0] if plans else None
    if plan is not None and plan.state not in ADVISOR_PLAN_TURN:
        return
    if plan is not None and plan.state == PlanState.DRAFT and plan.advisor_ready_at:
        return
    text = f"{term.name}: {waiting_on(plan)}"
    start = calendar.student_start(student, year)
    due_on = calendar.plan_due_on(term, start, school.first_contact_days)
    result.items.append(DueItem(student, PLAN, rules.DUE, text, due_on))


def _conference(result, student, term, window, today):
    """Hold the term's review conference, until it is held or the plan it presents (the
    calendar's choice) is approved."""
    if student.conference_held:
        return
    plan = calendar.pick_presented(student.review_plans, term)
    if plan is not None and plan.state in SETTLED:
        return
    status = calendar.conference_state(window, today)
    text = _("%(term)s: hold the family review conference") % {"term": term.name}
    result.items.append(DueItem(student, CONFERENCE, status, text, window.ends_on))


def due_list(user, *, today=None) -> DueList:
    """Everything due for the user across the schools where they advise or case-manage."""
    advising = set(schools_with_role(user, {Role.ADVISOR}))
    managing = set(schools_with_role(user, {Role.CASE_MANAGER, Role.COUNSELOR}))
    result = DueList()
    for school in School.objects.filter(pk__in=advising | managing).order_by("name"):
        part = due_for_school(
            user,
            school,
            today=today,
            advisor=school.pk in advising,
            case_manager=school.pk in managing,
        )
        result.items += part.items
        result.checkins += part.checkins
        result.schools.append(school)
    result.items.sort(key=lambda item: item.sort_key)
    result.checkins.sort(key=lambda item: (item.days_since is not None, -(item.days_since or 0)))
    return result
