"""Panel assignment's input and output: plain dataclasses, read from and written to the JSON of
the public contract (docs/scheduling.md, "Panel assignment"). No Django here.

Times are local wall-clock date-times in the instance's time zone, kept as whole minutes since
1970-01-01 00:00 local, as the conference scheduler keeps them (`..model`): the same reading,
checking and writing of times and availability serves both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import InstanceError, Window, _need, _unique, _windows, to_minute

KINDS = ("staff", "community")


@dataclass(frozen=True)
class Presentation:
    """One student's presentation: its slot, its room (None: no room given), how many raters
    it needs and how many of them must be staff and community members, and the competency
    tags it shows (to prefer raters with that expertise)."""

    id: str
    student: str
    start: int
    end: int
    room: str | None
    raters: int
    min_staff: int = 1
    min_community: int = 1
    tags: tuple[str, ...] = ()

    def needs(self, kind: str) -> int:
        return self.min_staff if kind == "staff" else self.min_community


@dataclass(frozen=True)
class Rater:
    """A staff member or a community panelist: when they can rate, how many presentations at
    most, the students they may not rate (their advisees, children, relatives), their
    expertise, and the rooms they can be in (empty: any)."""

    id: str
    kind: str
    available: tuple[Window, ...]
    max_load: int
    conflicts: frozenset[str] = frozenset()
    tags: tuple[str, ...] = ()
    rooms: tuple[str, ...] = ()


@dataclass(frozen=True)
class PanelInstance:
    timezone: str
    presentations: tuple[Presentation, ...]
    raters: tuple[Rater, ...]
    # Minutes a rater needs between two presentations in different rooms.
    travel_minutes: int = 0

    def rater(self, rater_id: str) -> Rater:
        return self._raters[rater_id]

    def __post_init__(self):
        object.__setattr__(self, "_raters", {r.id: r for r in self.raters})


@dataclass(frozen=True)
class Panel:
    presentation: str
    raters: tuple[str, ...]


@dataclass(frozen=True)
class Uncovered:
    """A presentation left without a panel: `reason` in English, and the stable `code` and
    `detail` a page translates (codes and their details: panels/reasons.py)."""

    presentation: str
    reason: str
    code: str = ""
    detail: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass
class PanelResult:
    panels: list[Panel]
    uncovered: list[Uncovered]
    loads: dict[str, int]  # every rater, in the instance's order
    # The smallest load among raters who could rate at least one presentation (a rater free
    # at no presentation's time is no sign of an uneven assignment).
    min_load: int
    expertise_matches: int  # seats whose rater shares a tag with the presentation
    covered_bound: int  # no assignment covers more presentations than this
    status: str  # "optimal" | "feasible"
    # True when no stage of the search was cut by the wall clock: the same instance, seed and
    # time limit then give the same panels on any machine.
    reproducible: bool
    seconds: float

    @property
    def max_load(self) -> int:
        return max(self.loads.values(), default=0)


# -- JSON in -------------------------------------------------------------------------------


def _count(obj, key, where, default, minimum=0) -> int:
    value = obj.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise InstanceError(f"{where}.{key}: expected a whole number ≥ {minimum}")
    return value


def _strings(obj, key, where) -> tuple[str, ...]:
    value = obj.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InstanceError(f"{where}.{key}: expected a list of non-empty strings")
    return tuple(value)


def panel_instance_from_json(data) -> PanelInstance:
    """Read and check an instance; raises InstanceError naming the first problem."""
    where = "instance"
    timezone = _need(data, "timezone", where, str)
    travel = _count(data, "travel_minutes", "instance", 0)
    raw_presentations = _need(data, "presentations", where, list)
    raw_raters = _need(data, "raters", where, list)
    _unique(
        [
            (f"presentations[{n}].id", _need(p, "id", f"presentations[{n}]"))
            for n, p in enumerate(raw_presentations)
        ],
        "presentation",
    )
    _unique(
        [(f"raters[{n}].id", _need(r, "id", f"raters[{n}]")) for n, r in enumerate(raw_raters)],
        "rater",
    )
    presentations = []
    for n, p in enumerate(raw_presentations):
        here = f"presentations[{n}]"
        student = _need(p, "student", here, str)
        if not student:
            raise InstanceError(f"{here}.student: expected a non-empty string id")
        start = to_minute(_need(p, "start", here), f"{here}.start")
        end = to_minute(_need(p, "end", here), f"{here}.end")
        if end <= start:
            raise InstanceError(f"{here}: ends before it starts")
        room = p.get("room")
        if room is not None and (not isinstance(room, str) or not room):
            raise InstanceError(f"{here}.room: expected a non-empty string or null")
        k = _need(p, "raters", here, int)
        if k < 1:
            raise InstanceError(f"{here}.raters: must be at least 1")
        min_staff = _count(p, "min_staff", here, 1)
        min_community = _count(p, "min_community", here, 1)
        if min_staff + min_community > k:
            raise InstanceError(
                f"{here}: {k} raters cannot hold {min_staff} staff and {min_community} community"
            )
        presentations.append(
            Presentation(
                id=p["id"],
                student=student,
                start=start,
                end=end,
                room=room,
                raters=k,
                min_staff=min_staff,
                min_community=min_community,
                tags=_strings(p, "tags", here),
            )
        )
    _rooms_hold_one_at_a_time(presentations)
    raters = []
    for n, r in enumerate(raw_raters):
        here = f"raters[{n}]"
        kind = _need(r, "kind", here)
        if kind not in KINDS:
            raise InstanceError(f"{here}.kind: {kind!r} is not one of {', '.join(KINDS)}")
        raters.append(
            Rater(
                id=r["id"],
                kind=kind,
                available=_windows(_need(r, "available", here), f"{here}.available"),
                max_load=_count(r, "max_load", here, 1000),
                conflicts=frozenset(_strings(r, "conflicts", here)),
                tags=_strings(r, "tags", here),
                rooms=_strings(r, "rooms", here),
            )
        )
    return PanelInstance(timezone, tuple(presentations), tuple(raters), travel)


def _rooms_hold_one_at_a_time(presentations: list[Presentation]) -> None:
    by_room: dict[str, list[Presentation]] = {}
    for p in presentations:
        if p.room is not None:
            by_room.setdefault(p.room, []).append(p)
    for room, held in by_room.items():
        held = sorted(held, key=lambda p: (p.start, p.end))
        for a, b in zip(held, held[1:], strict=False):
            if b.start < a.end:
                raise InstanceError(
                    f"presentations: {a.id!r} and {b.id!r} overlap in room {room!r}"
                )


# -- JSON out ------------------------------------------------------------------------------


def panel_result_to_json(instance: PanelInstance, result: PanelResult) -> dict:
    order = {p.id: n for n, p in enumerate(instance.presentations)}
    return {
        "panels": [
            {"presentation": panel.presentation, "raters": list(panel.raters)}
            for panel in sorted(result.panels, key=lambda panel: order[panel.presentation])
        ],
        "uncovered": [
            {"presentation": u.presentation, "reason": u.reason, "code": u.code, "detail": u.detail}
            for u in sorted(result.uncovered, key=lambda u: order[u.presentation])
        ],
        "loads": dict(result.loads),
        "summary": {
            "presentations": len(instance.presentations),
            "covered": len(result.panels),
            "covered_bound": result.covered_bound,
            "seats": sum(result.loads.values()),
            "max_load": result.max_load,
            "min_load": result.min_load,
            "spread": result.max_load - result.min_load,
            "expertise_matches": result.expertise_matches,
        },
        "status": result.status,
        "reproducible": result.reproducible,
        "seconds": round(result.seconds, 3),
    }


__all__ = [
    "KINDS",
    "InstanceError",
    "Panel",
    "PanelInstance",
    "PanelResult",
    "Presentation",
    "Rater",
    "Uncovered",
    "panel_instance_from_json",
    "panel_result_to_json",
]
