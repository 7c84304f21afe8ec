"""The bridge from the database to tandem.scheduling: one `Instance` for a family that books
(self-service) or for the whole window (the coordinator's run). Validity is decided by
tandem.scheduling.rules in both cases, so booking and the scheduler cannot disagree.

Ids inside an instance: advisor "u<user id>", interpreter "i<id>", family "f<n>", student
request "s<student id>" (or "s<student id>-h<household id>" when households meet apart).
Times are the school's local wall-clock minutes (tandem.scheduling.model).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from tandem.core import languages
from tandem.core.compiled import Compiled
from tandem.people.models import Guardianship
from tandem.scheduling import model as sm
from tandem.scheduling.rules import Occupancy

from .models import (
    AdvisorAvailability,
    Busy,
    Conference,
    FamilyAvailability,
    HouseholdMode,
    Interpreter,
    InterpreterHours,
    MeetingPreference,
    Mode,
    Status,
)


@dataclass(frozen=True)
class Request:
    """One conference a family needs: a student (and, when households meet apart, the
    household), with the advisor and the caregivers to invite."""

    student: object
    household_id: int | None
    advisor_id: int
    caregivers: tuple  # Caregiver objects with rights (in the household, if apart)

    @property
    def key(self) -> str:
        return request_key(self.student.pk, self.household_id)


def request_key(student_id: int, household_id: int | None) -> str:
    """The one spelling of a conference request's key: "s<student>", "-h<household>" added
    when households meet apart. Offers, bookings, the waiting list and the scheduler's
    reasons are keyed by it."""
    return f"s{student_id}" + (f"-h{household_id}" if household_id else "")


def to_minute(moment: datetime, zone) -> int:
    local = moment.astimezone(zone).replace(tzinfo=None)
    return int((local - sm.EPOCH).total_seconds() // 60)


def from_minute(minute: int, zone) -> datetime:
    return (sm.EPOCH + timedelta(minutes=minute)).replace(tzinfo=zone)


def _minutes(day, at: time) -> int:
    return int((datetime.combine(day, at) - sm.EPOCH).total_seconds() // 60)


def rights_ties(**filters):
    """Guardianships that invite a caregiver to a student's conference (educational rights,
    an active caregiver), in the order requests list caregivers."""
    return (
        Guardianship.objects.filter(
            has_educational_rights=True, caregiver__is_active=True, **filters
        )
        .select_related("caregiver")
        .order_by("student_id", "household_id", "pk")
    )


def current_advisor(year, today=None):
    """The current advisor (their user id) of the student in `OuterRef("student_id")`, in the
    year (an id: a window's `term.year_id`): a subquery, for reads that want it with each
    row."""
    from tandem.advisories.models import Advisory

    return Subquery(
        Advisory.objects.current(today)
        .filter(student=OuterRef("student_id"), year=year)
        .values("advisor_id")[:1]
    )


def requests_for(window, students, *, guardianships=None, advisors=None) -> list[Request]:
    """The conferences these students need in this window, in a fixed number of queries
    (`guardianships`: their `rights_ties`, when the caller has read them already; `advisors`:
    each student's current advisor id, likewise)."""
    from tandem.advisories.models import Advisory

    students = list(students)
    if advisors is None:
        advisors = dict(
            Advisory.objects.current()
            .filter(student__in=students, year=window.term.year_id)
            .values_list("student_id", "advisor_id")
        )
    advisors = {pk: a for pk, a in advisors.items() if a is not None}
    ties = defaultdict(list)
    if guardianships is None:
        guardianships = rights_ties(student__in=students)
    for g in guardianships:
        ties[g.student_id].append(g)
    out = []
    for student in students:
        if student.pk not in advisors:
            continue
        if window.household_mode == HouseholdMode.SEPARATE:
            by_house = defaultdict(list)
            for g in ties[student.pk]:
                by_house[g.household_id].append(g.caregiver)
            if len(by_house) > 1:
                for household_id, caregivers in by_house.items():
                    out.append(
                        Request(student, household_id, advisors[student.pk], tuple(caregivers))
                    )
                continue
        caregivers = tuple(g.caregiver for g in ties[student.pk])
        out.append(Request(student, None, advisors[student.pk], caregivers))
    return out


def language_code(text: str) -> str:
    """'Spanish' -> 'es', 'Haitian Creole' -> 'ht', 'es' -> 'es' (tandem.core.languages)."""
    return languages.code_for(text)


def family_language(caregivers) -> tuple[str, bool]:
    for c in caregivers:
        if c.needs_interpreter:
            return language_code(c.home_language or c.preferred_language or "en"), True
    first = caregivers[0] if caregivers else None
    return (first.preferred_language if first else "en"), False


def _advisor(window, availability, advisor_id) -> sm.Advisor:
    days = window.days()
    if availability is None:
        spans = [(_minutes(d, window.day_starts_at), _minutes(d, window.day_ends_at)) for d in days]
        return sm.Advisor(f"u{advisor_id}", ("en",), tuple(sm.Window(a, b) for a, b in spans), 8)
    weekly, exceptions = availability.hours
    spans = []
    for d in days:
        if d in exceptions:
            hours = [(a, b) for a, b in exceptions[d] if a and b]
        elif weekly:
            hours = weekly.get(d.weekday(), [])
        else:
            hours = [(window.day_starts_at, window.day_ends_at)]
        spans += [sm.Window(_minutes(d, a), _minutes(d, b)) for a, b in sorted(hours)]
    return sm.Advisor(
        f"u{advisor_id}", tuple(availability.language_codes), tuple(spans), availability.max_per_day
    )


def _interpreters(window) -> list[sm.Interpreter]:
    hours = defaultdict(list)
    for row in InterpreterHours.objects.filter(window=window):
        hours[row.interpreter_id].append(
            sm.Window(_minutes(row.day, row.starts_at), _minutes(row.day, row.ends_at))
        )
    every_day = tuple(
        sm.Window(_minutes(d, window.day_starts_at), _minutes(d, window.day_ends_at))
        for d in window.days()
    )
    return [
        sm.Interpreter(f"i{i.pk}", tuple(i.language_codes), tuple(hours.get(i.pk, every_day)))
        for i in Interpreter.objects.filter(school=window.school, is_active=True)
    ]


def _window_span(window, preference=1, days=None) -> tuple[sm.Window, ...]:
    return tuple(
        sm.Window(_minutes(d, window.day_starts_at), _minutes(d, window.day_ends_at), preference)
        for d in (window.days() if days is None else days)
    )


def _availability_rows(window, advisors):
    return AdvisorAvailability.objects.filter(window=window, advisor_id__in=advisors).annotate(
        weekly_id=F("weekly__pk"),
        weekly_day=F("weekly__weekday"),
        weekly_from=F("weekly__starts_at"),
        weekly_until=F("weekly__ends_at"),
        other_id=F("exceptions__pk"),
        other_day=F("exceptions__day"),
        other_from=F("exceptions__starts_at"),
        other_until=F("exceptions__ends_at"),
    )


# Every booking and every booking page reads it: compiled once (tandem/core/compiled.py).
_AVAILABILITIES = Compiled(_availability_rows)


def availabilities_for(window, advisor_ids) -> dict[int, AdvisorAvailability]:
    """The advisors' settings for the window, each with its `hours` — the weekly pattern
    (weekday -> [(from, until)]) and the days that differ (day -> [(from, until)]; a day off
    has none) — in one query: an advisor has a handful of weekly rows and exceptions, read
    through two joins rather than a query each."""
    advisor_ids = {a for a in advisor_ids if a is not None}  # a student without an advisor
    if not advisor_ids:
        return {}
    rows = _AVAILABILITIES.all(window=getattr(window, "pk", window), advisors=advisor_ids)
    found, seen = {}, set()
    for row in rows:
        availability = found.setdefault(row.advisor_id, row)
        if availability is row:
            row.hours = (defaultdict(list), defaultdict(list))
        weekly, exceptions = availability.hours
        if row.weekly_id is not None and ("w", row.weekly_id) not in seen:
            seen.add(("w", row.weekly_id))
            weekly[row.weekly_day].append((row.weekly_from, row.weekly_until))
        if row.other_id is not None and ("x", row.other_id) not in seen:
            seen.add(("x", row.other_id))
            exceptions[row.other_day].append((row.other_from, row.other_until))
    return found


def build_instance(
    window,
    families: list[list[Request]],
    *,
    modes=None,
    preferences=None,
    step=None,
    availabilities=None,
) -> sm.Instance:
    """An instance for these families (each a list of requests that share caregivers).
    `availabilities` (from `availabilities_for`) when the caller has them already; the
    school's interpreters are read only when a family needs one."""
    advisor_ids = {r.advisor_id for f in families for r in f}
    if availabilities is None:
        availabilities = availabilities_for(window, advisor_ids)
    advisors = [_advisor(window, availabilities.get(a), a) for a in sorted(advisor_ids)]
    out = []
    anyone_needs = False
    for n, requests in enumerate(families):
        caregivers = {c.pk: c for r in requests for c in r.caregivers}
        language, needs = family_language(list(caregivers.values()))
        anyone_needs = anyone_needs or needs
        available = (preferences or {}).get(n) or _window_span(window)
        students = []
        for r in requests:
            mode = (modes or {}).get(r.key, "school")
            settings = availabilities.get(r.advisor_id)
            travel = (settings.home_travel_minutes if settings else 20) if mode == "home" else 0
            students.append(
                sm.StudentRequest(r.key, f"u{r.advisor_id}", window.slot_minutes, mode, travel)
            )
        out.append(sm.Family(f"f{n}", language, needs, tuple(available), tuple(students)))
    return sm.Instance(
        window.school.time_zone,
        step or window.step_minutes,
        tuple(advisors),
        tuple(_interpreters(window)) if anyone_needs or not families else (),
        tuple(out),
    )


def occupancy(
    instance: sm.Instance, window, families: list[list[Request]], *, ignore=()
) -> Occupancy:
    """What is already booked, as the scheduling rules see it: other conferences of these
    advisors and of the school's interpreters, and these families' own people."""
    zone = window.school.zone
    taken = Occupancy(instance)
    advisor_ids = [int(a.id[1:]) for a in instance.advisors]
    booked = Conference.objects.filter(status=Status.BOOKED).exclude(pk__in=ignore)
    for c in booked.filter(advisor_id__in=advisor_ids).only(
        "advisor_id", "starts_at", "ends_at", "travel_minutes"
    ):
        travel = c.travel_minutes
        taken.block_advisor(
            f"u{c.advisor_id}",
            to_minute(c.starts_at, zone) - travel,
            to_minute(c.ends_at, zone) + travel,
        )
    for c in booked.filter(window=window, interpreter__isnull=False).only(
        "interpreter_id", "starts_at", "ends_at"
    ):
        taken.block_interpreter(
            f"i{c.interpreter_id}", to_minute(c.starts_at, zone), to_minute(c.ends_at, zone)
        )
    for n, requests in enumerate(families):
        people = {f"student:{r.student.pk}" for r in requests} | {
            f"caregiver:{c.pk}" for r in requests for c in r.caregivers
        }
        for b in Busy.objects.filter(person__in=people).exclude(conference_id__in=ignore):
            taken.family.setdefault(f"f{n}", []).append(
                (to_minute(b.starts_at, zone), to_minute(b.ends_at, zone))
            )
    return taken


def occupancy_at(
    instance: sm.Instance, window, requests: list[Request], start: int, end: int, *, ignore=()
) -> Occupancy:
    """What is booked around one family's asked time only (local minutes [start, end)), for
    the booking service: the Busy rows of these advisors (their travel included), the
    instance's interpreters and the family's people that touch the span, and each advisor's
    count that day (AdvisorDay, less the conferences in `ignore` — a conference being moved
    does not count against itself). Two queries, three with `ignore`, whatever is booked."""
    from .models import AdvisorDay

    zone = window.school.zone
    taken = Occupancy(instance)
    travel = max((s.travel for f in instance.families for s in f.students), default=0)
    people = {f"advisor:{a.id[1:]}" for a in instance.advisors}
    people |= {f"interpreter:{i.id[1:]}" for i in instance.interpreters}
    people |= {f"student:{r.student.pk}" for r in requests}
    people |= {f"caregiver:{c.pk}" for r in requests for c in r.caregivers}
    rows = Busy.objects.filter(
        person__in=people,
        starts_at__lt=from_minute(end + travel, zone),
        ends_at__gt=from_minute(start - travel, zone),
    ).exclude(conference_id__in=ignore)
    for b in rows.values_list("person", "starts_at", "ends_at"):
        kind, _colon, pk = b[0].partition(":")
        span = to_minute(b[1], zone), to_minute(b[2], zone)
        if kind == "advisor":
            taken.block_advisor(f"u{pk}", *span, counts=False)
        elif kind == "interpreter":
            taken.block_interpreter(f"i{pk}", *span)
        else:
            taken.family.setdefault("f0", []).append(span)
    dates = [(sm.EPOCH + timedelta(days=d)).date() for d in range(start // 1440, end // 1440 + 1)]
    advisor_ids = [int(a.id[1:]) for a in instance.advisors]
    for advisor_id, day, booked in AdvisorDay.objects.filter(
        advisor_id__in=advisor_ids, day__in=dates
    ).values_list("advisor_id", "day", "booked"):
        taken.per_day[(f"u{advisor_id}", sm.day_of(_minutes(day, time(0))))] = booked
    if ignore:
        for advisor_id, starts_at in Conference.objects.filter(
            pk__in=ignore, status=Status.BOOKED
        ).values_list("advisor_id", "starts_at"):
            key = (f"u{advisor_id}", sm.day_of(to_minute(starts_at, zone)))
            if taken.per_day.get(key):
                taken.per_day[key] -= 1
    return taken


def family_groups(requests: list[Request]) -> list[list[Request]]:
    """Requests that share a caregiver belong to one family (siblings), found by union-find."""
    parent = list(range(len(requests)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_with = {}
    for i, r in enumerate(requests):
        for c in r.caregivers:
            if c.pk in first_with:
                parent[root(i)] = root(first_with[c.pk])
            else:
                first_with[c.pk] = i
    groups = defaultdict(list)
    for i, r in enumerate(requests):
        groups[root(i)].append(r)
    return list(groups.values())


def family_preferences(window, groups) -> dict[int, tuple[sm.Window, ...]]:
    """What families said works (FamilyAvailability), per group index; the lowest preference
    over the whole window for families who have not said."""
    zone = window.school.zone
    by_caregiver = defaultdict(list)
    for row in FamilyAvailability.objects.filter(window=window):
        by_caregiver[row.caregiver_id].append(
            sm.Window(to_minute(row.starts_at, zone), to_minute(row.ends_at, zone), row.preference)
        )
    out = {}
    for n, group in enumerate(groups):
        spans = [w for r in group for c in r.caregivers for w in by_caregiver.get(c.pk, [])]
        out[n] = tuple(sorted(set(spans), key=lambda w: (w.start, w.end))) or _window_span(window)
    return out


def now_minute(window) -> int:
    return to_minute(timezone.now(), window.school.zone)


def meeting_modes(window, requests: list[Request]) -> dict[str, str]:
    """Each request's mode from the family's (or staff's) preference; at school by default."""
    chosen = dict(
        MeetingPreference.objects.filter(
            window=window, student__in=[r.student for r in requests]
        ).values_list("student_id", "mode")
    )
    return {r.key: chosen.get(r.student.pk, Mode.SCHOOL) for r in requests}
