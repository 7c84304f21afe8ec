"""Conferences for the demo school: this term's conference window, every advisor's weekly
hours, two interpreters (Spanish, Haitian Creole) with their hours, home addresses, some
families' times that work and ways to meet, and booked conferences for about two thirds of
the students, the rest left to book. Written through the same services the pages use, with no
message sent; deterministic for a seed and a day.

Only what lies in the past ran: the booked conferences are all after the demo's today, so
they stay booked. The conferences that ran (a few held, one no-show) are the last term's
review, on the days of its window before today (`past_reviews`); when no window has begun
yet (early in the school year) nothing has run."""

import random
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError

from tandem.conferences import rules, selectors, services
from tandem.conferences.models import (
    AdvisorAvailability,
    FamilyAvailability,
    HoursException,
    Interpreter,
    InterpreterHours,
    Mode,
    Status,
    WeeklyHours,
)
from tandem.core import content
from tandem.people.models import Household, Student
from tandem.schools import calendar
from tandem.schools.models import Role, StaffRole, Term

from . import generator as demo
from . import spanish

PATTERNS = [
    # (weekday, from, until) rows: most advisors keep school hours, some stay late twice a week.
    [(d, time(8), time(11, 30)) for d in range(5)] + [(d, time(13), time(16)) for d in range(5)],
    [(d, time(9), time(15)) for d in range(5)] + [(1, time(16), time(19)), (3, time(16), time(19))],
    [(d, time(12), time(18, 30)) for d in range(5)],
]
INTERPRETERS = [
    ("Lucía Fernández", "lucia.fernandez@example.org", "es", (time(8), time(13))),
    ("Jean-Baptiste Pierre", "jb.pierre@example.org", "ht,fr", (time(12), time(19))),
]


def seed_demo_conferences(school, *, seed: int, today: date | None = None) -> dict[str, int]:
    rng = random.Random(seed + 9)
    today = today or calendar.today(school)
    term = calendar.current_term(school, today)
    if term is None:
        return {}
    window = services.window_for_term(term=term)
    days = window.days()
    advisors = sorted(
        {r.user for r in StaffRole.objects.filter(school=school, role=Role.ADVISOR)},
        key=lambda u: u.pk,
    )
    for n, advisor in enumerate(advisors):
        settings = AdvisorAvailability.objects.create(
            window=window,
            advisor=advisor,
            max_per_day=rng.choice([8, 10, 12]),
            languages="en,es" if rng.random() < 0.25 else "en",
            **spanish.room(101 + n),
            video_link=f"https://meet.example.org/riverside-{101 + n}",
            home_travel_minutes=rng.choice([15, 20, 25]),
        )
        WeeklyHours.objects.bulk_create(
            WeeklyHours(availability=settings, weekday=d, starts_at=a, ends_at=b)
            for d, a, b in PATTERNS[n % len(PATTERNS)]
        )
        if days and rng.random() < 0.3:
            HoursException.objects.create(availability=settings, day=rng.choice(days))
    for name, email, languages, (a, b) in INTERPRETERS:
        person = Interpreter.objects.create(
            school=school, name=name, email=email, languages=languages
        )
        InterpreterHours.objects.bulk_create(
            InterpreterHours(interpreter=person, window=window, day=d, starts_at=a, ends_at=b)
            for d in days
        )

    # Most homes have an address on record (the household's name carries its street).
    homes = list(Household.objects.filter(school=school).order_by("pk"))
    for home in homes:
        if rng.random() < 0.85 and "(" in home.name:
            home.street = f"{rng.randint(12, 980)} {home.name.split('(')[1].rstrip(')')}"
            home.city, home.state = "Boston", "MA"
            home.postal_code = f"021{rng.randint(18, 36)}"
    Household.objects.bulk_update(homes, ["street", "city", "state", "postal_code"])

    students = Student.objects.filter(school=school, is_active=True).order_by("pk")
    groups = rules.family_groups(rules.requests_for(window, students))
    # The two demo families who sign in are left to book themselves.
    kept = {
        c.pk
        for g in groups
        for r in g
        for c in r.caregivers
        if c.email.lower() in {demo.FAMILY_EMAIL, demo.FAMILIA_EMAIL}
    }
    counts = {"conference window days": len(days), "interpreters": len(INTERPRETERS)}
    booked, said, ways = [], 0, 0
    for group in groups:
        if any(c.pk in kept for r in group for c in r.caregivers):
            continue
        mode = rng.choices(
            [Mode.SCHOOL, Mode.VIDEO, Mode.PHONE, Mode.HOME], weights=[78, 14, 5, 3]
        )[0]
        if mode != Mode.SCHOOL:
            try:
                services.meeting_preference_set(
                    by=None, window=window, students=[r.student for r in group], mode=mode
                )
                ways += 1
            except ValidationError:
                mode = Mode.SCHOOL  # a home visit with no address on record
        if rng.random() < 0.3 and group[0].caregivers:
            said += 1
            for day in rng.sample(days, k=min(3, len(days))):
                start = rng.choice([time(8), time(12), time(16)])
                end = {time(8): time(12), time(12): time(16), time(16): window.day_ends_at}[start]
                FamilyAvailability.objects.create(
                    window=window,
                    caregiver=group[0].caregivers[0],
                    preference=rng.randint(1, 3),
                    starts_at=rules.from_minute(rules._minutes(day, start), window.school.zone),
                    ends_at=rules.from_minute(rules._minutes(day, end), window.school.zone),
                )
        if rng.random() >= 0.68:
            continue
        found = selectors.offers(window, group, mode=mode, limit=40)
        if not found:
            continue
        offer = found[rng.randrange(len(found))]
        try:
            booked += services.conferences_book(
                by=None,
                window=window,
                requests=group,
                starts_at=offer.starts_at,
                mode=mode,
                by_family=False,
                notify=False,
            )
        except ValidationError:
            continue
    ran = past_reviews(school, today=today, kept=kept)
    counts |= {
        "families who said when": said,
        "families meeting not at school": ways,
        "conferences booked": len(booked),
        "conferences held": sum(1 for c in ran if c.status == Status.HELD),
        "conferences no-show": sum(1 for c in ran if c.status == Status.NO_SHOW),
    }
    return counts


def past_reviews(school, *, today: date, kept=frozenset(), held: int = 4) -> list:
    """The last term's review as it ran: `held` conferences held and one no-show, on the days
    of that term's window before today (the demo advisor's advisee first, so their login shows
    a whole meeting). They are history, so they are written as they were booked then (the
    booking service only books times to come) and marked through the service, which checks
    that each has started. None when no window has begun before today."""
    from tandem.conferences.models import Conference

    term = Term.objects.filter(year__school=school, ends_on__lt=today).order_by("-ends_on").first()
    if term is None:
        return []
    window = services.window_for_term(term=term)
    days = [d for d in window.days() if d < today]
    if not days:
        return []
    taken = set(
        Conference.objects.filter(window=window, status=Status.BOOKED).values_list(
            "student_id", flat=True
        )
    )
    students = Student.objects.filter(school=school, is_active=True).order_by("pk")
    requests = [
        r
        for r in rules.requests_for(window, students)
        if r.student.pk not in taken
        and r.household_id is None
        and not any(c.pk in kept for c in r.caregivers)
    ]
    first = set(
        StaffRole.objects.filter(school=school, user__email=demo.ADVISOR_EMAIL).values_list(
            "user_id", flat=True
        )
    )
    requests.sort(key=lambda r: r.student.pk)
    mine = next((r for r in requests if r.advisor_id in first), None)
    if mine is not None:  # the demo advisor's advisee first, then the school's order
        requests = [mine] + [r for r in requests if r is not mine]
    ran = []
    zone = school.zone
    for number, request in enumerate(requests[: held + 1]):
        day = days[number % len(days)]
        starts_at = datetime.combine(day, time(9), tzinfo=zone) + timedelta(
            minutes=window.slot_minutes * number
        )
        settings = AdvisorAvailability.objects.filter(advisor_id=request.advisor_id).first()
        conference = Conference.objects.create(
            window=window,
            student=request.student,
            advisor_id=request.advisor_id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=window.slot_minutes),
            mode=Mode.SCHOOL,
            **content.as_kwargs(settings, "room", "place"),
        )
        status = Status.HELD if number < held else Status.NO_SHOW
        ran.append(services.conference_mark(by=None, conference=conference, status=status))
    return ran
