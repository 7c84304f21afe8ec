"""The calendar of the PLP cycle: the one module that answers "what time is it at the school",
"which term is it", "which plan does a conference present", "when is this due" and "may this
conference be marked held yet" (STYLE.md habit 11). Pages, counts, e-mails, the digest and the
demo ask it; no other module computes these dates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

# ---------------------------------------------------------------------------------------------
# Terms, windows, which plan, what is due (issue 14). The conference held/no-show/finish rules
# have their own section below this one.
# ---------------------------------------------------------------------------------------------

DONE = "done"
HELD = "held"
DUE = "due"
OVERDUE = "overdue"
UPCOMING = "upcoming"

# The coordinator hears of a term without a conference window from two weeks before it ends.
WINDOW_NOTICE_DAYS = 14
# The due list arranges a term's review from two weeks before the term ends until two weeks
# after its window closes.
REVIEW_LEAD_DAYS = 14


# -- the school's clock, year and term ---------------------------------------------------------


def today(school, now: datetime.datetime | None = None) -> datetime.date:
    """Today at the school (in its time zone), whatever the server's zone; `now` for the day
    of another instant (the digest's run)."""
    return timezone.localdate(now, timezone=school.zone)


def start_of_day(school, day: datetime.date) -> datetime.datetime:
    """Midnight at the school on `day`, as an aware datetime (for "since the year began")."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=school.zone)


def current_year(school, on: datetime.date | None = None):
    """The year that contains the day (today at the school by default); between years, the
    next one to start; failing that, the latest."""
    from .models import AcademicYear

    on = on or today(school)
    years = AcademicYear.objects.filter(school=school)
    return (
        years.filter(starts_on__lte=on, ends_on__gte=on).first()
        or years.filter(starts_on__gt=on).order_by("starts_on").first()
        or years.order_by("-ends_on").first()
    )


def current_term(school, on: datetime.date | None = None):
    """The term that contains the day; between terms, the next one; failing that, the latest."""
    from .models import Term

    on = on or today(school)
    terms = Term.objects.filter(year__school=school).select_related("year")
    return (
        terms.filter(starts_on__lte=on, ends_on__gte=on).first()
        or terms.filter(starts_on__gt=on).order_by("starts_on").first()
        or terms.order_by("-ends_on").first()
    )


def plan_term(year, on: datetime.date):
    """The term of the year whose plan is being worked on: the one running, else the next."""
    terms = year.terms.all()
    return (
        terms.filter(starts_on__lte=on, ends_on__gte=on).first()
        or terms.filter(starts_on__gt=on).order_by("starts_on").first()
    )


def next_term(term):
    """The school's term after `term` (the next year's first term after a year's last)."""
    from .models import Term

    return (
        Term.objects.filter(year__school_id=term.year.school_id, starts_on__gt=term.starts_on)
        .order_by("starts_on")
        .first()
    )


def previous_term(term):
    from .models import Term

    return (
        Term.objects.filter(year__school_id=term.year.school_id, starts_on__lt=term.starts_on)
        .order_by("-starts_on")
        .first()
    )


# -- conference windows -------------------------------------------------------------------------


def default_window_dates(term) -> tuple[datetime.date, datetime.date]:
    """The window a term gets when the coordinator takes the defaults: the school's
    `conference_window_days` after the term ends."""
    days = term.year.school.conference_window_days
    return term.ends_on + datetime.timedelta(days=1), term.ends_on + datetime.timedelta(days=days)


def window_of(term):
    """The term's conference window, or None when it is not set up."""
    from tandem.conferences.models import ConferenceWindow

    return ConferenceWindow.objects.filter(term=term).first()


def has_window(term) -> bool:
    from tandem.conferences.models import ConferenceWindow

    return ConferenceWindow.objects.filter(term=term).exists()


def review_term(year, on: datetime.date):
    """The term whose review conference is being arranged on the day: from REVIEW_LEAD_DAYS
    before it ends until REVIEW_LEAD_DAYS after its window closes. Only a term with a window
    has a review to arrange (no window, nothing due)."""
    from .models import Term

    lead = datetime.timedelta(days=REVIEW_LEAD_DAYS)
    return (
        Term.objects.filter(
            year=year,
            ends_on__lte=on + lead,
            conference_window__isnull=False,
            conference_window__ends_on__gte=on - lead,
        )
        .select_related("conference_window")
        .order_by("ends_on")
        .first()
    )


# A term that ended longer ago than the longest window a school may set is past reviewing.
MISSING_WINDOW_LOOKBACK_DAYS = 90


def terms_missing_window(schools, on: datetime.date | None = None) -> list:
    """For the coordinator's notice: the schools' terms that have ended (within
    MISSING_WINDOW_LOOKBACK_DAYS) or end within WINDOW_NOTICE_DAYS without a conference window;
    `term.ended` says which. One query; `schools` are School objects."""
    from .models import Term

    schools = list(schools)
    if not schools:
        return []
    on = on or min(today(school) for school in schools)
    found = list(
        Term.objects.filter(
            year__school__in=schools,
            ends_on__lte=on + datetime.timedelta(days=WINDOW_NOTICE_DAYS),
            ends_on__gte=on - datetime.timedelta(days=MISSING_WINDOW_LOOKBACK_DAYS),
            conference_window__isnull=True,
        )
        .select_related("year__school")
        .order_by("ends_on", "year__school__name")
    )
    for term in found:
        term.ended = term.ends_on < on
    return found


def review_opens_on(term) -> datetime.date:
    """The day the term's review starts being arranged (review_term's lead)."""
    return term.ends_on - datetime.timedelta(days=REVIEW_LEAD_DAYS)


def term_conference_state(term, window, on: datetime.date) -> str | None:
    """For any term (the coordinator's desk picks one): upcoming before its review starts being
    arranged, else conference_state's due / overdue; None without a window."""
    if window is None:
        return None
    if on < review_opens_on(term):
        return UPCOMING
    return conference_state(window, on)


def conference_state(window, on: datetime.date) -> str | None:
    """due / overdue for a term's review conference, due by the window's last day; None when
    the term has no window (nothing is asked for a conference that cannot be booked)."""
    if window is None:
        return None
    return OVERDUE if on > window.ends_on else DUE


# -- which plan a conference presents -----------------------------------------------------------


def pick_presented(plans, term):
    """Of a student's plans for `term` and the terms after it, the one the conference after
    `term` presents (seed 000): the next term's plan (the first plan after `term`), else the
    term's own. `plans` need their `term` loaded."""
    later = sorted(
        (p for p in plans if p.term.starts_on > term.starts_on), key=lambda p: p.term.starts_on
    )
    if later:
        return later[0]
    return next((p for p in plans if p.term_id == term.pk), None)


def presented_plan(student, term, *, family_side: bool = False):
    """The plan the conference after `term` presents: the plan of the next term the student
    has one for, else this term's. A family sees only plans that have been shared."""
    from tandem.plans.models import Plan, PlanVersion

    plans = Plan.objects.filter(student=student, term__starts_on__gte=term.starts_on)
    if family_side:
        plans = plans.filter(pk__in=PlanVersion.objects.values("plan"))
    return pick_presented(list(plans.select_related("term").order_by("term__starts_on")[:2]), term)


def conferences_presenting(plan, conferences):
    """Those of the student's `conferences` whose conference presents `plan` (the conferences
    after the plan's term and the term before it are the candidates)."""
    return [c for c in conferences if _presents(c, plan)]


def _presents(conference, plan) -> bool:
    found = presented_plan(conference.student, conference.window.term)
    return found is not None and found.pk == plan.pk


def approve_by(plan) -> datetime.date | None:
    """The day by which the family is asked to approve `plan` (the family's next steps): the
    last day of the conference window whose conference presents it — the plan is reviewed,
    and approved or revised, at that conference. None when no such window is set up."""
    for term in candidate_review_terms(plan):
        window = window_of(term)
        if window is None:
            continue
        found = presented_plan(plan.student, term)
        if found is not None and found.pk == plan.pk:
            return window.ends_on
    return None


def candidate_review_terms(plan) -> list:
    """The terms whose conference may present `plan`: the term before the plan's (its
    conference presents the next term's plan) and the plan's own (when no later plan exists)."""
    before = previous_term(plan.term)
    return [t for t in (before, plan.term) if t is not None]


# -- a student's own dates -----------------------------------------------------------------------


def student_start(student, year) -> datetime.date:
    """The day a student's clock starts this year: the year's first day, or the day they
    entered when that is later (an empty `entered_on` means "since before the year began")."""
    entered = getattr(student, "entered_on", None)
    return max(year.starts_on, entered) if entered else year.starts_on


def first_contact_due_on(start: datetime.date, days: int) -> datetime.date:
    """The last day to reach the family: the school's days counted from the student's start."""
    return start + datetime.timedelta(days=days)


def first_contact_state(*, reached: bool, due_on: datetime.date, on: datetime.date) -> str:
    if reached:
        return DONE
    return OVERDUE if on > due_on else DUE


@dataclass(frozen=True)
class QuarterWindow:
    number: int
    starts_on: datetime.date
    ends_on: datetime.date


def quarter_required(quarter, start: datetime.date) -> bool:
    """A student owes meetings only for quarters that began on or after their start."""
    return quarter.starts_on >= start


def quarter_state(
    *,
    on: datetime.date,
    quarter,
    held: int,
    needed: int,
    previous_missed: bool = False,
) -> str:
    """upcoming / held / due / overdue for one quarter; the one rule for the due list, the
    outreach page and the coordinator's counts. Overdue: the quarter ended without its
    meetings, or it is running and the previous (required) quarter was missed too."""
    if on < quarter.starts_on:
        return UPCOMING
    if held >= needed:
        return HELD
    if on > quarter.ends_on or previous_missed:
        return OVERDUE
    return DUE


def current_quarter(quarters, on: datetime.date):
    """(the quarter that started most recently, the one before it) from a year's quarters."""
    started = [q for q in sorted(quarters, key=lambda q: q.starts_on) if q.starts_on <= on]
    if not started:
        return None, None
    return started[-1], (started[-2] if len(started) > 1 else None)


def plan_due_on(term, start: datetime.date, first_contact_days: int) -> datetime.date:
    """A term plan is due by the end of its term; a student who arrives late in the term gets
    the school's first-contact days from their start."""
    return max(term.ends_on, first_contact_due_on(start, first_contact_days))


def initial_plan_due_on(start: datetime.date, first_contact_days: int) -> datetime.date:
    """The initial PLP is reviewed with the student within the school's first days of their
    start (the start-of-year review)."""
    return first_contact_due_on(start, first_contact_days)


def annual_plan_due_on(year) -> datetime.date:
    """The annual update is due by the year's last day."""
    return year.ends_on


# -- the coordinator's desk (issue 16): the yearly plan, revision plans, IEP progress -----------


def yearly_plan_kind(*, returning: bool) -> str:
    """A new student owes an initial PLP; a returning one (a plan in an earlier year) the
    annual update."""
    from tandem.plans.models import PlanKind

    return PlanKind.ANNUAL if returning else PlanKind.INITIAL


def yearly_plan_due_on(*, returning: bool, start: datetime.date, year, first_contact_days: int):
    return annual_plan_due_on(year) if returning else initial_plan_due_on(start, first_contact_days)


def missing_plan_state(*, due_on: datetime.date, on: datetime.date) -> str:
    """A plan not started yet: due until its due date, overdue after."""
    return OVERDUE if on > due_on else DUE


def revision_plan_overdue(due_on: datetime.date, on: datetime.date) -> bool:
    """An open revision plan is overdue once its "revised by" day has passed."""
    return on > due_on


# IEP progress monitoring: each IEP goal running during a quarter owes one progress point
# measured in that quarter (the case manager's entry); a quarter's state is quarter_state's,
# with the goals that have their point as "held" and the goals running as "needed".
IEP_POINTS_PER_QUARTER = 1


def iep_goal_owes(goal, quarter) -> bool:
    """A goal owes a point for a quarter it runs in (it starts before the quarter ends and
    ends after it starts)."""
    return goal.starts_on <= quarter.ends_on and goal.ends_on >= quarter.starts_on


def iep_progress_state(*, on, quarter, goals_owed: int, goals_measured: int, previous_missed):
    return quarter_state(
        on=on,
        quarter=quarter,
        held=goals_measured,
        needed=goals_owed * IEP_POINTS_PER_QUARTER,
        previous_missed=previous_missed,
    )


# -- the next year (issue 16, rollover) --------------------------------------------------------

# The next year keeps this year's weekdays: every date moves by whole weeks, 52 by default
# (364 days, the whole number of weeks nearest a calendar year).
ROLLOVER_WEEKS = 52


def rollover_shift(weeks: int = ROLLOVER_WEEKS) -> datetime.timedelta:
    return datetime.timedelta(weeks=weeks)


def next_year_name(name: str, years: int = 1) -> str:
    """This year's name with every year number in it moved on: "2026–2027" → "2027–2028",
    "Fall 2026" → "Fall 2027"; a name without numbers stays."""
    import re

    return re.sub(r"\b(19|20)\d\d\b", lambda m: str(int(m.group()) + years), name)


def next_window_dates(old_window, old_term, new_term) -> tuple[datetime.date, datetime.date]:
    """A window of the next year keeps its days relative to its term's end (so a window that
    opened the Monday after the term ended still does, whatever dates the term was given)."""
    start = new_term.ends_on + (old_window.starts_on - old_term.ends_on)
    end = new_term.ends_on + (old_window.ends_on - old_term.ends_on)
    return start, end


def next_window_holidays(old_window, old_term, new_term) -> list[str]:
    """The window's days without conferences, moved as its days are (ISO strings, as stored)."""
    moved = new_term.ends_on - old_term.ends_on
    return [(datetime.date.fromisoformat(d) + moved).isoformat() for d in old_window.holidays]


# ---------------------------------------------------------------------------------------------
# When a conference may be marked held or no-show, and when its meeting may be finished
# (issue 14). One rule: not before the conference starts. The conferences and meetings services
# refuse (ValidationError) and the pages hide their buttons by asking these functions.
# ---------------------------------------------------------------------------------------------


def conference_markable_from(conference) -> datetime.datetime:
    """The moment from which the conference may be marked held or no-show, or its meeting
    finished: its start."""
    return conference.starts_at


def conference_may_be_marked(conference, now: datetime.datetime | None = None) -> bool:
    """True once the conference has started (at or after its start time): only then can it
    have been held, or the family not have come."""
    return conference_markable_from(conference) <= (now or timezone.now())


def meeting_may_be_finished(conference, now: datetime.datetime | None = None) -> bool:
    """A conference's meeting may be finished (which marks it held or no-show) on the same
    rule."""
    return conference_may_be_marked(conference, now)


# ---------------------------------------------------------------------------------------------
# Participation (issue 16): when a review counts as held in time, and which term a term is
# compared with. The participation page asks these; no other module decides them.
# ---------------------------------------------------------------------------------------------


def review_held_by(term) -> datetime.date:
    """The last day a term's review conference counts as held in time: the school's
    `conference_window_days` after the term ends (seed 000: "within 2 weeks of the end of each
    term"; the default window's last day, default_window_dates)."""
    return default_window_dates(term)[1]


def held_in_time(conference, term) -> bool:
    """The conference took place, at the school, on or before review_held_by(term)."""
    school = term.year.school
    return timezone.localtime(conference.starts_at, school.zone).date() <= review_held_by(term)


def same_term_year_before(term, terms):
    """Of `terms` (the school's, with `year` loaded), the term in the same place (first,
    second, …) of the academic year before `term`'s; None when that year or term does not
    exist."""
    years = sorted({t.year for t in terms} | {term.year}, key=lambda y: y.starts_on)
    index = years.index(term.year)
    if index == 0:
        return None
    before = years[index - 1]

    def of(year):
        return sorted((t for t in terms if t.year_id == year.pk), key=lambda t: t.starts_on)

    place = [t.pk for t in of(term.year)].index(term.pk) if term in of(term.year) else None
    earlier = of(before)
    if place is None or place >= len(earlier):
        return None
    return earlier[place]


def latest_review_term(school, on: datetime.date | None = None):
    """The term whose review conferences have most recently begun (its window opened on or
    before the day); else the current term."""
    from .models import Term

    on = on or today(school)
    return (
        Term.objects.filter(year__school=school, conference_window__starts_on__lte=on)
        .select_related("year__school")
        .order_by("-conference_window__starts_on", "-starts_on")
        .first()
    ) or current_term(school, on)
