"""The calendar of the cycle (tandem.schools.calendar): its rules as tables, hypothesis over
term and window dates, and the database answers (which term, which plan, which window)."""

import datetime
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.schools import calendar

D = datetime.date
DAY = datetime.timedelta(days=1)


@dataclass
class FakeYear:
    starts_on: datetime.date
    ends_on: datetime.date = D(2027, 6, 18)


@dataclass
class FakeStudent:
    entered_on: datetime.date | None


@dataclass
class FakeSchool:
    conference_window_days: int


@dataclass
class FakeYearOf:
    school: FakeSchool


@dataclass
class FakeTerm:
    pk: int
    starts_on: datetime.date
    ends_on: datetime.date
    year: FakeYearOf | None = None


@dataclass
class FakePlan:
    pk: int
    term: FakeTerm

    @property
    def term_id(self):
        return self.term.pk


YEAR = FakeYear(D(2026, 9, 1))


# -- a term that ends on a Friday, and its window

# (term ends, window days, day asked, window's first day, last day, state on the day asked)
WINDOWS = [
    ("term ends Friday, 14 days", D(2026, 12, 18), 14, D(2026, 12, 19), D(2026, 12, 19), "due"),
    ("last day of the window", D(2026, 12, 18), 14, D(2027, 1, 1), D(2026, 12, 19), "due"),
    ("the day after the window", D(2026, 12, 18), 14, D(2027, 1, 2), D(2026, 12, 19), "overdue"),
    ("before the term ends", D(2026, 12, 18), 14, D(2026, 12, 10), D(2026, 12, 19), "due"),
    ("a one-day window", D(2026, 12, 18), 1, D(2026, 12, 20), D(2026, 12, 19), "overdue"),
]


@pytest.mark.parametrize(
    "ends_on,days,on,first,state", [row[1:] for row in WINDOWS], ids=[row[0] for row in WINDOWS]
)
def test_a_terms_default_window_and_the_review_state(ends_on, days, on, first, state):
    term = FakeTerm(1, ends_on - 90 * DAY, ends_on, FakeYearOf(FakeSchool(days)))
    starts_on, last = calendar.default_window_dates(term)
    assert starts_on == first  # the Saturday after a Friday
    assert last == ends_on + days * DAY

    @dataclass
    class Window:
        ends_on: datetime.date

    assert calendar.conference_state(Window(last), on) == state


def test_no_window_means_nothing_is_due():
    assert calendar.conference_state(None, D(2027, 1, 2)) is None


# -- a student's own start

# (entered on, day asked, start, first contact due by, state on the day if not reached)
STARTS = [
    ("since before the year", None, D(2026, 9, 15), D(2026, 9, 1), D(2026, 9, 15), "due"),
    ("since before, a day late", None, D(2026, 9, 16), D(2026, 9, 1), D(2026, 9, 15), "overdue"),
    ("entered in summer", D(2026, 8, 20), D(2026, 9, 16), D(2026, 9, 1), D(2026, 9, 15), "overdue"),
    ("enrolled mid-year", D(2027, 1, 11), D(2027, 1, 20), D(2027, 1, 11), D(2027, 1, 25), "due"),
    (
        "mid-year, last day",
        D(2027, 1, 11),
        D(2027, 1, 25),
        D(2027, 1, 11),
        D(2027, 1, 25),
        "due",
    ),
    (
        "mid-year, day after",
        D(2027, 1, 11),
        D(2027, 1, 26),
        D(2027, 1, 11),
        D(2027, 1, 25),
        "overdue",
    ),
]


@pytest.mark.parametrize(
    "entered,on,start,due_on,state", [row[1:] for row in STARTS], ids=[row[0] for row in STARTS]
)
def test_first_contact_runs_from_the_students_own_start(entered, on, start, due_on, state):
    assert calendar.student_start(FakeStudent(entered), YEAR) == start
    assert calendar.first_contact_due_on(start, 14) == due_on
    assert calendar.first_contact_state(reached=False, due_on=due_on, on=on) == state
    assert calendar.first_contact_state(reached=True, due_on=due_on, on=on) == "done"


Q1 = calendar.QuarterWindow(1, D(2026, 9, 1), D(2026, 11, 14))
Q2 = calendar.QuarterWindow(2, D(2026, 11, 15), D(2027, 1, 28))
Q3 = calendar.QuarterWindow(3, D(2027, 1, 29), D(2027, 4, 13))

# (quarter, student's start, owed?)
OWED = [
    ("since before the year, Q1", Q1, D(2026, 9, 1), True),
    ("enrolled mid-year, Q2 began before", Q2, D(2027, 1, 11), False),
    ("enrolled mid-year, Q3 begins after", Q3, D(2027, 1, 11), True),
    ("enrolled the day Q2 began", Q2, D(2026, 11, 15), True),
]


@pytest.mark.parametrize(
    "quarter,start,owed", [row[1:] for row in OWED], ids=[row[0] for row in OWED]
)
def test_meetings_are_owed_for_quarters_that_began_after_entry(quarter, start, owed):
    assert calendar.quarter_required(quarter, start) is owed


# (day, held, needed, previous missed, state)
QUARTER_STATES = [
    ("first day, previous met", D(2026, 11, 15), 0, 1, False, "due"),
    ("first day, previous missed", D(2026, 11, 15), 0, 1, True, "overdue"),
    ("held despite a missed one", D(2026, 11, 15), 1, 1, True, "held"),
    ("last day", D(2027, 1, 28), 0, 1, False, "due"),
    ("the day after", D(2027, 1, 29), 0, 1, False, "overdue"),
    ("one of two held", D(2027, 1, 10), 1, 2, False, "due"),
    ("two of two held", D(2027, 1, 10), 2, 2, False, "held"),
    ("not started", D(2026, 11, 14), 0, 1, False, "upcoming"),
]


@pytest.mark.parametrize(
    "on,held,needed,missed,state",
    [row[1:] for row in QUARTER_STATES],
    ids=[row[0] for row in QUARTER_STATES],
)
def test_quarter_state(on, held, needed, missed, state):
    assert (
        calendar.quarter_state(on=on, quarter=Q2, held=held, needed=needed, previous_missed=missed)
        == state
    )


def test_current_quarter_picks_the_latest_started():
    assert calendar.current_quarter([Q2, Q1], D(2026, 8, 31)) == (None, None)
    assert calendar.current_quarter([Q2, Q1], D(2026, 9, 1)) == (Q1, None)
    assert calendar.current_quarter([Q2, Q1], D(2026, 11, 15)) == (Q2, Q1)


def test_plan_due_dates():
    fall = FakeTerm(1, D(2026, 9, 1), D(2026, 12, 9))
    assert calendar.plan_due_on(fall, D(2026, 9, 1), 14) == D(2026, 12, 9)
    assert calendar.plan_due_on(fall, D(2026, 12, 1), 14) == D(2026, 12, 15)  # arrived late
    assert calendar.initial_plan_due_on(D(2027, 1, 11), 14) == D(2027, 1, 25)
    assert calendar.annual_plan_due_on(YEAR) == YEAR.ends_on


# -- which plan a conference presents

FALL = FakeTerm(1, D(2026, 9, 1), D(2026, 12, 9))
WINTER = FakeTerm(2, D(2026, 12, 10), D(2027, 3, 19))
SPRING = FakeTerm(3, D(2027, 3, 20), D(2027, 6, 18))
FALL_PLAN, WINTER_PLAN, SPRING_PLAN = FakePlan(10, FALL), FakePlan(20, WINTER), FakePlan(30, SPRING)

# (the student's plans, the conference's term, the plan it presents)
PRESENTED = [
    ("after Fall: the Winter plan", [FALL_PLAN, WINTER_PLAN], FALL, WINTER_PLAN),
    ("no Winter plan yet: Fall's own", [FALL_PLAN], FALL, FALL_PLAN),
    ("only a Winter plan", [WINTER_PLAN], FALL, WINTER_PLAN),
    ("the first later plan", [FALL_PLAN, SPRING_PLAN, WINTER_PLAN], FALL, WINTER_PLAN),
    ("no plans", [], FALL, None),
    ("after Winter: Spring", [FALL_PLAN, WINTER_PLAN, SPRING_PLAN], WINTER, SPRING_PLAN),
]


@pytest.mark.parametrize(
    "plans,term,presented",
    [row[1:] for row in PRESENTED],
    ids=[row[0] for row in PRESENTED],
)
def test_the_conference_after_a_term_presents_the_next_terms_plan(plans, term, presented):
    assert calendar.pick_presented(plans, term) == presented


# -- hypothesis over term and window dates

dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))


@settings(max_examples=200, deadline=None)
@given(ends_on=dates, days=st.integers(1, 90), offset=st.integers(-60, 150))
def test_the_review_is_due_through_the_window_and_overdue_after(ends_on, days, offset):
    term = FakeTerm(1, ends_on - 90 * DAY, ends_on, FakeYearOf(FakeSchool(days)))
    first, last = calendar.default_window_dates(term)
    assert first == ends_on + DAY and first <= last
    assert (last - ends_on).days == days

    @dataclass
    class Window:
        ends_on: datetime.date

    on = ends_on + offset * DAY
    state = calendar.conference_state(Window(last), on)
    assert state == ("due" if on <= last else "overdue")


@settings(max_examples=200, deadline=None)
@given(
    year_start=dates,
    entered=st.one_of(st.none(), dates),
    days=st.integers(0, 60),
    offset=st.integers(-30, 400),
)
def test_no_student_is_overdue_before_the_schools_days_from_their_start(
    year_start, entered, days, offset
):
    year = FakeYear(year_start)
    start = calendar.student_start(FakeStudent(entered), year)
    assert start >= year_start and (entered is None or start >= entered)
    due_on = calendar.first_contact_due_on(start, days)
    on = start + offset * DAY
    state = calendar.first_contact_state(reached=False, due_on=due_on, on=on)
    assert state == ("overdue" if (on - start).days > days else "due")


@settings(max_examples=200, deadline=None)
@given(
    q_start=dates,
    length=st.integers(20, 120),
    offset=st.integers(-30, 200),
    held=st.integers(0, 3),
    needed=st.integers(1, 3),
    missed=st.booleans(),
)
def test_a_quarter_is_never_overdue_while_it_runs_unless_the_last_was_missed(
    q_start, length, offset, held, needed, missed
):
    quarter = calendar.QuarterWindow(1, q_start, q_start + length * DAY)
    on = q_start + offset * DAY
    state = calendar.quarter_state(
        on=on, quarter=quarter, held=held, needed=needed, previous_missed=missed
    )
    if on < quarter.starts_on:
        assert state == "upcoming"
    elif held >= needed:
        assert state == "held"
    elif on <= quarter.ends_on and not missed:
        assert state == "due"
    else:
        assert state == "overdue"
