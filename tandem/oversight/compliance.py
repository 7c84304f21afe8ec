"""Compliance, by advisor and by student: the one selector behind the coordinator's desk.

`desk_rows(school, ...)` returns one row per (student, item): the student, their current
advisor, who owns the item (the advisor, or the case manager for routed first contacts and IEP
progress), the item and its state. Every number on the desk is the length of `rows.of(...)`
with the same filters (STYLE.md habit 12); lists, exports, nudges and the weekly digest read the
same rows. The states come from the calendar (tandem/schools/calendar.py) and the due list's
own functions (tandem/outreach/due.py) — nothing here decides a date.

Queries: the year, quarters, the chosen term and its window, the advisories, the students with
their rule facts as annotations, and one prefetch per kind of record (plans of the year, the
plans the conference presents with their revision plans, the window's held conferences with
their attendance, the term's narratives, IEP goals with their points counted per quarter) — a
fixed number, whatever the school's size.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from tandem.advisories.models import Advisory
from tandem.conferences.models import Conference, Status
from tandem.evidence.models import IepGoal, Narrative
from tandem.meetings.selectors import attendance_of
from tandem.outreach import rules
from tandem.outreach.due import SETTLED, meeting_state, meetings_in, reached_since
from tandem.people.models import Student
from tandem.plans.models import Plan, PlanKind, PlanState, RevisionPlan
from tandem.schools import calendar
from tandem.schools.models import Quarter, Term

from .filters import (  # noqa: F401 - the desk's pages and tests read them from here
    HOUSEHOLDS,
    NO_ADVISOR,
    SUPPORTS,
    Filters,
    filtered,
    grades_of,
    languages_of,
)

# -- items and their states, in the desk's column order ----------------------------------------

FIRST_CONTACT = "first_contact"
QUARTERLY = "quarterly"
YEARLY_PLAN = "yearly_plan"
CONFERENCE = "conference"
APPROVAL = "approval"
NARRATIVE = "narrative"
IEP_PROGRESS = "iep_progress"

DONE, HELD, DUE, OVERDUE = calendar.DONE, calendar.HELD, calendar.DUE, calendar.OVERDUE
HELD_ALL = "held_all"
HELD_PARTIAL = "held_partial"
SETTLED_WITHOUT = "settled"
APPROVED = "approved"
REVISION = "revision"
REVISION_OVERDUE = "revision_overdue"
PENDING = "pending"
NO_PLAN = "no_plan"
FINAL = "final"
DRAFT = "draft"
MISSING = "missing"

ITEMS = {
    FIRST_CONTACT: (_("First contact"), [DONE, DUE, OVERDUE]),
    QUARTERLY: (_("Quarterly meetings"), [HELD, DUE, OVERDUE]),
    YEARLY_PLAN: (
        _("Initial PLP / annual update"),
        [*(s for s in PlanState.values if s != PlanState.CLOSED), DUE, OVERDUE],
    ),
    CONFERENCE: (
        _("Family review conference"),
        [HELD_ALL, HELD_PARTIAL, SETTLED_WITHOUT, calendar.UPCOMING, DUE, OVERDUE],
    ),
    APPROVAL: (
        _("Approval or revision plan"),
        [APPROVED, REVISION, REVISION_OVERDUE, PENDING, NO_PLAN],
    ),
    NARRATIVE: (_("Narrative"), [FINAL, DRAFT, MISSING]),
    IEP_PROGRESS: (_("IEP progress entries"), [HELD, DUE, OVERDUE]),
}

STATE_LABELS = {
    DONE: _("Done"),
    HELD: _("Held"),
    DUE: _("Due"),
    OVERDUE: _("Overdue"),
    calendar.UPCOMING: _("Not yet"),
    **dict(PlanState.choices),
    HELD_ALL: _("Held, all caregivers"),
    HELD_PARTIAL: _("Held, not all caregivers"),
    SETTLED_WITHOUT: _("Plan approved without it"),
    APPROVED: _("Approved"),
    REVISION: _("Revision plan"),
    REVISION_OVERDUE: _("Revision plan overdue"),
    PENDING: _("Neither yet"),
    NO_PLAN: _("No plan"),
    FINAL: _("Final"),
    DRAFT: _("Draft"),
    MISSING: _("Not started"),
}
# The yearly plan's "due"/"overdue" mean "not started yet".
YEARLY_LABELS = {DUE: _("Not started, due"), OVERDUE: _("Not started, overdue")}

# Items whose next step is the family's: a nudge about them goes to the family.
FAMILY_STATES = {(CONFERENCE, DUE), (CONFERENCE, OVERDUE), (APPROVAL, PENDING)}


def state_label(item: str, state: str) -> str:
    if item == YEARLY_PLAN and state in YEARLY_LABELS:
        return YEARLY_LABELS[state]
    return STATE_LABELS.get(state, state)


def item_label(item: str) -> str:
    return ITEMS[item][0]


# -- rows --------------------------------------------------------------------------------------


@dataclass
class DeskRow:
    student: Student
    advisor_id: int | None
    owner_id: int | None  # who a nudge about it goes to (advisor or case manager)
    item: str
    state: str
    due_on: datetime.date | None = None

    @property
    def key(self) -> str:
        return f"{self.student.pk}:{self.item}"

    @property
    def label(self) -> str:
        return f"{item_label(self.item)}: {state_label(self.item, self.state)}"

    @property
    def for_family(self) -> bool:
        return (self.item, self.state) in FAMILY_STATES


@dataclass
class Desk:
    school: object
    year: object
    term: object | None
    quarter: object | None
    today: datetime.date
    rows: list[DeskRow] = field(default_factory=list)
    advisors: dict = field(default_factory=dict)  # id -> User

    def of(self, *, item=None, state=None, advisor=None) -> list[DeskRow]:
        """The rows behind a cell: every count on the desk is the length of this list.
        `advisor` is a user id (int or digits), NO_ADVISOR or None for everyone."""
        if isinstance(advisor, str) and advisor.isdigit():
            advisor = int(advisor)
        return [
            row
            for row in self.rows
            if (item is None or row.item == item)
            and (state is None or row.state == state)
            and (
                advisor is None
                or (row.advisor_id is None if advisor == NO_ADVISOR else row.advisor_id == advisor)
            )
        ]

    def counts(self) -> Counter:
        return Counter((row.advisor_id, row.item, row.state) for row in self.rows)

    def table(self):
        """(advisor or None, its key for links, {(item, state): count}) per advisor in name
        order, the students without an advisor last; then the total."""
        counts = self.counts()
        per = {}
        for (advisor_id, item, state), n in counts.items():
            per.setdefault(advisor_id, Counter())[(item, state)] += n
        ordered = sorted(
            (a for a in per if a is not None),
            key=lambda a: (self.advisors[a].full_name.lower(), a),
        )
        lines = [(self.advisors[a], str(a), per[a]) for a in ordered]
        if None in per:
            lines.append((None, NO_ADVISOR, per[None]))
        total = Counter()
        for _a, _key, cells in lines:
            total.update(cells)
        return lines, total

    def columns(self):
        """(item, label, [(state, label)]) for the items the desk shows this time."""
        shown = {row.item for row in self.rows}
        return [
            (item, label, [(state, state_label(item, state)) for state in states])
            for item, (label, states) in ITEMS.items()
            if item in shown
        ]


def default_term(year, today):
    """The term the desk opens on: the one whose review is being arranged, else the running
    (or next) term of the year, else the year's last."""
    return (
        calendar.review_term(year, today)
        or calendar.plan_term(year, today)
        or year.terms.order_by("-ends_on").first()
    )


def desk_rows(school, *, filters: Filters | None = None, term=None, today=None) -> Desk | None:
    """Every (student, item, state) of the school's current year; None without a year."""
    filters = filters or Filters()
    today = today or calendar.today(school)
    year = calendar.current_year(school, today)
    if year is None:
        return None
    term = term if term is not None else default_term(year, today)
    quarters = list(Quarter.objects.filter(year=year))
    quarter, previous = calendar.current_quarter(quarters, today)
    window = calendar.window_of(term) if term is not None else None
    desk = Desk(school=school, year=year, term=term, quarter=quarter, today=today)

    advisor_of = dict(
        Advisory.objects.current(today)
        .filter(year=year, student__school=school)
        .values_list("student_id", "advisor_id")
    )
    earlier = Plan.objects.filter(student=OuterRef("pk"), term__year__starts_on__lt=year.starts_on)
    students = filtered(Student.objects.filter(school=school, is_active=True), filters, year)
    students = students.annotate(
        reached=reached_since(calendar.start_of_day(school, year.starts_on)),
        met_now=meetings_in(quarter),
        met_before=meetings_in(previous),
        returning=Exists(earlier),
    ).prefetch_related(
        Prefetch(
            "plans",
            Plan.objects.filter(
                term__year=year, kind__in=[PlanKind.INITIAL, PlanKind.ANNUAL]
            ).order_by("-created_at", "-pk"),
            to_attr="yearly_plans",
        )
    )
    if term is not None:
        presented = (
            Plan.objects.filter(term__year__school=school, term__starts_on__gte=term.starts_on)
            .select_related("term")
            .prefetch_related(
                Prefetch(
                    "revision_plans",
                    RevisionPlan.objects.filter(resolved_at__isnull=True).order_by("due_on"),
                    to_attr="open_revisions",
                )
            )
        )
        students = students.prefetch_related(
            Prefetch("plans", presented, to_attr="review_plans"),
            Prefetch("narratives", Narrative.objects.filter(term=term), to_attr="term_narratives"),
        )
    if window is not None:
        held = (
            Conference.objects.filter(window=window, status=Status.HELD)
            .select_related("meeting")
            .prefetch_related("meeting__attendees")
        )
        students = students.prefetch_related(Prefetch("conferences", held, to_attr="held"))
    if quarter is not None:
        spans = [quarter] + ([previous] if previous is not None else [])
        running = Q()
        for span in spans:
            running |= Q(starts_on__lte=span.ends_on, ends_on__gte=span.starts_on)

        def measured(span):
            if span is None:
                return Count("pk", filter=Q(pk__in=[]))
            return Count(
                "points",
                filter=Q(points__measured_on__gte=span.starts_on)
                & Q(points__measured_on__lte=span.ends_on),
            )

        goals = IepGoal.objects.filter(running).annotate(
            measured_now=measured(quarter), measured_before=measured(previous)
        )
        students = students.prefetch_related(Prefetch("iep_goals", goals, to_attr="goals"))

    for student in students.order_by("last_name", "first_name", "pk"):
        advisor_id = advisor_of.get(student.pk)
        add = _adder(desk, student, advisor_id)
        start = calendar.student_start(student, year)
        _first_contact(add, student, school, start, today)
        if quarter is not None:
            state = meeting_state(student, quarter, previous, school, year, today)
            if state is not None:
                add(QUARTERLY, state, due_on=quarter.ends_on)
            _iep_progress(add, student, quarter, previous, start, today)
        _yearly_plan(add, student, school, year, start, today)
        if term is not None:
            _approval(add, student, term, today)
            _narrative(add, student)
        if window is not None:
            _conference(add, student, term, window, today)

    ids = {row.advisor_id for row in desk.rows} | {row.owner_id for row in desk.rows}
    from django.contrib.auth import get_user_model

    desk.advisors = get_user_model().objects.in_bulk([i for i in ids if i is not None])
    return desk


def _adder(desk, student, advisor_id):
    def add(item, state, *, owner_id=None, due_on=None):
        desk.rows.append(
            DeskRow(
                student=student,
                advisor_id=advisor_id,
                owner_id=owner_id or advisor_id,
                item=item,
                state=state,
                due_on=due_on,
            )
        )

    return add


def _first_contact(add, student, school, start, today):
    due_on = calendar.first_contact_due_on(start, school.first_contact_days)
    state = calendar.first_contact_state(reached=student.reached, due_on=due_on, on=today)
    owner = student.case_manager_id if rules.routed_to_case_manager(student) else None
    add(FIRST_CONTACT, state, owner_id=owner, due_on=due_on)


def _iep_progress(add, student, quarter, previous, start, today):
    if not student.has_iep or not student.goals:
        return
    if not calendar.quarter_required(quarter, start):
        return
    owed = [g for g in student.goals if calendar.iep_goal_owes(g, quarter)]
    if not owed:
        return
    missed = (
        previous is not None
        and calendar.quarter_required(previous, start)
        and any(
            g.measured_before < calendar.IEP_POINTS_PER_QUARTER
            for g in student.goals
            if calendar.iep_goal_owes(g, previous)
        )
    )
    state = calendar.iep_progress_state(
        on=today,
        quarter=quarter,
        goals_owed=len(owed),
        goals_measured=sum(1 for g in owed if g.measured_now >= calendar.IEP_POINTS_PER_QUARTER),
        previous_missed=missed,
    )
    add(IEP_PROGRESS, state, owner_id=student.case_manager_id, due_on=quarter.ends_on)


def _yearly_plan(add, student, school, year, start, today):
    returning = student.returning
    kind = calendar.yearly_plan_kind(returning=returning)
    plan = next((p for p in student.yearly_plans if p.kind == kind), None)
    due_on = calendar.yearly_plan_due_on(
        returning=returning, start=start, year=year, first_contact_days=school.first_contact_days
    )
    if plan is None:
        add(YEARLY_PLAN, calendar.missing_plan_state(due_on=due_on, on=today), due_on=due_on)
    elif plan.state != PlanState.CLOSED:
        add(YEARLY_PLAN, plan.state, due_on=due_on)
    else:
        add(YEARLY_PLAN, PlanState.ACTIVE, due_on=due_on)  # closed after its year ran: it was


def _approval(add, student, term, today):
    plan = calendar.pick_presented(student.review_plans, term)
    if plan is None:
        add(APPROVAL, NO_PLAN)
        return
    if plan.state in SETTLED:
        add(APPROVAL, APPROVED)
        return
    revision = plan.open_revisions[0] if plan.open_revisions else None
    if plan.state == PlanState.NEEDS_REVISION and revision is not None:
        overdue = calendar.revision_plan_overdue(revision, today)
        add(APPROVAL, REVISION_OVERDUE if overdue else REVISION, due_on=revision.due_on)
        return
    add(APPROVAL, PENDING)


def _narrative(add, student):
    narrative = student.term_narratives[0] if student.term_narratives else None
    if narrative is None:
        add(NARRATIVE, MISSING)
    else:
        add(NARRATIVE, FINAL if narrative.finalized_at else DRAFT)


def _conference(add, student, term, window, today):
    """Held in the window (all caregivers present or not), else the due list's rule: cleared
    by the approval of the plan it presents, due through the window's last day."""
    if student.held:
        all_present = all(
            hasattr(c, "meeting") and attendance_of(c.meeting).all_caregivers_present
            for c in student.held
        )
        add(CONFERENCE, HELD_ALL if all_present else HELD_PARTIAL, due_on=window.ends_on)
        return
    plan = calendar.pick_presented(student.review_plans, term)
    if plan is not None and plan.state in SETTLED:
        add(CONFERENCE, SETTLED_WITHOUT, due_on=window.ends_on)
        return
    add(CONFERENCE, calendar.term_conference_state(term, window, today), due_on=window.ends_on)


def terms_of(year):
    return list(Term.objects.filter(year=year).order_by("starts_on"))
