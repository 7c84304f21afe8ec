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

from tandem.advisories.models import Advisory
from tandem.core.policy import schools_with_role
from tandem.people.models import Student
from tandem.plans.models import Plan, PlanState
from tandem.plans.selectors import waiting_on
from tandem.schools.models import Quarter, Role, School, Term
from tandem.schools.selectors import current_year

from . import rules
from .models import CheckIn, ContactLog, Outcome, OutreachSettings, QuarterlyMeeting

FIRST_CONTACT = "first_contact"
MEETING = "meeting"
CHECKIN = "checkin"
PLAN = "plan"
CONFERENCE = "conference"

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

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.items if item.status == rules.OVERDUE)

    def __len__(self):
        return len(self.items) + len(self.checkins)


def local_today(school) -> datetime.date:
    return timezone.localtime(timezone=school.zone).date()


def _year_start(school, year) -> datetime.datetime:
    return datetime.datetime.combine(year.starts_on, datetime.time(), tzinfo=school.zone)


def _reached_since(start):
    return Exists(
        ContactLog.objects.filter(
            student=OuterRef("pk"), outcome=Outcome.REACHED, contacted_at__gte=start
        )
    )


def _meetings_in(quarter):
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


def _conference_term(school, year, today):
    """The term whose review conference is being arranged: from two weeks before it ends until
    two weeks after its window closes."""
    window = school.conference_window_days
    return (
        Term.objects.filter(
            year=year,
            ends_on__gte=today - datetime.timedelta(days=window + 14),
            ends_on__lte=today + datetime.timedelta(days=14),
        )
        .order_by("ends_on")
        .first()
    )


def _plan_term(year, today):
    terms = Term.objects.filter(year=year)
    return (
        terms.filter(starts_on__lte=today, ends_on__gte=today).first()
        or terms.filter(starts_on__gt=today).order_by("starts_on").first()
    )


def _advisees(user, school, year):
    mine = Advisory.objects.current().filter(student=OuterRef("pk"), advisor=user, year=year)
    return Student.objects.filter(Exists(mine), school=school, is_active=True)


def due_for_school(user, school, *, today=None, advisor=True, case_manager=True) -> DueList:
    today = today or local_today(school)
    year = current_year(school, today)
    result = DueList(schools=[school])
    if year is None:
        return result
    settings = OutreachSettings.for_school(school)
    contact_due_on = rules.first_contact_due_on(year.starts_on, school.first_contact_days)
    reached = _reached_since(_year_start(school, year))

    if case_manager:
        routed = Student.objects.filter(
            Q(has_iep=True) | Q(has_504=True) | Q(has_est=True),
            school=school,
            case_manager=user,
            is_active=True,
        ).annotate(reached=reached)
        for student in routed.filter(reached=False).order_by("last_name", "first_name", "pk"):
            _first_contact(result, student, contact_due_on, today)

    if not advisor:
        return result
    quarter, previous = rules.current_quarter(list(Quarter.objects.filter(year=year)), today)
    plan_term = _plan_term(year, today)
    conference_term = _conference_term(school, year, today)
    students = (
        _advisees(user, school, year)
        .annotate(
            reached=reached,
            met_now=_meetings_in(quarter),
            met_before=_meetings_in(previous),
            last_checkin=_last(CheckIn, "at"),
            last_meeting=_last(QuarterlyMeeting, "held_on"),
        )
        .order_by("last_name", "first_name", "pk")
    )
    prefetches = []
    if plan_term is not None:
        prefetches.append(
            Prefetch("plans", Plan.objects.filter(term=plan_term), to_attr="term_plans")
        )
    if conference_term is not None:
        prefetches.append(
            Prefetch("plans", Plan.objects.filter(term=conference_term), to_attr="review_plans")
        )
    students = students.prefetch_related(*prefetches)

    for student in students:
        if not (student.reached or rules.routed_to_case_manager(student)):
            _first_contact(result, student, contact_due_on, today)
        if quarter is not None:
            _meeting(result, student, quarter, previous, school, today)
        _checkin(result, student, settings, school, today)
        if plan_term is not None:
            _plan_step(result, student, student.term_plans, plan_term)
        if conference_term is not None:
            _conference(result, student, student.review_plans, conference_term, school, today)
    return result


def _first_contact(result, student, due_on, today):
    status = rules.first_contact_status(reached=False, due_on=due_on, today=today)
    result.items.append(
        DueItem(student, FIRST_CONTACT, status, _("Reach the family (first contact)"), due_on)
    )


def _meeting(result, student, quarter, previous, school, today):
    status = rules.quarter_status(
        today=today,
        quarter=quarter,
        held=student.met_now,
        needed=school.meetings_per_quarter,
        previous_held=student.met_before if previous is not None else None,
        previous_needed=school.meetings_per_quarter,
    )
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


def _plan_step(result, student, plans, term):
    plan = plans[0] if plans else None
    if plan is not None and plan.state not in ADVISOR_PLAN_TURN:
        return
    if plan is not None and plan.state == PlanState.DRAFT and plan.advisor_ready_at:
        return
    text = f"{term.name}: {waiting_on(plan)}"
    result.items.append(DueItem(student, PLAN, rules.DUE, text, term.ends_on))


def _conference(result, student, plans, term, school, today):
    plan = plans[0] if plans else None
    if plan is not None and plan.state in SETTLED:
        return
    _start, due_on = rules.conference_window(term.ends_on, school.conference_window_days)
    status = rules.OVERDUE if today > due_on else rules.DUE
    text = _("%(term)s: hold the family review conference") % {"term": term.name}
    result.items.append(DueItem(student, CONFERENCE, status, text, due_on))


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
