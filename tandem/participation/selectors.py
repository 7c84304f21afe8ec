"""Participation in the family review conferences (issue 16): one row per invited student per
term, and every rate on the coordinator's page is a count of those rows (STYLE.md habit 12).

Who counts:
- *invited*: a student with at least one conference (booked, held, no-show or cancelled) in the
  term's conference window — a time was booked for or offered to the family;
- *held*: an invited student with a held conference in the window;
- *all caregivers present*: a held student whose held conferences' meeting records have every
  invited caregiver with rights marked present (tandem.meetings.selectors.all_caregivers_met);
- *held in time*: a held student whose first held conference took place by
  calendar.review_held_by(term) (the school's days after the term ends, two weeks by default);
- *no-show*: an invited student with a no-show in the window; *rebooked*: a no-show student with a
  held or booked conference in the same window starting after the (first) no-show.

The rows' dimensions: the advisor of the student's latest conference in the window (who met or
was to meet the family), the student's grade, the caregivers' preferred languages, the support
plans (IEP / 504 / EST / none) and the households (one / two, as on the compliance desk).

Queries: the terms (2), the conferences of those terms' windows with their students and meeting
records (1), the meetings' attendees (1), the students' guardianships with the caregivers (1) and
the advisors (1) — the same whatever the school's size.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tandem.conferences.models import Conference, Status
from tandem.core import languages
from tandem.meetings.selectors import all_caregivers_met
from tandem.oversight.compliance import HOUSEHOLDS, NO_ADVISOR, SUPPORTS, Filters
from tandem.people.models import Guardianship
from tandem.people.selectors import ONE_HOUSEHOLD, household_arrangements
from tandem.schools import calendar
from tandem.schools.models import Term

INVITED = "invited"
HELD = "held"
ALL_PRESENT = "all_present"
IN_TIME = "in_time"
NO_SHOW = "no_show"
REBOOKED = "rebooked"
GROUPS = (INVITED, HELD, ALL_PRESENT, IN_TIME, NO_SHOW, REBOOKED)

GROUP_LABELS = {
    INVITED: _("Invited"),
    HELD: _("Held"),
    ALL_PRESENT: _("Held with every caregiver present"),
    IN_TIME: _("Held in time"),
    NO_SHOW: _("No-show"),
    REBOOKED: _("No-show, then rebooked"),
}

# (key, label, numerator group, denominator group)
ATTENDANCE = "attendance"
MEASURES = (
    (ATTENDANCE, _("Attendance (held / invited)"), HELD, INVITED),
    ("all_present", _("Every caregiver present (of held)"), ALL_PRESENT, HELD),
    ("in_time", _("Held in time (of held)"), IN_TIME, HELD),
    ("rebooked", _("No-shows rebooked"), REBOOKED, NO_SHOW),
)

ADVISOR, GRADE, LANGUAGE, SUPPORT, HOUSEHOLD = (
    "advisor",
    "grade",
    "language",
    "support",
    "households",
)
DIMENSIONS = (
    (ADVISOR, _("By advisor")),
    (GRADE, _("By grade")),
    (LANGUAGE, _("By family's language")),
    (SUPPORT, _("By support plan")),
    (HOUSEHOLD, _("By household arrangement")),
)
SUPPORT_LABELS = {
    "iep": _("IEP"),
    "504": _("504 plan"),
    "est": _("EST"),
    "none": _("No support plan"),
}
HOUSEHOLD_LABELS = {"one": _("One household"), "two": _("Two households")}
ALL = Filters()  # no filter
COMPARED_TERMS = 3  # "the last terms": this many terms before the chosen one


@dataclass
class Row:
    """One invited student in one term, with what happened and the dimensions they fall in."""

    student: object
    term: object
    conferences: list
    advisor_id: int | None = None
    languages: frozenset = frozenset()
    supports: frozenset = frozenset()
    households: str = "one"
    groups: frozenset = frozenset()

    def keys(self, dimension: str) -> set[str]:
        """The breakdown values (as query-string values) this row counts under."""
        if dimension == ADVISOR:
            return {str(self.advisor_id) if self.advisor_id else NO_ADVISOR}
        if dimension == GRADE:
            return {str(self.student.grade)}
        if dimension == LANGUAGE:
            return set(self.languages)
        if dimension == SUPPORT:
            return set(self.supports)
        return {self.households}

    def matches(self, filters: Filters) -> bool:
        wanted = {
            ADVISOR: filters.advisor,
            GRADE: "" if filters.grade is None else str(filters.grade),
            LANGUAGE: filters.language,
            SUPPORT: filters.support,
            HOUSEHOLD: filters.households,
        }
        return all(not value or value in self.keys(dim) for dim, value in wanted.items())


def _groups(conferences, term) -> frozenset:
    held = [c for c in conferences if c.status == Status.HELD]
    no_shows = [c for c in conferences if c.status == Status.NO_SHOW]
    found = {INVITED}
    if held:
        found.add(HELD)
        if all_caregivers_met(held):
            found.add(ALL_PRESENT)
        if calendar.held_in_time(min(held, key=lambda c: c.starts_at), term):
            found.add(IN_TIME)
    if no_shows:
        found.add(NO_SHOW)
        first = min(c.starts_at for c in no_shows)
        if any(
            c.status in (Status.HELD, Status.BOOKED) and c.starts_at > first for c in conferences
        ):
            found.add(REBOOKED)
    return frozenset(found)


@dataclass
class TermRates:
    term: object
    rows: list[Row] = field(default_factory=list)

    def of(self, group: str, filters: Filters = ALL) -> list[Row]:
        """The students behind a number: every count on the page is the length of this list."""
        return [r for r in self.rows if group in r.groups and r.matches(filters)]

    def rate(self, measure: tuple, filters: Filters = ALL) -> Rate:
        _key, _label, numerator, denominator = measure
        return Rate(len(self.of(numerator, filters)), len(self.of(denominator, filters)))

    def counts(self, dimension: str) -> dict[str, Counter]:
        """{breakdown value: Counter(group -> students)} for one dimension, in one pass."""
        out: dict[str, Counter] = {}
        for row in self.rows:
            for key in row.keys(dimension):
                out.setdefault(key, Counter()).update(row.groups)
        return out


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return 100 * self.numerator / self.denominator


@dataclass
class Participation:
    school: object
    term: object
    earlier: list  # the terms before it, most recent first
    year_before: object | None
    terms: dict  # term id -> TermRates (every term above)
    advisors: dict  # user id -> User

    @property
    def current(self) -> TermRates:
        return self.terms[self.term.pk]

    def compared(self) -> list[TermRates]:
        """The chosen term, the terms before it and the same term a year before, oldest first,
        each once."""
        chosen = [self.term, *self.earlier]
        if self.year_before is not None and self.year_before not in chosen:
            chosen.append(self.year_before)
        return [self.terms[t.pk] for t in sorted(chosen, key=lambda t: t.starts_on)]


def school_terms(school) -> list:
    return list(
        Term.objects.filter(year__school=school)
        .select_related("year__school")
        .order_by("starts_on")
    )


def participation(school, *, term=None, today=None) -> Participation | None:
    """The rows of the chosen term (default: the latest whose window has opened), the
    COMPARED_TERMS before it and the same term of the year before; None without terms."""
    terms = school_terms(school)
    if not terms:
        return None
    if term is None:
        term = calendar.latest_review_term(school, today)
        term = next((t for t in terms if t.pk == term.pk), None) if term else None
        if term is None:
            return None
    earlier = [t for t in terms if t.starts_on < term.starts_on][::-1][:COMPARED_TERMS]
    year_before = calendar.same_term_year_before(term, terms)
    wanted = {t.pk: t for t in [term, *earlier, *([year_before] if year_before else [])]}

    conferences = (
        Conference.objects.filter(window__term_id__in=wanted, student__school=school)
        .select_related("window", "student", "meeting")
        .prefetch_related("meeting__attendees")
        .order_by("starts_at", "pk")
    )
    per: dict[tuple[int, int], list] = {}
    for conference in conferences:
        per.setdefault((conference.window.term_id, conference.student_id), []).append(conference)

    student_ids = {student_id for _term, student_id in per}
    guardians: dict[int, list] = {}
    for g in Guardianship.objects.filter(student_id__in=student_ids).select_related("caregiver"):
        guardians.setdefault(g.student_id, []).append(g)

    arrangements = household_arrangements(student_ids)
    result = {pk: TermRates(term=t) for pk, t in wanted.items()}
    for (term_id, student_id), found in per.items():
        student = found[0].student
        links = guardians.get(student_id, [])
        supports = {
            key
            for key, flag in (
                ("iep", student.has_iep),
                ("504", student.has_504),
                ("est", student.has_est),
            )
            if flag
        } or {"none"}
        result[term_id].rows.append(
            Row(
                student=student,
                term=wanted[term_id],
                conferences=found,
                advisor_id=found[-1].advisor_id,
                languages=frozenset(g.caregiver.preferred_language for g in links),
                supports=frozenset(supports),
                households=arrangements.get(student_id, ONE_HOUSEHOLD),
                groups=_groups(found, wanted[term_id]),
            )
        )
    for rates in result.values():
        rates.rows.sort(key=lambda r: (r.student.last_name, r.student.first_name, r.student.pk))
    advisor_ids = {r.advisor_id for rates in result.values() for r in rates.rows}
    advisors = get_user_model().objects.in_bulk([i for i in advisor_ids if i])
    return Participation(
        school=school,
        term=term,
        earlier=earlier,
        year_before=year_before,
        terms=result,
        advisors=advisors,
    )


def dimension_label(participation: Participation, dimension: str, key: str) -> str:
    """How a breakdown value reads on the page."""
    if dimension == ADVISOR:
        advisor = participation.advisors.get(int(key)) if key.isdigit() else None
        return advisor.full_name if advisor else str(_("No advisor"))
    if dimension == GRADE:
        return str(_("Grade %(grade)s") % {"grade": key})
    if dimension == LANGUAGE:
        return languages.name(key)
    if dimension == SUPPORT:
        return str(SUPPORT_LABELS.get(key, key))
    return str(HOUSEHOLD_LABELS.get(key, key))


def dimension_order(participation: Participation, dimension: str, keys) -> list[str]:
    if dimension == GRADE:
        return sorted(keys, key=int)
    if dimension == SUPPORT:
        return [k for k in SUPPORTS if k in keys]
    if dimension == HOUSEHOLD:
        return [k for k in HOUSEHOLDS if k in keys]
    return sorted(
        keys, key=lambda k: (k == NO_ADVISOR, dimension_label(participation, dimension, k).lower())
    )
