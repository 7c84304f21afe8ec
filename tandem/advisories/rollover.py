"""Rollover (issue 16, "The year's end"): the next school year from this one.

`propose(school)` reads what confirming would do — the next year and its terms and quarters
(this year's names and shape, every date moved by whole weeks so weekdays hold:
`schools.calendar.rollover_shift`), each term's conference window from this year's window
settings, and one row per student saying whether their advisory is carried and why not.
`year_rollover(...)` does it in one transaction. Running it again creates nothing new: the next
year and its terms are found by the roster import's matching (`rosters.apply_calendar`:
normalised name, else substantially the same dates), windows, advisories and plans only where
missing.

Grades are not changed: the roster import owns them (it updates grades from the SIS). The
school's graduating grade is the highest grade among its enrolled students (a 6–8 school
graduates its 8th graders); its students are left out unless the coordinator ticks them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core import content
from tandem.people.models import Student
from tandem.schools import calendar
from tandem.schools.models import AcademicYear, Quarter, Term
from tandem.schools.selectors import advisors_of

from .models import Advisory

# Why a student's advisory is or is not carried into the next year.
CARRIED = "carried"
NO_ADVISOR = "no_advisor"
ADVISOR_GONE = "advisor_gone"
GRADUATING = "graduating"
LEFT = "left"
ALREADY = "already"

STATUSES = {
    CARRIED: gettext_lazy("Carried forward, same advisor"),
    ADVISOR_GONE: gettext_lazy("Needs an advisor: theirs no longer advises here"),
    NO_ADVISOR: gettext_lazy("Needs an advisor: none this year"),
    GRADUATING: gettext_lazy("Graduating"),
    LEFT: gettext_lazy("Left the school"),
    ALREADY: gettext_lazy("Already has an advisor next year"),
}
# Ticked for the next year unless the coordinator unticks them.
INCLUDED_BY_DEFAULT = {CARRIED, ADVISOR_GONE, NO_ADVISOR, ALREADY}
# The coordinator may tick or untick these (a student who left is not enrolled; one who already
# has next year's advisor is changed on the students and advisors page).
CHOOSABLE = {CARRIED, ADVISOR_GONE, NO_ADVISOR, GRADUATING}


@dataclass
class NextPeriod:
    name: str
    starts_on: object
    ends_on: object
    source: object  # this year's term or quarter
    existing: object = None  # the next year's, when it is there already
    window: object = None  # this year's window of the term (terms only)
    number: int = 0  # quarters only


@dataclass
class Row:
    student: Student
    advisory: Advisory | None  # this year's
    status: str
    advisor_id: int | None  # the advisor proposed for the next year

    @property
    def reason(self):
        return STATUSES[self.status]

    @property
    def included(self) -> bool:
        return self.status in INCLUDED_BY_DEFAULT

    @property
    def choosable(self) -> bool:
        return self.status in CHOOSABLE


@dataclass
class Proposal:
    school: object
    from_year: AcademicYear
    name: str
    starts_on: object
    ends_on: object
    existing: AcademicYear | None
    terms: list[NextPeriod]
    quarters: list[NextPeriod]
    rows: list[Row]
    graduating_grade: int | None
    advisors: list = field(default_factory=list)

    def of(self, status: str | None) -> list[Row]:
        """The rows of one status (every row for None): each count on the page is its length."""
        return [r for r in self.rows if status is None or r.status == status]

    def counts(self) -> dict[str, int]:
        return {status: len(self.of(status)) for status in STATUSES}


def _matching(records, name: str, starts_on, ends_on):
    """The roster import's matching (rosters.apply_calendar): the record with the same name
    once normalised, else the one whose dates are substantially the same. None when none or
    several match (several would be a guess)."""
    from tandem.rosters.apply_calendar import normalised, overlaps

    named = [r for r in records if normalised(r.name) == normalised(name)]
    if not named:
        span = SimpleNamespace(start=starts_on, end=ends_on)
        named = [r for r in records if overlaps(r, span)]
    return named[0] if len(named) == 1 else None


def next_year_of(school, from_year, name, starts_on, ends_on):
    others = AcademicYear.objects.filter(school=school).exclude(pk=from_year.pk)
    return _matching(list(others), name, starts_on, ends_on)


def propose(school, from_year=None) -> Proposal | None:
    """What rolling `from_year` (this year at the school) over would do; None without a year."""
    from_year = from_year or calendar.current_year(school)
    if from_year is None:
        return None
    shift = calendar.rollover_shift()
    name = calendar.next_year_name(from_year.name)
    starts_on, ends_on = from_year.starts_on + shift, from_year.ends_on + shift
    existing = next_year_of(school, from_year, name, starts_on, ends_on)
    if existing is not None:
        name, starts_on, ends_on = existing.name, existing.starts_on, existing.ends_on
    next_terms = list(existing.terms.all()) if existing else []
    next_quarters = {q.number: q for q in existing.quarters.all()} if existing else {}

    terms = []
    for term in Term.objects.filter(year=from_year).select_related("conference_window"):
        period = NextPeriod(
            name=calendar.next_year_name(term.name),
            starts_on=term.starts_on + shift,
            ends_on=term.ends_on + shift,
            source=term,
            window=getattr(term, "conference_window", None),
        )
        period.existing = _matching(next_terms, period.name, period.starts_on, period.ends_on)
        if period.existing is not None:
            period.name = period.existing.name
            period.starts_on, period.ends_on = period.existing.starts_on, period.existing.ends_on
        terms.append(period)
    quarters = []
    for quarter in Quarter.objects.filter(year=from_year):
        found = next_quarters.get(quarter.number)
        quarters.append(
            NextPeriod(
                name=str(quarter),
                number=quarter.number,
                starts_on=found.starts_on if found else quarter.starts_on + shift,
                ends_on=found.ends_on if found else quarter.ends_on + shift,
                source=quarter,
                existing=found,
            )
        )

    advisories = {
        a.student_id: a
        for a in Advisory.objects.filter(year=from_year, ended_at__isnull=True).select_related(
            "advisor"
        )
    }
    already = (
        set(
            Advisory.objects.filter(year=existing, ended_at__isnull=True).values_list(
                "student_id", flat=True
            )
        )
        if existing
        else set()
    )
    advisors = list(advisors_of(school))
    advisor_ids = {a.pk for a in advisors}
    graduating_grade = Student.objects.filter(school=school, is_active=True).aggregate(
        top=Max("grade")
    )["top"]
    students = Student.objects.filter(school=school).filter(
        Q(is_active=True) | Q(pk__in=list(advisories))
    )
    rows = []
    for student in students:
        advisory = advisories.get(student.pk)
        advisor_id = advisory.advisor_id if advisory else None
        advisor_gone = advisor_id is not None and advisor_id not in advisor_ids
        if not student.is_active:
            status = LEFT
        elif student.pk in already:
            status = ALREADY
        elif student.grade == graduating_grade:
            status = GRADUATING
        elif advisory is None:
            status = NO_ADVISOR
        elif advisor_gone:
            status = ADVISOR_GONE
        else:
            status = CARRIED
        if advisor_gone and status != ALREADY:
            advisor_id = None  # nobody to carry to: the coordinator chooses
        rows.append(Row(student=student, advisory=advisory, status=status, advisor_id=advisor_id))
    return Proposal(
        school=school,
        from_year=from_year,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        existing=existing,
        terms=terms,
        quarters=quarters,
        rows=rows,
        graduating_grade=graduating_grade,
        advisors=advisors,
    )


def next_windows(proposal: Proposal):
    """(term, its window's first and last day) for each term whose this-year term had one."""
    out = []
    for period in proposal.terms:
        if period.window is not None:
            out.append((period, *calendar.next_window_dates(period.window, period.source, period)))
    return out


# -- confirming --------------------------------------------------------------------------------

# What a window of the next year copies from this year's (its bookings, advisors' hours and
# publication are the new window's own).
WINDOW_SETTINGS = [
    "day_starts_at",
    "day_ends_at",
    "slot_minutes",
    "step_minutes",
    "household_mode",
    "change_cutoff_hours",
    "booking_open",
]


@dataclass
class Result:
    year: AcademicYear
    year_created: bool = False
    terms_created: int = 0
    quarters_created: int = 0
    windows_created: int = 0
    carried: int = 0
    plans_opened: int = 0


def _check(record, label) -> None:
    """The model's own rules (dates ordered, inside the year), each message naming the year,
    term or quarter it is about."""
    try:
        record.full_clean(exclude=["sourced_id"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError(
            [_("%(what)s: %(error)s") % {"what": label, "error": m} for m in error.messages]
        ) from error


@transaction.atomic
def year_rollover(
    *, by, school, from_year, name, starts_on, ends_on, terms, quarters, choices
) -> Result:
    """Make the next year from this one, all or nothing.

    `terms`: (name, starts_on, ends_on, this year's term) in order; `quarters`: (number,
    starts_on, ends_on); `choices`: {student id: advisor id or None} for every student ticked
    for the next year. A year, term, quarter or window that is there already is kept as it is;
    a student who already has an advisor in the next year keeps them; a student with a plan in
    the year's first term (or an initial PLP or annual update in the year) gets no other."""
    from tandem.conferences.models import ConferenceWindow
    from tandem.plans.models import Plan, PlanKind
    from tandem.plans.services import plan_create

    from .services import _assign, follow_advisories

    # One rollover of a school at a time: a second confirm waits, then finds the year made.
    type(school).objects.select_for_update().filter(pk=school.pk).first()
    year = next_year_of(school, from_year, name, starts_on, ends_on)
    result = Result(year=year)
    if year is None:
        year = AcademicYear(school=school, name=name, starts_on=starts_on, ends_on=ends_on)
        _check(year, name)
        if AcademicYear.objects.filter(school=school, name=name).exists():
            raise ValidationError(_("The school has a year named %(name)s.") % {"name": name})
        year.save()
        result.year, result.year_created = year, True

    existing_terms = list(year.terms.all())
    for term_name, term_start, term_end, source in terms:
        term = _matching(existing_terms, term_name, term_start, term_end)
        if term is None:
            term = Term(year=year, name=term_name, starts_on=term_start, ends_on=term_end)
            if source is not None:  # the name's other languages, their years moved on too
                content.copy(source, term, "name", change=calendar.next_year_name, only_empty=True)
            _check(term, term_name)
            if any(t.name == term_name for t in existing_terms):
                raise ValidationError(
                    _("%(year)s has a term named %(name)s.")
                    % {"year": year.name, "name": term_name}
                )
            term.save()
            existing_terms.append(term)
            result.terms_created += 1
        old = ConferenceWindow.objects.filter(term=source).first() if source else None
        if old is not None and not ConferenceWindow.objects.filter(term=term).exists():
            window_start, window_end = calendar.next_window_dates(old, source, term)
            window = ConferenceWindow(
                term=term,
                starts_on=window_start,
                ends_on=window_end,
                holidays=calendar.next_window_holidays(old, source, term),
                **{f: getattr(old, f) for f in WINDOW_SETTINGS},
            )
            window.full_clean(exclude=["term"])
            window.save()
            result.windows_created += 1

    numbers = set(year.quarters.values_list("number", flat=True))
    for number, quarter_start, quarter_end in quarters:
        if number in numbers:
            continue
        quarter = Quarter(year=year, number=number, starts_on=quarter_start, ends_on=quarter_end)
        _check(quarter, str(quarter))
        quarter.save()
        result.quarters_created += 1

    students = list(
        Student.objects.filter(school=school, is_active=True, pk__in=list(choices)).select_related(
            "school"
        )
    )
    advisors = {a.pk: a for a in advisors_of(school)}
    already = set(
        Advisory.objects.filter(year=year, ended_at__isnull=True).values_list(
            "student_id", flat=True
        )
    )
    now = timezone.now()
    note = _("Carried forward from %(year)s") % {"year": from_year.name}
    moved = []
    for student in students:
        advisor_id = choices[student.pk]
        if advisor_id is None or student.pk in already:
            continue
        advisor = advisors.get(advisor_id)
        if advisor is None:
            raise ValidationError(
                _("Choose an advisor of %(school)s for %(student)s.")
                % {"school": school, "student": student}
            )
        if _assign(student=student, advisor=advisor, year=year, by=by, note=note, now=now):
            moved.append(student)
    follow_advisories(by=by, students=moved)
    result.carried = len(moved)

    first_term = year.terms.order_by("starts_on").first()
    if first_term is not None:
        ids = [s.pk for s in students]
        has_plan = set(
            Plan.objects.filter(student_id__in=ids)
            .filter(
                Q(term=first_term)
                | Q(term__year=year, kind__in=[PlanKind.INITIAL, PlanKind.ANNUAL])
            )
            .values_list("student_id", flat=True)
        )
        returning = set(
            Plan.objects.filter(
                student_id__in=ids, term__year__starts_on__lt=year.starts_on
            ).values_list("student_id", flat=True)
        )
        for student in students:
            if student.pk in has_plan:
                continue
            kind = calendar.yearly_plan_kind(returning=student.pk in returning)
            plan_create(student=student, term=first_term, kind=kind, by=by)
            result.plans_opened += 1
    return result
