"""What departing people left behind at a school — the coordinator's departures page (issue 13).

A person who holds no staff role at a school any more (removed by hand, in the admin site, or by
a roster import) sees nothing of it (core.policy). What they were responsible for stays in the
data, and this module is the one answer to "what is left": per person,

- advisees: their current advisories of the school's students;
- booked conferences: future booked conferences with them as the advisor;
- revision plans they own (not yet resolved) and meeting-record next steps they own (not yet
  due);
- open referrals they made;
- their caseload: students whose case manager or counselor they are;

and, for anyone (still at the school or not), the conferences cancelled when their advisee moved
to an advisor who was not free then, until the family books again (conferences.follow).

`left_behind(school, kind, person=None)` is the query for one group; the page and the handover
services (advisories.services.departure_hand_over) both ask it, so what the page lists is exactly
what a handover moves. `departures(school)` reads every group in a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from tandem.schools.models import Role, StaffRole

from .models import Advisory, Handover

Kind = Handover.Kind

# Who may take each group over: a staff member of the school with one of these roles.
SUCCESSOR_ROLES = {
    Kind.ADVISEES: {Role.ADVISOR},
    Kind.CONFERENCES: {Role.ADVISOR},
    Kind.REVISION_PLANS: set(Role.values),
    Kind.NEXT_STEPS: set(Role.values),
    Kind.REFERRALS: set(Role.values),
    Kind.CASE_MANAGER: {Role.CASE_MANAGER},
    Kind.COUNSELOR: {Role.COUNSELOR},
}


def _gone(school, field_name: str):
    """True when the person in `field_name` holds no staff role at the school."""
    return ~Exists(StaffRole.objects.filter(user=OuterRef(field_name), school=school))


def left_behind(school, kind: str, person=None):
    """The rows of one group that departed people left at this school (all of them, or
    `person`'s), ready for the page."""
    from tandem.conferences.models import Conference, Status
    from tandem.people.models import Student
    from tandem.plans.models import RevisionPlan
    from tandem.records.models import NextStep
    from tandem.referrals.models import Referral, ReferralState

    if kind == Kind.ADVISEES:
        rows = (
            Advisory.objects.current()
            .filter(student__school=school, student__is_active=True)
            .filter(_gone(school, "advisor"))
            .select_related("student", "year")
            .order_by("student__last_name", "student__first_name", "pk")
        )
        who = "advisor"
    elif kind == Kind.CONFERENCES:
        rows = (
            Conference.objects.filter(
                window__term__year__school=school,
                status=Status.BOOKED,
                starts_at__gt=timezone.now(),
            )
            .filter(_gone(school, "advisor"))
            .select_related("student")
            .order_by("starts_at", "pk")
        )
        who = "advisor"
    elif kind == Kind.REVISION_PLANS:
        rows = (
            RevisionPlan.objects.filter(plan__student__school=school, resolved_at__isnull=True)
            .filter(_gone(school, "owner"))
            .select_related("plan__student", "plan__term")
            .order_by("due_on", "pk")
        )
        who = "owner"
    elif kind == Kind.NEXT_STEPS:
        rows = (
            NextStep.objects.filter(
                record__conference__student__school=school, due_on__gte=timezone.localdate()
            )
            .filter(_gone(school, "owner"))
            .select_related("record__conference__student")
            .order_by("due_on", "pk")
        )
        who = "owner"
    elif kind == Kind.REFERRALS:
        rows = (
            Referral.objects.filter(school=school)
            .exclude(state=ReferralState.CLOSED)
            .filter(_gone(school, "referrer"))
            .select_related("student")
            .order_by("created_at", "pk")
        )
        who = "referrer"
    elif kind in (Kind.CASE_MANAGER, Kind.COUNSELOR):
        who = "case_manager" if kind == Kind.CASE_MANAGER else "counselor"
        rows = (
            Student.objects.filter(school=school, is_active=True, **{f"{who}__isnull": False})
            .filter(_gone(school, who))
            .order_by("last_name", "first_name", "pk")
        )
    else:
        raise ValueError(kind)
    if person is not None:
        rows = rows.filter(**{f"{who}_id": person.pk})
    return rows, f"{who}_id"


@dataclass
class Departure:
    """One person and what they left at the school, group by group (in `Kind` order)."""

    person: object
    departed: bool  # holds no staff role at the school
    groups: dict = field(default_factory=dict)  # kind -> list of rows
    moved_away: list = field(default_factory=list)  # cancelled when the advisory moved

    @property
    def group_list(self):
        return [(Kind(kind), rows) for kind, rows in self.groups.items()]


def people(school):
    """Everyone who left something at the school, by name, in one query: the list the
    departures page shows and the coordinator's home counts (one rule for "who")."""
    from functools import reduce
    from operator import or_

    from tandem.conferences.follow import moved_away

    # pk IN (subquery) per group: the database reads each group once (a hashed semi-join),
    # not a correlated subquery per user of the district.
    left = []
    for kind in Kind.values:
        rows, person_field = left_behind(school, kind)
        left.append(Q(pk__in=rows.order_by().values(person_field)))
    left.append(Q(pk__in=moved_away(school).order_by().values("advisor_id")))
    return get_user_model().objects.filter(reduce(or_, left)).order_by("full_name", "email", "pk")


def departures(school, person=None) -> list[Departure]:
    """`people(school)` (or only `person`), each with what they left, group by group: one query
    per group, one for the conferences cancelled when an advisory moved, two for the people."""
    from tandem.conferences.follow import moved_away

    found: dict[int, dict] = defaultdict(dict)
    for kind in Kind.values:
        rows, person_field = left_behind(school, kind, person)
        for row in rows:
            found[getattr(row, person_field)].setdefault(kind, []).append(row)
    cancelled = defaultdict(list)
    away = moved_away(school)
    if person is not None:
        away = away.filter(advisor=person)
    for conference in away:
        cancelled[conference.advisor_id].append(conference)
    everyone = people(school)
    if person is not None:
        everyone = everyone.filter(pk=person.pk)
    everyone = list(everyone)
    staying = set(
        StaffRole.objects.filter(school=school, user__in=[p.pk for p in everyone]).values_list(
            "user_id", flat=True
        )
    )
    return [
        Departure(
            person=someone,
            departed=someone.pk not in staying,
            groups={k: found[someone.pk][k] for k in Kind.values if k in found[someone.pk]},
            moved_away=cancelled.get(someone.pk, []),
        )
        for someone in everyone
    ]


def departure_of(school, person) -> Departure | None:
    """One person's entry of `departures(school)` (None when they left nothing)."""
    found = departures(school, person)
    return found[0] if found else None


def successors(school) -> dict[str, list]:
    """For each group, the school's staff who may take it over (one query)."""
    by_role = defaultdict(dict)
    for role in (
        StaffRole.objects.filter(school=school)
        .select_related("user")
        .order_by("user__full_name", "user__pk")
    ):
        if role.user.is_active:
            by_role[role.role][role.user.pk] = role.user
    out = {}
    for kind, roles in SUCCESSOR_ROLES.items():
        people = {}
        for role in roles:
            people |= by_role.get(role, {})
        out[kind] = sorted(people.values(), key=lambda u: (u.full_name, u.pk))
    return out


def recent_handovers(school, limit: int = 20):
    return (
        Handover.objects.filter(school=school)
        .select_related("person", "successor", "by")
        .order_by("-at", "-pk")[:limit]
    )
