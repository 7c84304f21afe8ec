"""Assign an exhibition's panels (issue 17) with the panel solver of tandem.scheduling.panels:
the plain instance built from the database, the solver run, the seats saved, and what could
not be covered with the reason in the reader's language.

Which presentations: those with a slot and no seat yet. A panel the coordinator made by hand,
or one assigned before, stays as it is, and its raters' time there is taken; so running it
again after adding raters only fills the presentations still without a panel.

Raters: the exhibition's — staff (with an account) or community panelists (without) — free in
the spans the coordinator set for them (`RaterAvailability`, kept inside the exhibition's days
and hours), or, with none set, on every day of the exhibition from its first slot to its day's
end; less the presentations they already sit on. At most their own `max_presentations` and the
run's `max_load` (None: no limit), less those they already sit on.

Conflicts — a rater never sits on the panel of a student whose advisor, caregiver or relative
they are: a staff rater's current advisees (tandem.advisories); anyone who is one of the
student's caregivers in Tandem (a guardianship of any relationship — parent, grandparent,
relative… — with or without educational rights), matched by the caregiver's account or by
e-mail address (a panelist has no account); and the student themself.

Each panel has the exhibition's panel size, with at least one staff member and (for panels of
two or more) one community member. No rater has expertise tags in Tandem yet, so expertise plays
no part here. Ids in the instance: presentation "p<pk>", rater "r<pk>",
student "s<pk>"; times are the school's local wall-clock time.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from tandem.advisories.models import Advisory
from tandem.people.models import Guardianship
from tandem.scheduling.model import InstanceError
from tandem.scheduling.panels import assign, panel_instance_from_json
from tandem.scheduling.panels import reasons as codes
from tandem.schools import calendar

from .models import Exhibition, PanelSeat, Presentation

# Seconds the solver may take in the coordinator's request (a school's exhibition of a few
# hundred presentations is proven best well within it; bench/panels.py).
TIME_LIMIT = 10.0


@dataclass
class Assignment:
    """What one run did: the presentations given a panel now, those left without one (each
    with its translated reason), those with no slot yet, and how many kept their panel."""

    seated: list[Presentation] = field(default_factory=list)
    uncovered: list[tuple[Presentation, str]] = field(default_factory=list)
    without_slot: list[Presentation] = field(default_factory=list)
    kept: int = 0
    optimal: bool = True


def _local(moment: datetime.datetime, zone) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def _minus(windows, busy):
    """`windows` ([start, end) pairs) less every `busy` span."""
    for a, b in sorted(busy):
        out = []
        for s, e in windows:
            if b <= s or e <= a:
                out.append((s, e))
                continue
            if s < a:
                out.append((s, a))
            if b < e:
                out.append((b, e))
        windows = out
    return windows


def _free(rater, days, zone):
    """The rater's spans (local "YYYY-MM-DDTHH:MM" pairs) inside the exhibition's `days`: their
    availability where they have set it, else every day whole."""
    spans = [(_local(a.starts_at, zone), _local(a.ends_at, zone)) for a in rater.availability.all()]
    if not spans:
        return list(days)
    out = []
    for s, e in sorted(spans):
        for day_start, day_end in days:
            start, end = max(s, day_start), min(e, day_end)
            if start < end:
                out.append((start, end))
    return out


def _load(rater, max_load: int | None, seated: int) -> int:
    """How many more presentations the rater may take: the least of their own most and the
    run's, less those they already sit on (no limit: 1000)."""
    limits = [n for n in (rater.max_presentations, max_load) if n is not None]
    return max(0, min(limits) - seated) if limits else 1000


def _conflicts(school, raters, students) -> dict[int, set[int]]:
    """Rater pk → pks of the students they may not rate (the module's docstring)."""
    student_ids = [s.pk for s in students]
    by_user: dict[int, set[int]] = defaultdict(set)
    by_email: dict[str, set[int]] = defaultdict(set)
    staff = [r.user_id for r in raters if r.user_id]
    for advisor_id, student_id in (
        Advisory.objects.current(today=calendar.today(school))
        .filter(student_id__in=student_ids, advisor_id__in=staff)
        .values_list("advisor_id", "student_id")
    ):
        by_user[advisor_id].add(student_id)
    for student_id, user_id, email in Guardianship.objects.filter(
        student_id__in=student_ids
    ).values_list("student_id", "caregiver__user_id", "caregiver__email"):
        if user_id:
            by_user[user_id].add(student_id)
        if email:
            by_email[email.strip().lower()].add(student_id)
    for s in students:
        if s.user_id:
            by_user[s.user_id].add(s.pk)
    out = {}
    for r in raters:
        email = (r.user.email if r.user_id else r.email).strip().lower()
        out[r.pk] = by_user.get(r.user_id, set()) | by_email.get(email, set())
    return out


def _split(exhibition: Exhibition):
    """The presentations to assign (a slot, no seat, no result), those that keep what they have,
    and those with no slot; in slot order."""
    presentations = list(
        exhibition.presentations.select_related("student", "result")
        .prefetch_related("seats")
        .order_by("starts_at", "room", "pk")
    )
    without_slot = [p for p in presentations if p.starts_at is None]
    kept = [p for p in presentations if p.starts_at and (p.seats.all() or hasattr(p, "result"))]
    kept_ids = {p.pk for p in kept}
    open_ = [p for p in presentations if p.starts_at and p.pk not in kept_ids]
    return open_, kept, without_slot


def without_panel(exhibition: Exhibition) -> list[Presentation]:
    """The presentations the next run would assign: a slot, and no seat or result yet."""
    return _split(exhibition)[0]


def panel_instance(exhibition: Exhibition, *, max_load: int | None = None, travel_minutes=0):
    """The solver's plain input for the presentations still without a panel (a dict of the
    JSON contract, docs/scheduling.md), the presentations in it, those kept as they are, and
    those with no slot."""
    zone = exhibition.school.zone
    open_, kept, without_slot = _split(exhibition)
    raters = list(
        exhibition.raters.select_related("user").prefetch_related("availability").order_by("pk")
    )
    busy: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for p in kept:
        for seat in p.seats.all():
            busy[seat.rater_id].append((_local(p.starts_at, zone), _local(p.ends_at, zone)))
    days = []
    day = exhibition.starts_on
    while day <= exhibition.ends_on:
        days.append(
            (
                datetime.datetime.combine(day, exhibition.day_starts_at).strftime("%Y-%m-%dT%H:%M"),
                datetime.datetime.combine(day, exhibition.day_ends_at).strftime("%Y-%m-%dT%H:%M"),
            )
        )
        day += datetime.timedelta(days=1)
    conflicts = _conflicts(exhibition.school, raters, [p.student for p in open_])
    size = exhibition.panel_size
    data = {
        "timezone": exhibition.school.time_zone,
        "travel_minutes": travel_minutes,
        "presentations": [
            {
                "id": f"p{p.pk}",
                "student": f"s{p.student_id}",
                "start": _local(p.starts_at, zone),
                "end": _local(p.ends_at, zone),
                "room": p.room or None,
                "raters": size,
                "min_staff": 1,
                "min_community": 1 if size >= 2 else 0,
            }
            for p in open_
        ],
        "raters": [
            {
                "id": f"r{r.pk}",
                "kind": "staff" if r.user_id else "community",
                "available": [
                    {"start": s, "end": e}
                    for s, e in _minus(_free(r, days, zone), busy.get(r.pk, []))
                ],
                "max_load": _load(r, max_load, len(busy[r.pk])),
                "conflicts": [f"s{pk}" for pk in sorted(conflicts[r.pk])],
            }
            for r in raters
        ],
    }
    return data, open_, kept, without_slot


def panels_assign(
    *, exhibition: Exhibition, max_load: int | None = None, time_limit: float = TIME_LIMIT
) -> Assignment:
    """Give every presentation with a slot and no panel yet a panel, if it can have one; save
    the seats at once (all or nothing). A presentation that gained a seat or a result while the
    solver ran keeps what it has."""
    data, open_, kept, without_slot = panel_instance(exhibition, max_load=max_load)
    outcome = Assignment(without_slot=without_slot, kept=len(kept))
    if not open_:
        return outcome
    try:
        instance = panel_instance_from_json(data)
    except InstanceError as error:  # two presentations at once in one room
        raise ValidationError(
            gettext("Panels cannot be assigned: %(problem)s.") % {"problem": error}
        ) from None
    result = assign(instance, time_limit=time_limit, workers=1, seed=exhibition.pk)
    outcome.optimal = result.status == "optimal"
    by_id = {f"p{p.pk}": p for p in open_}
    with transaction.atomic():
        Exhibition.objects.select_for_update().filter(pk=exhibition.pk).first()
        taken = set(
            PanelSeat.objects.filter(presentation__in=open_).values_list(
                "presentation_id", flat=True
            )
        )
        final = set(
            Presentation.objects.filter(
                pk__in=[p.pk for p in open_], result__isnull=False
            ).values_list("pk", flat=True)
        )
        raters = set(exhibition.raters.values_list("pk", flat=True))
        seats = []
        for panel in result.panels:
            p = by_id[panel.presentation]
            chosen = [int(r[1:]) for r in panel.raters]
            if p.pk in taken or p.pk in final or not set(chosen) <= raters:
                continue
            seats += [PanelSeat(presentation=p, rater_id=r) for r in chosen]
            outcome.seated.append(p)
        PanelSeat.objects.bulk_create(seats)
    for u in result.uncovered:
        outcome.uncovered.append(
            (by_id[u.presentation], describe({"code": u.code, "detail": u.detail}))
        )
    return outcome


def _kind(kind: str) -> str:
    return {
        "staff": gettext("staff raters"),
        "community": gettext("community panelists"),
    }.get(kind, gettext("raters"))


def _cause(cause: str) -> str:
    return {
        "rater_max_load": gettext("they have their most presentations"),
        "rater_other_presentations": gettext("they are on another panel at that time"),
        "rater_travel": gettext("they cannot get there from another room in time"),
    }.get(cause, cause)


def describe(entry: dict) -> str:
    """A sentence for one `uncovered` entry of the solver's result, in the reader's language."""
    code, d = entry.get("code"), entry.get("detail") or {}
    words = {"kind": _kind(d.get("kind", "any")), "needed": d.get("needed", 0)}
    if code == codes.NO_RATER_AVAILABLE:
        return gettext(
            "Too few %(kind)s are free at that time: %(available)s of the %(needed)s needed."
        ) % (words | {"available": d.get("available", 0)})
    if code == codes.RATERS_CONFLICTED:
        return gettext(
            "Too few %(kind)s free at that time may rate this student (%(left)s of the "
            "%(needed)s needed): the others are the student's advisor, caregiver or relative."
        ) % (words | {"left": d.get("available", 0) - d.get("conflicted", 0)})
    if code == codes.TOO_FEW_RATERS:
        return gettext(
            "Too few raters can rate at that time: %(eligible)s of the %(needed)s needed."
        ) % (words | {"eligible": d.get("eligible", 0)})
    if code == codes.RATERS_TAKEN:
        return gettext(
            "The %(kind)s who could rate at that time are needed on other panels "
            "(%(free)s of the %(needed)s needed are free): %(causes)s."
        ) % (
            words
            | {
                "free": d.get("free", 0),
                "causes": "; ".join(_cause(c) for c in d.get("causes", [])),
            }
        )
    return entry.get("reason", "")
