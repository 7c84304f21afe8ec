"""A booked conference follows the advisory (issue 13).

When a student's advisory moves to another advisor — a reassignment, a bulk move, an advisories
CSV, a departure's handover — each of the student's future booked conferences moves with it:

- to the new advisor, at the same time, when the booking rules say they are free then (their
  hours, the window's days, overlaps — the database's no-overlap included — and their most a
  day: the same `services._options_at` every booking passes). The families get an UPDATED
  invitation: the same UID, SEQUENCE raised (`services._invite("REQUEST")`, as a staff move
  does);
- otherwise it is cancelled for the family with a plain message saying why, and booking is
  reopened for that student with the link (the no-show path: `rebook_offered_at`, which
  `services.reopened_for` honours, and `tasks.send_rebook`). The coordinator's departures page
  lists it until the family books again (`moved_away`).

The old advisor keeps nothing: the conference is no longer theirs, and their calendar feed
drops it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tandem.core.tasks import enqueue_on_commit

from . import rules, services
from .models import Conference, Status


@dataclass
class Followed:
    """What happened to the conferences: moved to the new advisor, or cancelled and offered
    new times."""

    moved: list = field(default_factory=list)
    cancelled: list = field(default_factory=list)


def _move(conference, request) -> None:
    """Give the conference to `request.advisor_id` at the same time, or ValidationError."""
    window = conference.window
    zone = window.school.zone
    option = services._options_at(
        window=window,
        requests=[request],
        starts=[rules.to_minute(conference.starts_at, zone)],
        modes={request.key: conference.mode},
        ignore=[conference.pk],
    )[0]
    place = services._place_text(window, request, conference.mode)  # the new advisor's room
    services._release(conference, zone)  # the old advisor's day counts one fewer
    conference.advisor_id = request.advisor_id
    conference.starts_at = rules.from_minute(option.start, zone)
    conference.ends_at = rules.from_minute(option.end, zone)
    conference.interpreter_id = int(option.interpreter[1:]) if option.interpreter else None
    conference.travel_minutes = option.travel
    for name, text in place.items():  # the new room, in every language
        setattr(conference, name, text)
    conference.sequence += 1
    conference.save()
    services._hold(conference, request.caregivers, zone=zone)  # the new advisor's day


def _cancel_and_offer(conference) -> None:
    from .tasks import send_rebook

    services._release(conference, conference.window.school.zone)
    conference.status = Status.CANCELLED
    conference.sequence += 1
    conference.rebook_offered_at = timezone.now()
    conference.save()
    for caregiver in services.invitees(conference):
        if caregiver.email or caregiver.mobile_phone:
            enqueue_on_commit(
                send_rebook, conference_id=conference.pk, caregiver_id=caregiver.pk, moved=True
            )


def _follow(conference, request, result: Followed) -> None:
    try:
        with transaction.atomic():  # a savepoint: a refused move leaves no half-written rows
            _move(conference, request)
    except (ValidationError, IntegrityError):
        conference.refresh_from_db()
        _cancel_and_offer(conference)
        result.cancelled.append(conference)
    else:
        services._invite(conference, "REQUEST", new_advisor=True)
        result.moved.append(conference)


def _future_booked(**filters):
    return (
        Conference.objects.select_for_update(of=("self",))
        .filter(status=Status.BOOKED, starts_at__gt=timezone.now(), **filters)
        .select_related("window__term__year__school", "student")
        .order_by("starts_at", "pk")
    )


@transaction.atomic
def conferences_follow_advisory(*, by, students) -> Followed:
    """After these students' advisories moved: each future booked conference whose advisor is
    no longer the student's current advisor (for the window's year) follows the advisory.
    A student left without an advisor keeps the conference (the departures page shows it)."""
    result = Followed()
    for conference in _future_booked(student__in=list(students)):
        request = next(
            (
                r
                for r in rules.requests_for(conference.window, [conference.student])
                if r.household_id == conference.household_id
            ),
            None,
        )
        if request is None or request.advisor_id == conference.advisor_id:
            continue
        _follow(conference, request, result)
    return result


@transaction.atomic
def conferences_hand_over(*, by, conferences, advisor) -> Followed:
    """Give these booked conferences on (a departure's handover), by the same rule: a student
    whose advisory is already with someone else follows it there; the others go to `advisor`.
    Each moves when its new advisor is free at that time, else it is cancelled and new times
    are offered."""
    result = Followed()
    for conference in _future_booked(pk__in=[c.pk for c in conferences]):
        try:
            request = services._request_for(conference)
        except ValidationError:  # the student has no advisor now
            request = None
        if request is None or request.advisor_id == conference.advisor_id:
            base = request or _request_without_advisor(conference)
            request = dataclasses.replace(base, advisor_id=advisor.pk)
        if request.advisor_id == conference.advisor_id:
            continue
        _follow(conference, request, result)
    return result


def _request_without_advisor(conference):
    """The conference's request as if the student still had an advisor (only the advisor is
    replaced afterwards)."""
    from tandem.people.models import Guardianship

    ties = Guardianship.objects.filter(
        student=conference.student_id, has_educational_rights=True, caregiver__is_active=True
    ).select_related("caregiver")
    if conference.household_id:
        ties = ties.filter(household=conference.household_id)
    return rules.Request(
        conference.student,
        conference.household_id,
        conference.advisor_id,
        tuple(t.caregiver for t in ties.order_by("household_id", "pk")),
    )


def moved_away(school):
    """Conferences cancelled because the advisory moved and the new advisor was not free,
    whose family has not booked again in that window (the departures page lists them)."""
    rebooked = Conference.objects.filter(
        window=OuterRef("window"),
        student=OuterRef("student"),
        status__in=[Status.BOOKED, Status.HELD],
    )
    return (
        Conference.objects.filter(
            window__term__year__school=school,
            status=Status.CANCELLED,
            rebook_offered_at__isnull=False,
            window__ends_on__gte=timezone.localdate(),
        )
        .exclude(Exists(rebooked))
        .select_related("student", "advisor", "window__term")
        .order_by("starts_at", "pk")
    )
