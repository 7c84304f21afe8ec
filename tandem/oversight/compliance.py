"""Compliance, by advisor and by student: the one selector behind the coordinator's desk.

`desk_rows(school, ...)` returns the desk: one row per (student, item) — the student, their
current advisor, who owns the item (the advisor, or the case manager for routed first contacts
and IEP progress), the item and its state. Every number on the desk is the length of
`desk.of(...)` with the same filters (STYLE.md habit 12); lists, exports, nudges and the weekly
digest read the same rows. The table page counts the same lines without making a row object for
each (`Desk.counts`): rows and counts both come from `_lines`, the one loop that decides a
state. The states come from the calendar (tandem/schools/calendar.py) and the due list's own
functions (tandem/outreach/due.py) — nothing here decides a date.

Queries (`_facts`): the year, terms, quarters, the chosen term and its window, the advisories,
the students with their rule facts (reached, returning, meetings counted per quarter in one
join), the plans (the year's initial and annual plans and the plans the conference may present,
in one query by term ids; their open revision plans' days in another), the window's held
conferences with their attendance, the term's narratives, IEP goals with their points counted
per quarter — a fixed number, whatever the school's size, read as values rather than models.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict, namedtuple
from dataclasses import dataclass
from operator import itemgetter
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _

from tandem.advisories.models import Advisory
from tandem.conferences.models import Conference, Status
from tandem.evidence.models import IepGoal, Narrative
from tandem.meetings.selectors import attendance_by_meeting, caregivers_met
from tandem.outreach import rules
from tandem.outreach.due import SETTLED, meeting_state, reached_since
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

YEARLY_KINDS = (PlanKind.INITIAL, PlanKind.ANNUAL)

# Items whose next step is the family's: a nudge about them goes to the family.
FAMILY_STATES = {(CONFERENCE, DUE), (CONFERENCE, OVERDUE), (APPROVAL, PENDING)}


def state_label(item: str, state: str) -> str:
    if item == YEARLY_PLAN and state in YEARLY_LABELS:
        return YEARLY_LABELS[state]
    return STATE_LABELS.get(state, state)


def item_label(item: str) -> str:
    return ITEMS[item][0]


# -- rows --------------------------------------------------------------------------------------


@dataclass(slots=True)
class DeskRow:
    student: StudentLine
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


@dataclass(slots=True)
class Person:
    """An advisor or case manager as the desk names them (read as values, not models)."""

    pk: int
    full_name: str

    def __str__(self):
        return self.full_name


class Desk:
    """The desk for one school, term and set of filters. `rows` are made when first read; the
    table counts the same (student, item, state) lines without making them, so both are the
    one rule loop (`_lines`) over the same facts."""

    def __init__(self, facts: Facts):
        self.facts = facts
        self.school = facts.school
        self.year = facts.year
        self.term = facts.term
        self.quarter = facts.quarter
        self.today = facts.today
        self._rows: list[DeskRow] | None = None
        self._advisors: dict | None = None
        self._counts: Counter | None = None

    @property
    def rows(self) -> list[DeskRow]:
        if self._rows is None:
            if not self.facts.named:
                raise ValueError("a desk read with named=False counts; it has no rows")
            self._rows = [DeskRow(*line) for line in _lines(self.facts)]
        return self._rows

    @property
    def advisors(self) -> dict:
        """{user id: Person} of every advisor and case manager the rows can name (one query)."""
        if self._advisors is None:
            facts = self.facts
            people = set(facts.advisor_of.values())
            people.update(s.case_manager_id for s in facts.students)
            people.discard(None)
            self._advisors = {
                pk: Person(pk, name)
                for pk, name in get_user_model()
                .objects.filter(pk__in=people)
                .values_list("pk", "full_name")
            }
        return self._advisors

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
        """{(advisor id, item, state): how many rows}: from the rows when they were made, else
        straight from the rule loop (the table page makes no rows)."""
        if self._counts is None:
            if self._rows is not None:
                lines = ((row.advisor_id, row.item, row.state) for row in self._rows)
            else:
                # (advisor id, item, state) of each line, picked in C: no Python frame per line.
                lines = map(_COUNTED, _lines(self.facts))
            self._counts = Counter(lines)
        return self._counts

    def table(self):
        """(advisor or None, its key for links, {(item, state): count}) per advisor in name
        order, the students without an advisor last; then the total."""
        per = defaultdict(Counter)  # not setdefault(a, Counter()): a Counter made per cell
        for (advisor_id, item, state), n in self.counts().items():
            per[advisor_id][(item, state)] = n
        advisors = self.advisors
        ordered = sorted(
            (a for a in per if a is not None),
            key=lambda a: (advisors[a].full_name.lower(), a),
        )
        lines = [(advisors[a], str(a), per[a]) for a in ordered]
        if None in per:
            lines.append((None, NO_ADVISOR, per[None]))
        total = Counter()
        for _a, _key, cells in lines:
            total.update(cells)
        return lines, total

    def columns(self):
        """(item, label, [(state, label)]) for the items the desk shows this time."""
        shown = {item for _advisor, item, _state in self.counts()}
        return [
            (item, label, [(state, state_label(item, state)) for state in states])
            for item, (label, states) in ITEMS.items()
            if item in shown
        ]


# Of a line of `_lines`: (advisor id, item, state), what the table counts.
_COUNTED = itemgetter(1, 3, 4)


def default_term(year, today):
    """The term the desk opens on: the one whose review is being arranged, else the running
    (or next) term of the year, else the year's last."""
    return (
        calendar.review_term(year, today)
        or calendar.plan_term(year, today)
        or year.terms.order_by("-ends_on").first()
    )


class StudentFacts(NamedTuple):
    """What the desk's rules read of a student (read as values, not models: the desk reads
    every student of the school). A named tuple made straight from the query's row: no
    __init__ call per student, and a tuple of plain values, which the garbage collector stops
    tracking (3,000 slotted objects a page stayed tracked and were traced by the request's
    collections). The table page reads students as these alone (`desk_rows(...,
    named=False)`): it counts and lists no one, so its query sends no names and sorts nothing."""

    pk: int
    has_iep: bool
    has_504: bool
    has_est: bool
    case_manager_id: int | None
    entered_on: datetime.date | None
    reached: bool
    met_now: int
    met_before: int
    returning: bool

    @property
    def has_support_plan(self) -> bool:
        return self.has_iep or self.has_504 or self.has_est


# The columns of a student's facts (then the rule annotations, in StudentFacts' order).
FACT_FIELDS = ("pk", "has_iep", "has_504", "has_est", "case_manager_id", "entered_on")
# What a row names a student by, after the facts (StudentLine).
NAME_FIELDS = ("school_id", "first_name", "last_name", "preferred_name", "grade", "local_id")


class StudentLine(namedtuple("StudentLine", (*StudentFacts._fields, *NAME_FIELDS))):
    """A student as the desk's rows show them: their facts, then their names."""

    __slots__ = ()

    has_support_plan = StudentFacts.has_support_plan

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    def __str__(self):
        return self.display_name


class PlanLine(NamedTuple):
    """A plan as `_plans` reads it."""

    pk: int
    student_id: int
    term_id: int
    kind: str
    state: str
    revision_due_on: datetime.date | None  # its open revision plan's "revised by"


@dataclass(slots=True)
class _Presentable:
    """A plan with its term, as calendar.pick_presented reads plans (made only for each new
    shape of a student's plans, not for every plan)."""

    line: PlanLine
    term: object

    @property
    def term_id(self) -> int:
        return self.line.term_id


@dataclass
class Facts:
    """What the rules read about every student of a desk: a fixed number of queries, whatever
    the school's size (`_facts`)."""

    school: object
    year: object
    term: object | None
    quarter: object | None
    previous: object | None
    window: object | None
    today: datetime.date
    wanted: set
    terms: dict  # term id -> Term, the school's
    named: bool  # StudentLine in the students' order, else StudentFacts (counts only)
    students: list
    advisor_of: dict  # student id -> advisor id
    yearly: dict
    reviewed: dict
    narratives: dict
    held: dict
    goals: dict


def desk_rows(
    school,
    *,
    filters: Filters | None = None,
    term=None,
    today=None,
    items=None,
    year=None,
    named=True,
) -> Desk | None:
    """Every (student, item, state) of the school's current year (`year` when the caller has
    it already; only `items` when given); None without a year. A fixed number of queries: the
    students with their rule facts as annotations, then one values query per kind of record,
    grouped by student in Python. `named=False` is for counts alone (the table page): the
    students are read without their names or order, and the desk makes no rows."""
    facts = _facts(
        school,
        filters=filters or Filters(),
        term=term,
        today=today,
        items=items,
        year=year,
        named=named,
    )
    return None if facts is None else Desk(facts)


def _facts(school, *, filters, term, today, items, year=None, named=True) -> Facts | None:
    wanted = set(items or ITEMS)
    today = today or calendar.today(school)
    year = year or calendar.current_year(school, today)
    if year is None:
        return None
    terms = {t.pk: t for t in Term.objects.filter(year__school=school)}
    if term is None:
        term = default_term(year, today)
    quarter, previous = calendar.current_quarter(list(Quarter.objects.filter(year=year)), today)
    window = calendar.window_of(term) if term is not None else None

    chosen = filtered(Student.objects.filter(school=school, is_active=True), filters, year)
    ids = chosen.values("pk")
    advisor_of = dict(
        Advisory.objects.current(today)
        .filter(year=year, student__in=ids)
        .order_by()
        .values_list("student_id", "advisor_id")
    )

    def held_in(span):
        """The student's quarterly meetings in `span` (outreach.due.meetings_in's count),
        joined and counted for every student at once rather than a subquery per student."""
        if span is None or QUARTERLY not in wanted:
            return Value(0, output_field=IntegerField())
        return Count("meetings", filter=Q(meetings__quarter=span))

    earlier = Plan.objects.filter(student=OuterRef("pk"), term__year__starts_on__lt=year.starts_on)
    values = chosen.annotate(
        reached=reached_since(calendar.start_of_day(school, year.starts_on)),
        met_now=held_in(quarter),
        met_before=held_in(previous),
        returning=Exists(earlier),
    )
    # The table counts: no order. A list shows its students by name.
    values = values.order_by(*(("last_name", "first_name", "pk") if named else ()))
    make = (StudentLine if named else StudentFacts)._make
    rule_facts = (*FACT_FIELDS, "reached", "met_now", "met_before", "returning")
    students = [
        make(row) for row in values.values_list(*rule_facts, *(NAME_FIELDS if named else ()))
    ]

    yearly, reviewed = _plans(
        ids,
        school,
        year,
        term if term is not None and wanted & {APPROVAL, CONFERENCE} else None,
        terms,
        yearly=YEARLY_PLAN in wanted,
    )
    narratives = {}
    if term is not None and NARRATIVE in wanted:
        narratives = dict(
            Narrative.objects.filter(student__in=ids, term=term).values_list(
                "student_id", "finalized_at"
            )
        )
    held = {}
    if window is not None and CONFERENCE in wanted:
        held = _held(ids, window)
    goals = {}
    if quarter is not None and IEP_PROGRESS in wanted:
        goals = _goals(ids, quarter, previous)
    return Facts(
        school=school,
        year=year,
        term=term,
        quarter=quarter,
        previous=previous,
        window=window,
        today=today,
        wanted=wanted,
        terms=terms,
        named=named,
        students=students,
        advisor_of=advisor_of,
        yearly=yearly,
        reviewed=reviewed,
        narratives=narratives,
        held=held,
        goals=goals,
    )


def _lines(facts: Facts):
    """(student, advisor id, owner id, item, state, due on) for every student and item: the
    one place the desk's states are decided, for its rows and its counts alike.

    The rules are the calendar's, asked once per distinct set of facts (most students share a
    start date and most states): the school's size costs a few dictionary look-ups a student."""
    school, year, term, quarter, previous, window, today = (
        facts.school,
        facts.year,
        facts.term,
        facts.quarter,
        facts.previous,
        facts.window,
        facts.today,
    )
    wanted, advisor_of, terms = facts.wanted, facts.advisor_of, facts.terms
    yearly, reviewed, narratives = facts.yearly, facts.reviewed, facts.narratives
    held, goals = facts.held, facts.goals
    memo: dict = {}
    memo_get = memo.get
    unknown = object()
    want_first = FIRST_CONTACT in wanted
    want_quarterly = quarter is not None and QUARTERLY in wanted
    want_yearly = YEARLY_PLAN in wanted
    want_approval = term is not None and APPROVAL in wanted
    want_narrative = term is not None and NARRATIVE in wanted
    want_conference = term is not None and window is not None and CONFERENCE in wanted
    want_presented = want_approval or want_conference
    quarter_ends = quarter.ends_on if quarter is not None else None
    window_ends = window.ends_on if window is not None else None
    kind_for = {r: calendar.yearly_plan_kind(returning=r) for r in (False, True)}
    starts: dict = {}
    picks: dict = {}  # the terms of a student's plans -> which one the conference presents

    for student in facts.students:
        pk = student.pk
        advisor_id = advisor_of.get(pk)
        entered = student.entered_on
        start = starts.get(entered)
        if start is None:
            start = starts[entered] = calendar.student_start(student, year)
        if want_first:
            key = (FIRST_CONTACT, start, student.reached)
            found = memo_get(key, unknown)
            if found is unknown:
                found = memo[key] = _first_contact(student, school, start, today)
            routed = rules.routed_to_case_manager(student)
            owner = student.case_manager_id if routed else advisor_id
            yield student, advisor_id, owner, FIRST_CONTACT, found[0], found[1]
        if want_quarterly:
            key = (QUARTERLY, start, student.met_now, student.met_before)
            state = memo_get(key, unknown)
            if state is unknown:
                state = memo[key] = meeting_state(student, quarter, previous, school, year, today)
            if state is not None:
                yield student, advisor_id, advisor_id, QUARTERLY, state, quarter_ends
        if pk in goals:
            state = _iep_progress(goals[pk], quarter, previous, start, today)
            if state is not None:
                owner = student.case_manager_id or advisor_id
                yield student, advisor_id, owner, IEP_PROGRESS, state, quarter_ends
        if want_yearly:
            returning = student.returning
            plan_state = yearly.get((pk, kind_for[returning]))
            key = (YEARLY_PLAN, returning, start, plan_state)
            found = memo_get(key, unknown)
            if found is unknown:
                found = memo[key] = _yearly_plan(returning, plan_state, school, year, start, today)
            yield student, advisor_id, advisor_id, YEARLY_PLAN, found[0], found[1]
        if term is None:
            continue
        if want_presented:
            plan = facts_of_plan = None
            entry = reviewed.get(pk)
            if entry:
                shape, mine = tuple(entry[0]), entry[1]
                index = picks.get(shape)
                if index is None:
                    candidates = [_Presentable(p, terms[p.term_id]) for p in mine]
                    picked = calendar.pick_presented(candidates, term)
                    index = picks[shape] = -1 if picked is None else candidates.index(picked)
                if index >= 0:
                    plan = mine[index]
                    facts_of_plan = (plan.state, plan.revision_due_on)
        if want_approval:
            key = (APPROVAL, facts_of_plan)
            found = memo_get(key, unknown)
            if found is unknown:
                found = memo[key] = _approval(plan, today)
            yield student, advisor_id, advisor_id, APPROVAL, found[0], found[1]
        if want_narrative:
            state = _narrative(pk in narratives, narratives.get(pk))
            yield student, advisor_id, advisor_id, NARRATIVE, state, None
        if want_conference:
            all_present = held.get(pk)
            key = (CONFERENCE, all_present, facts_of_plan)
            state = memo_get(key, unknown)
            if state is unknown:
                state = memo[key] = _conference(all_present, plan, term, window, today)
            yield student, advisor_id, advisor_id, CONFERENCE, state, window_ends


def _plans(ids, school, year, term, terms, *, yearly: bool) -> tuple[dict, dict]:
    """The students' initial and annual plans of the year, as {(student id, kind): state of the
    newest}, and when `term` is given the plans for it and after (what pick_presented chooses
    from) as {student id: ([their term ids], [PlanLine])}, each with the "revised by" day of its
    first open revision plan. Two queries: the plans, read by the ids of the terms in question
    (the school's terms are in hand, so no join), and the open revision plans, few, grouped on
    their own (joined to every plan they made the plans' query group its thousands of rows)."""
    if not yearly and term is None:
        return {}, {}
    of_year = sorted(pk for pk, t in terms.items() if t.year_id == year.pk) if yearly else []
    later = []
    if term is not None:
        later = sorted(pk for pk, t in terms.items() if t.starts_on >= term.starts_on)
    wanted = Q(pk__in=[])
    if of_year:
        wanted |= Q(term_id__in=of_year, kind__in=list(YEARLY_KINDS))
    if later:
        wanted |= Q(term_id__in=later)
    rows = (
        Plan.objects.filter(wanted, student__in=ids)
        .order_by("-created_at", "-pk")  # the newest first: the yearly plan is the newest
        .values_list("pk", "student_id", "term_id", "kind", "state")
    )
    revised_by = {}
    if later:
        # By term alone (the school's terms): plans of students the filters leave out are
        # never looked up, and without the students' subquery the join is a tenth the work.
        revised_by = dict(
            RevisionPlan.objects.filter(plan__term_id__in=later, resolved_at__isnull=True)
            .order_by()
            .values_list("plan_id")
            .annotate(due_on=Min("due_on"))
        )
    of_year, later = set(of_year), set(later)
    newest: dict = {}
    grouped: dict = {}
    for pk, student_id, term_id, kind, state in rows:
        if term_id in of_year and kind in YEARLY_KINDS:
            newest.setdefault((student_id, kind), state)
        if term_id in later:
            mine = grouped.get(student_id)
            if mine is None:
                mine = grouped[student_id] = ([], [])
            mine[0].append(term_id)
            mine[1].append(PlanLine(pk, student_id, term_id, kind, state, revised_by.get(pk)))
    return newest, grouped


def _held(ids, window) -> dict:
    """{student id: whether their held review met every invited caregiver} for the students
    with a held conference in the window (meetings.selectors.caregivers_met)."""
    conferences = list(
        Conference.objects.filter(student__in=ids, window=window, status=Status.HELD).values_list(
            "student_id", "meeting__pk"
        )
    )
    attendance = attendance_by_meeting([m for _s, m in conferences if m is not None])
    per_student = {}
    for student_id, meeting_id in conferences:
        per_student.setdefault(student_id, []).append(attendance.get(meeting_id))
    return {student_id: caregivers_met(found) for student_id, found in per_student.items()}


@dataclass(slots=True)
class GoalLine:
    starts_on: datetime.date
    ends_on: datetime.date
    measured_now: int
    measured_before: int


def _goals(ids, quarter, previous) -> dict:
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

    rows = (
        IepGoal.objects.filter(running, student__in=ids, student__has_iep=True)
        .annotate(now=measured(quarter), before=measured(previous))
        .values_list("student_id", "starts_on", "ends_on", "now", "before")
    )
    grouped = {}
    for student_id, *rest in rows:
        grouped.setdefault(student_id, []).append(GoalLine(*rest))
    return grouped


def _first_contact(student, school, start, today):
    due_on = calendar.first_contact_due_on(start, school.first_contact_days)
    return calendar.first_contact_state(reached=student.reached, due_on=due_on, on=today), due_on


def _iep_progress(goals, quarter, previous, start, today):
    """The quarter's IEP progress state, or None when nothing is owed (no goal running, or the
    student arrived after the quarter began)."""
    if not calendar.quarter_required(quarter, start):
        return None
    owed = [g for g in goals if calendar.iep_goal_owes(g, quarter)]
    if not owed:
        return None
    missed = (
        previous is not None
        and calendar.quarter_required(previous, start)
        and any(
            g.measured_before < calendar.IEP_POINTS_PER_QUARTER
            for g in goals
            if calendar.iep_goal_owes(g, previous)
        )
    )
    return calendar.iep_progress_state(
        on=today,
        quarter=quarter,
        goals_owed=len(owed),
        goals_measured=sum(1 for g in owed if g.measured_now >= calendar.IEP_POINTS_PER_QUARTER),
        previous_missed=missed,
    )


def _yearly_plan(returning, state, school, year, start, today):
    """The initial PLP (new students) or annual update (returning ones) by the state of the
    newest plan of that kind in the year (`state`, None without one), else not started."""
    due_on = calendar.yearly_plan_due_on(
        returning=returning, start=start, year=year, first_contact_days=school.first_contact_days
    )
    if state is None:
        return calendar.missing_plan_state(due_on=due_on, on=today), due_on
    if state == PlanState.CLOSED:
        return PlanState.ACTIVE, due_on  # closed once its year ran: it was active
    return state, due_on


def _approval(plan, today):
    """The plan the term's conference presents: approved, a revision plan in place (or
    overdue), or neither yet."""
    if plan is None:
        return NO_PLAN, None
    if plan.state in SETTLED:
        return APPROVED, None
    if plan.state == PlanState.NEEDS_REVISION and plan.revision_due_on is not None:
        overdue = calendar.revision_plan_overdue(plan.revision_due_on, today)
        return (REVISION_OVERDUE if overdue else REVISION), plan.revision_due_on
    return PENDING, None


def _narrative(exists, finalized_at):
    if not exists:
        return MISSING
    return FINAL if finalized_at else DRAFT


def _conference(all_present, plan, term, window, today):
    """Held in the window (all caregivers present at every held conference, or not), else the
    due list's rule: cleared by the approval of the plan it presents, due through the window's
    last day. `all_present` is None when nothing was held."""
    if all_present is not None:
        return HELD_ALL if all_present else HELD_PARTIAL
    if plan is not None and plan.state in SETTLED:
        return SETTLED_WITHOUT
    return calendar.term_conference_state(term, window, today)


def terms_of(year):
    return list(Term.objects.filter(year=year).order_by("starts_on"))
