"""Reads shaped for the conference pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from tandem.people.models import Student
from tandem.scheduling.rules import family_plans, student_options

from . import rules
from .models import Conference, ConferenceWindow, ScheduleRun, Status


@dataclass
class Offer:
    starts_at: datetime  # aware, the first meeting's start
    meetings: list  # [(request, starts_at, ends_at)]


def family_windows(caregiver, *, today=None):
    """Open windows of the caregiver's school that have not ended."""
    today = today or timezone.localdate()
    return list(
        ConferenceWindow.objects.filter(term__year__school=caregiver.school_id, ends_on__gte=today)
        .select_related("term__year__school")
        .order_by("starts_on")
    )


def family_requests(caregiver, window) -> list[rules.Request]:
    students = Student.objects.filter(
        guardianships__caregiver=caregiver,
        guardianships__has_educational_rights=True,
        is_active=True,
        school=window.term.year.school_id,
    ).distinct()
    requests = rules.requests_for(window, students)
    return [r for r in requests if any(c.pk == caregiver.pk for c in r.caregivers)]


def booked_for(window, requests) -> dict[str, Conference]:
    found = Conference.objects.filter(
        window=window, status=Status.BOOKED, student__in=[r.student for r in requests]
    ).select_related("advisor", "interpreter", "student")
    by_key = {}
    for c in found:
        h = f"-h{c.household_id}" if c.household_id else ""
        by_key[f"s{c.student_id}{h}"] = c
    return by_key


def offers(window, requests, *, ignore=(), mode="school", limit=200) -> list[Offer]:
    """Every time valid for the whole family: each unbooked child's conference, back to back
    on one day (siblings), clear of everything already booked; after the cut-off."""
    if not requests:
        return []
    instance = rules.build_instance(window, [requests], modes={r.key: mode for r in requests})
    taken = rules.occupancy(instance, window, [requests], ignore=ignore)
    family = instance.families[0]
    zone = window.school.zone
    earliest = rules.to_minute(timezone.now(), zone) + 60 * window.change_cutoff_hours
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
    days = defaultdict(list)
    for offer in found:
        days[offer.starts_at.astimezone(zone).date()].append(offer)
    return sorted(days.items())


def window_oversight(window) -> dict:
    """Who is booked, who has not responded, who could not be placed, no-shows — for one
    window, in a fixed number of queries."""
    from .schedule import unbooked_requests

    conferences = list(
        Conference.objects.filter(window=window)
        .exclude(status=Status.CANCELLED)
        .select_related("student", "advisor", "interpreter")
        .order_by("starts_at")
    )
    latest = ScheduleRun.objects.filter(window=window).first()
    unplaced = {
        u["student"]: u["reason"] for u in (latest.result.get("unscheduled", []) if latest else [])
    }
    waiting = unbooked_requests(window)
    return {
        "booked": [c for c in conferences if c.status in (Status.BOOKED, Status.HELD)],
        "no_shows": [c for c in conferences if c.status == Status.NO_SHOW],
        "not_responded": [r for r in waiting if r.key not in unplaced],
        "unplaced": [(r, unplaced[r.key]) for r in waiting if r.key in unplaced],
        "latest_run": latest,
    }


def advisor_conferences(user):
    return (
        Conference.objects.filter(advisor=user, status=Status.BOOKED, ends_at__gte=timezone.now())
        .select_related("student", "interpreter", "window__term__year__school")
        .prefetch_related(Prefetch("student__guardianships"))
        .order_by("starts_at")
    )


def conference_too_soon(*, student, term, now=None):
    """The student's booked conference for this term if it is sooner than the school's
    `draft_lead_days` from now (the draft should reach the family about two days before)."""
    from datetime import timedelta

    now = now or timezone.now()
    lead = timedelta(days=student.school.draft_lead_days)
    return (
        Conference.objects.filter(
            student=student,
            window__term=term,
            status=Status.BOOKED,
            starts_at__gte=now,
            starts_at__lt=now + lead,
        )
        .order_by("starts_at")
        .first()
    )
