"""Reads shaped for the conference pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from tandem.core.collation import by_name
from tandem.core.compiled import Compiled
from tandem.core.dates import local_today
from tandem.core.policy import staff_schools
from tandem.people.models import Student
from tandem.scheduling.rules import family_plans, student_options

from . import rules
from .models import Conference, ConferenceWindow, ScheduleRun, Status
from .reasons import describe


@dataclass
class Offer:
    starts_at: datetime  # aware, the first meeting's start
    meetings: list  # [(request, starts_at, ends_at)]
    value: str = ""  # what the picker shows (offers_by_day)
    text: str = ""


def family_windows(caregiver, *, today=None):
    """Open windows of the caregiver's school that have not ended."""
    return list(
        open_windows(today).filter(term__year__school=caregiver.school_id).order_by("starts_on")
    )


def open_windows(today=None):
    """Windows that have not ended (the school's today: the active zone is the school's)."""
    return ConferenceWindow.objects.filter(
        ends_on__gte=today or timezone.localdate()
    ).select_related("term__year__school")


@dataclass
class FamilyWindow:
    """A window as one family sees it: its conferences booked (or held) and still to book,
    and whether the family may book now."""

    window: ConferenceWindow
    requests: list
    booked: list  # Conference, in the family's order
    waiting: list  # rules.Request
    can_book: bool


def family_bookings(caregiver) -> list[FamilyWindow]:
    """Per window not yet over: what the family has booked and still has to book. The family's
    conferences page and its next steps (tandem.family.steps) both read this."""
    from .services import reopened_for

    out = []
    for window in family_windows(caregiver):
        family = family_to_book(caregiver, window)
        requests, waiting = family.requests, family.waiting
        booked = booked_for(window, requests) if len(waiting) < len(requests) else {}
        out.append(
            FamilyWindow(
                window=window,
                requests=requests,
                booked=[booked[r.key] for r in requests if r.key in booked],
                waiting=waiting,
                can_book=bool(waiting) and (window.booking_open or reopened_for(window, waiting)),
            )
        )
    return out


def family_requests(caregiver, window) -> list[rules.Request]:
    """The conferences this caregiver's children (with rights) need in the window, each with
    every caregiver to invite — co-parents included (`family_to_book`: one query)."""
    return family_to_book(caregiver, window).requests


@dataclass(frozen=True)
class ToBook:
    """A family's conferences in a window, as one caregiver books them."""

    caregiver: object  # the Caregiver, as read with the family's ties
    requests: list  # every conference the caregiver's children need (rules.Request)
    waiting: list  # those not booked or held yet


def _family_ties(caregiver, school, window, year, today):
    """The rights ties of the caregiver's active children at the school, each with the child,
    its current advisor and whether it is booked in the window (jointly; for the tie's
    household)."""
    mine = Student.objects.filter(
        guardianships__caregiver=caregiver,
        guardianships__has_educational_rights=True,
        is_active=True,
        school=school,
    )
    booked = _booked_in(window).filter(student=OuterRef("student_id"))
    return (
        rules.rights_ties(student__in=mine)
        .select_related("student")
        .annotate(
            advisor_id=rules.current_advisor(year, today),
            booked_jointly=Exists(booked.filter(household__isnull=True)),
            booked_apart=Exists(booked.filter(household=OuterRef("household_id"))),
        )
    )


# Every booking reads it: compiled once (tandem/core/compiled.py).
_FAMILY_TIES = Compiled(_family_ties)


def family_to_book(caregiver, window) -> ToBook:
    """`family_requests` and which of them are still to book, in one query: every rights tie
    of the caregiver's children, each with the child, the caregiver, the child's current
    advisor, and whether the child has a conference booked or held in the window — jointly,
    or for the tie's household (the key `booked_for` gives). `caregiver`: a Caregiver or its
    id (the booking view knows the id from `access.family_window`)."""
    caregiver_id = getattr(caregiver, "pk", caregiver)
    ties = _FAMILY_TIES.all(
        caregiver=caregiver_id,
        school=window.term.year.school_id,
        window=window.pk,
        year=window.term.year_id,
        today=local_today(),
    )
    students = {g.student_id: g.student for g in ties}
    requests = rules.requests_for(
        window,
        sorted(students.values(), key=_student_order),
        guardianships=ties,
        advisors={g.student_id: g.advisor_id for g in ties},
    )
    requests = [r for r in requests if any(c.pk == caregiver_id for c in r.caregivers)]
    done = {(g.student_id, None) for g in ties if g.booked_jointly}
    done |= {(g.student_id, g.household_id) for g in ties if g.booked_apart}
    return ToBook(
        caregiver=next((g.caregiver for g in ties if g.caregiver_id == caregiver_id), None),
        requests=requests,
        waiting=[r for r in requests if (r.student.pk, r.household_id) not in done],
    )


def _student_order(student):
    """Student's default ordering (last name, first name), as the students query gave it."""
    return [getattr(student, f.lstrip("-")) for f in Student._meta.ordering] + [student.pk]


def _booked_in(window):
    """The window's conferences that settle a student's (or household's) conference: booked
    or held. A request is booked when one of these has its student and household."""
    return Conference.objects.filter(window=window, status__in=[Status.BOOKED, Status.HELD])


def _booked_rows(window, students):
    return _booked_in(window).filter(student__in=students).values_list("student_id", "household_id")


_BOOKED_ROWS = Compiled(_booked_rows)  # a lost time asks it, while the herd books


def booked_keys(window, requests) -> set[str]:
    """The keys of these requests that a booked (or held) conference in the window settles:
    `booked_for`'s keys, without reading the conferences."""
    students = {r.student.pk for r in requests}
    if not students:
        return set()
    found = set(_BOOKED_ROWS.all(window=window.pk, students=students))
    return {r.key for r in requests if (r.student.pk, r.household_id) in found}


def booked_for(window, requests) -> dict[str, Conference]:
    found = (
        _booked_in(window)
        .filter(student__in=[r.student for r in requests])
        .select_related("advisor", "interpreter", "student", "booked_by")
    )
    by_key = {}
    for c in found:
        by_key[rules.request_key(c.student_id, c.household_id)] = c
    return by_key


def offers(
    window, requests, *, ignore=(), mode="school", limit=200, by_family=True, days=None
) -> list[Offer]:
    """Every time valid for the whole family: each unbooked child's conference, back to back
    on one day (siblings), clear of everything already booked; after the cut-off (staff
    booking for a family, `by_family=False`, may take any time not yet passed). `days`: only
    these days of the window (the fresh times after a lost one)."""
    if not requests:
        return []
    span = rules._window_span(window, days=days)
    instance = rules.build_instance(
        window,
        [requests],
        modes={r.key: mode for r in requests},
        preferences={0: span} if days is not None else None,
    )
    # What is booked on these days only (Busy and the advisors' day counts): as many rows
    # as there are conferences then, whatever else the advisors have booked.
    taken = rules.occupancy_at(
        instance, window, requests, span[0].start, span[-1].end, ignore=ignore
    )
    family = instance.families[0]
    zone = window.school.zone
    earliest = rules.to_minute(timezone.now(), zone) + 1
    if by_family:
        earliest += 60 * window.change_cutoff_hours - 1
    if len(requests) > 1:
        plans = family_plans(instance, family, taken, limit=limit)
    else:
        found, _reason = student_options(instance, family, family.students[0])
        seen, plans = set(), []
        for option in found:
            if option.start not in seen and taken.fits(option):
                seen.add(option.start)
                plans.append([option])
    by_key = {r.key: r for r in requests}
    out = []
    for plan in plans:
        if plan[0].start < earliest:
            continue
        out.append(
            Offer(
                rules.from_minute(plan[0].start, zone),
                [
                    (
                        by_key[o.student],
                        rules.from_minute(o.start, zone),
                        rules.from_minute(o.end, zone),
                    )
                    for o in plan
                ],
            )
        )
    return sorted(out, key=lambda o: o.starts_at)


def offers_by_day(found: list[Offer], zone) -> list[tuple]:
    """The offers by the school's day, each with what the time picker shows: `value` (the
    form's, the start in ISO form) and `text` (one line per meeting, "9:00 a.m.–9:20 a.m.",
    with each child's name when there are several). A page repeats the same few times, so
    each is written once (dates.format_time) and the template does no date work per offer."""
    from tandem.core.dates import format_time

    written = {}

    def clock(moment):
        local = moment.astimezone(zone)
        key = (local.hour, local.minute)
        if key not in written:
            written[key] = format_time(local, zone)
        return written[key]

    days = defaultdict(list)
    for offer in found:
        local = offer.starts_at.astimezone(zone)
        offer.value = local.isoformat()
        names = len(offer.meetings) > 1
        offer.text = "\n".join(
            (f"{r.student.display_name}: " if names else "") + f"{clock(a)}–{clock(b)}"
            for r, a, b in offer.meetings
        )
        days[local.date()].append(offer)
    return sorted(days.items())


@dataclass(frozen=True)
class Waiting:
    """A conference still to book (as schedule.unbooked_requests decides), with only what the
    oversight lists show: the student's names, the household when they meet apart, the
    advisor."""

    student: Student
    household_id: int | None
    advisor_id: int

    @property
    def key(self) -> str:
        return rules.request_key(self.student.pk, self.household_id)


def _waiting_keys(window, *, advisor=None, words=()) -> list[tuple[int, int | None, int]]:
    """(student id, household id or None, advisor id) of every conference still to book in the
    window — every active student with an advisor this year, per household when households meet
    apart, less those booked or held — in the students' order, optionally one advisor's and
    matching a name search. Ids only: a school of thousands costs a few thousand integers."""
    from tandem.advisories.models import Advisory
    from tandem.people.models import Guardianship

    from .models import HouseholdMode

    advisories = Advisory.objects.current().filter(
        year=window.term.year_id, student__school=window.school, student__is_active=True
    )
    if advisor is not None:
        advisories = advisories.filter(advisor=advisor)
    advisor_of = dict(advisories.values_list("student_id", "advisor_id"))
    students = Student.objects.filter(school=window.school, pk__in=advisories.values("student_id"))
    if words:
        students = students.filter(_name_filter(words, prefix=""))
    households = defaultdict(list)
    if window.household_mode == HouseholdMode.SEPARATE:
        for student_id, household_id in (
            Guardianship.objects.filter(
                student__in=advisories.values("student_id"),
                has_educational_rights=True,
                caregiver__is_active=True,
            )
            .order_by("student_id", "household_id")
            .values_list("student_id", "household_id")
            .distinct()
        ):
            households[student_id].append(household_id)
    booked = set(
        Conference.objects.filter(
            window=window, status__in=[Status.BOOKED, Status.HELD]
        ).values_list("student_id", "household_id")
    )
    out = []
    for pk in students.values_list("pk", flat=True):
        apart = households[pk] if len(households[pk]) > 1 else [None]
        out += [(pk, h, advisor_of[pk]) for h in apart if (pk, h) not in booked]
    return out


def _with_students(keys) -> list[Waiting]:
    """The rows to show, with their students' names (one query)."""
    students = Student.objects.only(
        "pk", "first_name", "last_name", "preferred_name", "local_id"
    ).in_bulk({pk for pk, _h, _a in keys})
    return [Waiting(students[pk], h, a) for pk, h, a in keys]


def waiting_for(window, *, advisor=None) -> list[Waiting]:
    """Who still needs a conference in the window (the list schedule.unbooked_requests gives
    the scheduler, without loading caregivers); optionally one advisor's advisees."""
    return _with_students(_waiting_keys(window, advisor=advisor))


PAGE_SIZE = 50
LISTS = ("booked", "waiting", "unplaced", "no_shows", "advisors")


def _words(q: str) -> list[str]:
    return (q or "").strip().lower().split()


def _name_filter(words, prefix="student__"):
    condition = Q()
    for word in words:
        condition &= (
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}preferred_name__icontains": word})
            | Q(**{f"{prefix}local_id__iexact": word})
        )
    return condition


def _name_matches(student, words) -> bool:
    """The same test as _name_filter, for rows already in memory."""
    names = f"{student.first_name} {student.last_name} {student.preferred_name}".lower()
    return all(w in names or w == student.local_id.lower() for w in words)


def _window_no_shows(window) -> list:
    """The latest no-show of each student (or household) with no booked or held conference
    since: the families to reschedule."""
    settled = set(
        Conference.objects.filter(
            window=window, status__in=[Status.BOOKED, Status.HELD]
        ).values_list("student_id", "household_id")
    )
    found, seen = [], set()
    for c in (
        Conference.objects.filter(window=window, status=Status.NO_SHOW)
        .select_related("student", "advisor")
        .order_by("-starts_at")
    ):
        key = (c.student_id, c.household_id)
        if key not in settled and key not in seen:
            seen.add(key)
            found.append(c)
    return sorted(found, key=lambda c: c.starts_at)


def window_oversight(window, *, show="", q="", page=None, proposal_page=None) -> dict:
    """The window's oversight in a fixed number of queries, whatever the size of the school:
    the counts (booked, held, not booked, could not be placed, no-shows), then ONE list (`show`)
    filtered by student name (`q`) and cut into pages of PAGE_SIZE, and the scheduler's
    unpublished proposal, paginated too."""
    counts = Conference.objects.filter(window=window).aggregate(
        booked=Count("pk", filter=Q(status=Status.BOOKED)),
        held=Count("pk", filter=Q(status=Status.HELD)),
    )
    latest = ScheduleRun.objects.filter(window=window).first()
    reasons = {
        u["student"]: describe(u) for u in (latest.result.get("unscheduled", []) if latest else [])
    }
    no_shows = _window_no_shows(window)
    settled = {rules.request_key(c.student_id, c.household_id) for c in no_shows} | set(reasons)
    keys = _waiting_keys(window)
    counts |= {
        "waiting": sum(1 for k in keys if rules.request_key(k[0], k[1]) not in settled),
        "unplaced": sum(1 for k in keys if rules.request_key(k[0], k[1]) in reasons),
        "no_shows": len(no_shows),
    }
    if show not in LISTS:
        show = "booked" if counts["booked"] + counts["held"] else "waiting"
    words = _words(q)
    if words and show in ("waiting", "unplaced"):
        keys = _waiting_keys(window, words=words)
    pages = None
    if show == "booked":
        rows = (
            Conference.objects.filter(window=window, status__in=[Status.BOOKED, Status.HELD])
            .filter(_name_filter(words))
            .select_related("student", "advisor", "interpreter", "booked_by")
            .order_by("starts_at", "pk")
        )
    elif show == "waiting":
        rows = [k for k in keys if rules.request_key(k[0], k[1]) not in settled]
        pages = _with_students
    elif show == "unplaced":
        rows = [k for k in keys if rules.request_key(k[0], k[1]) in reasons]

        def pages(found):
            return [(w, reasons[w.key]) for w in _with_students(found)]

    elif show == "no_shows":
        rows = [c for c in no_shows if _name_matches(c.student, words)]
    else:  # the advisors' hours
        rows = advisors_summary(window)
    found = Paginator(rows, PAGE_SIZE).get_page(page)
    if pages is not None:
        found.object_list = pages(found.object_list)
    return {
        "counts": counts,
        "show": show,
        "q": q.strip(),
        "page": found,
        "latest_run": latest,
        "proposal": proposal_meetings(window, latest, proposal_page)
        if latest and not latest.published_at
        else None,
        "advisor_count": advisor_count(window),
        "interpreter_count": window.school.interpreters.filter(is_active=True).count(),
    }


def proposal_meetings(window, run, page=None):
    """One page of the run's proposed meetings, each with its student, advisor and interpreter
    (three queries for the page, whatever the size of the proposal)."""
    from django.contrib.auth import get_user_model

    from .models import Interpreter

    meetings = sorted(run.result.get("meetings", []), key=lambda m: (m["start"], m["student"]))
    found = Paginator(meetings, PAGE_SIZE).get_page(page)
    ids = [int(m["student"][1:].split("-h")[0]) for m in found.object_list]
    students = Student.objects.in_bulk(ids)
    advisors = get_user_model().objects.in_bulk([int(m["advisor"][1:]) for m in found.object_list])
    interpreters = {i.pk: i for i in Interpreter.objects.filter(school=window.school)}
    found.rows = [
        {
            "key": m["student"],
            "student": students.get(student_id),
            "advisor": advisors.get(int(m["advisor"][1:])),
            "interpreter": interpreters.get(int(m["interpreter"][1:]))
            if m.get("interpreter")
            else None,
            "start": datetime.fromisoformat(m["start"]),
            "end": datetime.fromisoformat(m["end"]),
        }
        for m, student_id in zip(found.object_list, ids, strict=True)
    ]
    return found


def advisor_count(window) -> int:
    from tandem.schools.models import Role

    return window.school.staff_roles.filter(role=Role.ADVISOR).values("user").distinct().count()


def advisors_summary(window) -> list[dict]:
    """The school's advisors with their weekly hours for the window, in three queries."""
    from django.contrib.auth import get_user_model

    from tandem.schools.models import Role

    from .forms import WEEKDAYS, format_ranges
    from .models import AdvisorAvailability

    advisors = list(
        get_user_model()
        .objects.filter(staff_roles__school=window.school, staff_roles__role=Role.ADVISOR)
        .distinct()
        .order_by(*by_name("full_name"), "pk")
    )
    settings = {
        a.advisor_id: a
        for a in AdvisorAvailability.objects.filter(window=window).prefetch_related(
            "weekly", "exceptions"
        )
    }
    names = dict(WEEKDAYS)
    out = []
    for advisor in advisors:
        found = settings.get(advisor.pk)
        weekly = defaultdict(list)
        for row in found.weekly.all() if found else []:
            weekly[row.weekday].append((row.starts_at, row.ends_at))
        out.append(
            {
                "advisor": advisor,
                "settings": found,
                "weekly": [
                    (names.get(d, d), format_ranges(spans)) for d, spans in sorted(weekly.items())
                ],
                "exceptions": len(found.exceptions.all()) if found else 0,
            }
        )
    return out


def interpreter_pool(window) -> list[dict]:
    """The school's interpreters (active first) with their hours in this window."""
    from .models import Interpreter, InterpreterHours

    hours = defaultdict(list)
    for row in InterpreterHours.objects.filter(window=window).order_by("day", "starts_at"):
        hours[row.interpreter_id].append(row)
    return [
        {"interpreter": i, "hours": hours.get(i.pk, [])}
        for i in Interpreter.objects.filter(school=window.school).order_by("-is_active", "name")
    ]


def upcoming_with(interpreter) -> int:
    return Conference.objects.filter(
        interpreter=interpreter, status=Status.BOOKED, starts_at__gte=timezone.now()
    ).count()


def _meeting_modes(window, student):
    from .models import MeetingPreference

    return (
        MeetingPreference.objects.filter(window=window, student=student)
        .order_by("pk")
        .values_list("mode", flat=True)[:1]
    )


_MEETING_MODE = Compiled(_meeting_modes)  # every booking page and lost time asks it


def meeting_mode(window, student) -> str:
    from .models import Mode

    found = _MEETING_MODE.all(window=window.pk, student=student.pk)
    return found[0] if found else Mode.SCHOOL


def homes_of(student) -> list:
    """The student's households (with their addresses), for staff deciding on a home visit."""
    from tandem.people.models import Household

    return list(Household.objects.filter(guardianships__student=student).distinct())


def advisor_conferences(user):
    return (
        Conference.objects.filter(
            advisor=user,
            status=Status.BOOKED,
            ends_at__gte=timezone.now(),
            window__term__year__school_id__in=staff_schools(user),
        )
        .select_related("student", "interpreter", "window__term__year__school")
        .prefetch_related(Prefetch("student__guardianships"))
        .order_by("starts_at")
    )


def conference_too_soon(*, plan, now=None):
    """The student's booked conference that presents `plan` (the calendar decides which), if it
    is sooner than the school's `draft_lead_days` from now (the draft should reach the family
    about two days before)."""
    from datetime import timedelta

    from tandem.schools import calendar

    student = plan.student
    now = now or timezone.now()
    lead = timedelta(days=student.school.draft_lead_days)
    soon = (
        Conference.objects.filter(
            student=student,
            window__term__in=calendar.candidate_review_terms(plan),
            status=Status.BOOKED,
            starts_at__gte=now,
            starts_at__lt=now + lead,
        )
        .select_related("window__term__year", "student")
        .order_by("starts_at")
    )
    return next(iter(calendar.conferences_presenting(plan, soon)), None)


def advisor_windows(user):
    """Windows not yet over at the schools where the user advises (for their hours page)."""
    from tandem.schools.models import Role

    return list(
        ConferenceWindow.objects.filter(
            term__year__school__staff_roles__user=user,
            term__year__school__staff_roles__role=Role.ADVISOR,
            ends_on__gte=timezone.localdate(),
        )
        .select_related("term__year__school")
        .distinct()
        .order_by("starts_on")
    )


def advisor_no_shows(user):
    """The advisor's no-shows in windows not yet over whose student has no new conference."""
    from django.db.models import Exists, OuterRef

    newer = Conference.objects.filter(
        window=OuterRef("window"),
        student=OuterRef("student"),
        status__in=[Status.BOOKED, Status.HELD],
    )
    return list(
        Conference.objects.filter(
            advisor=user,
            status=Status.NO_SHOW,
            window__ends_on__gte=timezone.localdate(),
            window__term__year__school_id__in=staff_schools(user),
        )
        .exclude(Exists(newer))
        .select_related("student", "window__term__year__school")
        .order_by("starts_at")
    )


def staff_requests(window, student) -> list[rules.Request]:
    """The conferences staff may book for this student: those not booked or held (a no-show
    leaves its student here to book again)."""
    requests = rules.requests_for(window, [student])
    booked = booked_for(window, requests)
    return [r for r in requests if r.key not in booked]


def advisor_waiting(window, user) -> list:
    """The advisor's advisees with no booked or held conference in the window, each with how
    the family meets."""
    from .models import MeetingPreference, Mode

    waiting = waiting_for(window, advisor=user)
    modes = dict(
        MeetingPreference.objects.filter(
            window=window, student__in=[r.student for r in waiting]
        ).values_list("student_id", "mode")
    )
    return [(r, Mode(modes.get(r.student.pk, Mode.SCHOOL)).label) for r in waiting]
