"""The scheduler's input and output: plain dataclasses, read from and written to the JSON of
the public contract (docs/scheduling.md). No Django here.

Times in an instance are local wall-clock date-times in the instance's time zone; inside the
package they are whole minutes since 1970-01-01 00:00 local (`Minute`), so a day is
`minute // 1440` and daylight-saving changes cannot shift a meeting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

EPOCH = datetime(1970, 1, 1)
MODES = ("school", "video", "phone", "home")


class InstanceError(ValueError):
    """Input the scheduler cannot use; the message names the place (e.g. `families[3].id`)."""


@dataclass(frozen=True)
class Window:
    start: int  # minutes since EPOCH, local
    end: int
    preference: int = 0

    def covers(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


@dataclass(frozen=True)
class Advisor:
    id: str
    languages: tuple[str, ...]
    available: tuple[Window, ...]
    max_per_day: int


@dataclass(frozen=True)
class Interpreter:
    id: str
    languages: tuple[str, ...]
    available: tuple[Window, ...]


@dataclass(frozen=True)
class StudentRequest:
    id: str
    advisor: str
    minutes: int
    mode: str = "school"
    travel_minutes: int = 0

    @property
    def travel(self) -> int:
        """Minutes the advisor spends getting there and back (only home visits travel)."""
        return self.travel_minutes if self.mode == "home" else 0


@dataclass(frozen=True)
class Family:
    id: str
    language: str
    needs_interpreter: bool
    available: tuple[Window, ...]
    students: tuple[StudentRequest, ...]


@dataclass(frozen=True)
class Weights:
    """The score (docs/scheduling.md): per meeting `base + per_preference × preference`; per
    family with two or more meetings `split_days` if on different days, else
    `min(split_days, idle_per_minute × idle minutes)`."""

    base: float = 100.0
    per_preference: float = 10.0
    split_days: float = 72.0
    idle_per_minute: float = 0.4


@dataclass(frozen=True)
class Instance:
    timezone: str
    start_step_minutes: int
    advisors: tuple[Advisor, ...]
    interpreters: tuple[Interpreter, ...]
    families: tuple[Family, ...]
    weights: Weights = field(default_factory=Weights)

    def advisor(self, advisor_id: str) -> Advisor:
        return self._advisors[advisor_id]

    def __post_init__(self):
        object.__setattr__(self, "_advisors", {a.id: a for a in self.advisors})


@dataclass(frozen=True)
class Meeting:
    student: str
    advisor: str
    start: int
    end: int
    interpreter: str | None = None


@dataclass(frozen=True)
class Unscheduled:
    """A student who could not be placed: `reason` in English, and the stable `code` and
    `detail` a page translates (codes and their details: reasons.py)."""

    student: str
    reason: str
    code: str = ""
    detail: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Result:
    meetings: list[Meeting]
    unscheduled: list[Unscheduled]
    score: float
    bound: float
    status: str  # "optimal" | "feasible"
    seconds: float
    # The families' waiting time between siblings (rules.sibling_waiting) of this schedule
    # ("schedule") and of first-come-first-served booking on the same school ("first_come").
    waiting: dict | None = None


# -- times -------------------------------------------------------------------------------


def to_minute(value: str, where: str) -> int:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InstanceError(f"{where}: {value!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is not None:
        raise InstanceError(f"{where}: {value!r} must be a local time without an offset")
    return int((moment - EPOCH).total_seconds() // 60)


def to_iso(minute: int) -> str:
    from datetime import timedelta

    return (EPOCH + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M")


def day_of(minute: int) -> int:
    return minute // 1440


# -- JSON in -------------------------------------------------------------------------------


def _need(obj, key, where, kind=None):
    if not isinstance(obj, dict):
        raise InstanceError(f"{where}: expected an object")
    if key not in obj:
        raise InstanceError(f"{where}: missing {key!r}")
    value = obj[key]
    if kind is not None and not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise InstanceError(f"{where}.{key}: expected {getattr(kind, '__name__', kind)}")
    return value


def _windows(items, where, *, ranked=False) -> tuple[Window, ...]:
    if not isinstance(items, list):
        raise InstanceError(f"{where}: expected a list of {{start, end}}")
    out = []
    for n, item in enumerate(items):
        here = f"{where}[{n}]"
        start = to_minute(_need(item, "start", here), f"{here}.start")
        end = to_minute(_need(item, "end", here), f"{here}.end")
        if end <= start:
            raise InstanceError(f"{here}: ends before it starts")
        preference = 0
        if ranked:
            preference = item.get("preference", 1)
            if preference not in (1, 2, 3) or isinstance(preference, bool):
                raise InstanceError(f"{here}.preference: must be 1, 2 or 3 (best = 3)")
        out.append(Window(start, end, preference))
    return tuple(out)


def _languages(value, where) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InstanceError(f"{where}: expected a list of language codes")
    return tuple(v.lower() for v in value)


def _unique(ids, what):
    seen = set()
    for where, value in ids:
        if not isinstance(value, str) or not value:
            raise InstanceError(f"{where}: expected a non-empty string id")
        if value in seen:
            raise InstanceError(f"{where}: {what} id {value!r} is used twice")
        seen.add(value)


def instance_from_json(data) -> Instance:
    """Read and check an instance; raises InstanceError naming the first problem."""
    where = "instance"
    timezone = _need(data, "timezone", where, str)
    step = data.get("start_step_minutes", 5)
    if not isinstance(step, int) or isinstance(step, bool) or not 1 <= step <= 1440:
        raise InstanceError("start_step_minutes: expected whole minutes between 1 and 1440")
    raw_advisors = _need(data, "advisors", where, list)
    raw_interpreters = data.get("interpreters", [])
    raw_families = _need(data, "families", where, list)
    _unique(
        [
            (f"advisors[{n}].id", _need(a, "id", f"advisors[{n}]"))
            for n, a in enumerate(raw_advisors)
        ],
        "advisor",
    )
    _unique(
        [
            (f"interpreters[{n}].id", _need(i, "id", f"interpreters[{n}]"))
            for n, i in enumerate(raw_interpreters)
        ],
        "interpreter",
    )
    _unique(
        [
            (f"families[{n}].id", _need(f, "id", f"families[{n}]"))
            for n, f in enumerate(raw_families)
        ],
        "family",
    )
    advisors = []
    for n, a in enumerate(raw_advisors):
        here = f"advisors[{n}]"
        max_per_day = a.get("max_per_day", 1000)
        if not isinstance(max_per_day, int) or isinstance(max_per_day, bool) or max_per_day < 0:
            raise InstanceError(f"{here}.max_per_day: expected a whole number ≥ 0")
        advisors.append(
            Advisor(
                id=a["id"],
                languages=_languages(a.get("languages", []), f"{here}.languages"),
                available=_windows(_need(a, "available", here), f"{here}.available"),
                max_per_day=max_per_day,
            )
        )
    interpreters = [
        Interpreter(
            id=i["id"],
            languages=_languages(i.get("languages", []), f"interpreters[{n}].languages"),
            available=_windows(
                _need(i, "available", f"interpreters[{n}]"), f"interpreters[{n}].available"
            ),
        )
        for n, i in enumerate(raw_interpreters)
    ]
    advisor_ids = {a.id for a in advisors}
    families, student_ids = [], []
    for n, f in enumerate(raw_families):
        here = f"families[{n}]"
        students = []
        for m, s in enumerate(_need(f, "students", here, list)):
            at = f"{here}.students[{m}]"
            student_ids.append((f"{at}.id", _need(s, "id", at)))
            advisor = _need(s, "advisor", at)
            if advisor not in advisor_ids:
                raise InstanceError(f"{at}.advisor: there is no advisor {advisor!r}")
            minutes = _need(s, "minutes", at, int)
            if minutes <= 0:
                raise InstanceError(f"{at}.minutes: must be more than 0")
            mode = s.get("mode", "school")
            if mode not in MODES:
                raise InstanceError(f"{at}.mode: {mode!r} is not one of {', '.join(MODES)}")
            travel = s.get("travel_minutes", 0) or 0
            if not isinstance(travel, int) or isinstance(travel, bool) or travel < 0:
                raise InstanceError(f"{at}.travel_minutes: expected whole minutes ≥ 0")
            students.append(StudentRequest(s["id"], advisor, minutes, mode, travel))
        families.append(
            Family(
                id=f["id"],
                language=str(f.get("language", "en")).lower(),
                needs_interpreter=bool(f.get("needs_interpreter", False)),
                available=_windows(_need(f, "available", here), f"{here}.available", ranked=True),
                students=tuple(students),
            )
        )
    _unique(student_ids, "student")
    weights = Weights(
        **{
            k: float(v)
            for k, v in (data.get("weights") or {}).items()
            if k in Weights.__dataclass_fields__
        }
    )
    return Instance(timezone, step, tuple(advisors), tuple(interpreters), tuple(families), weights)


# -- JSON out ------------------------------------------------------------------------------


def result_to_json(result: Result) -> dict:
    return {
        "meetings": [
            {
                "student": m.student,
                "advisor": m.advisor,
                "start": to_iso(m.start),
                "end": to_iso(m.end),
                "interpreter": m.interpreter,
            }
            for m in sorted(result.meetings, key=lambda m: (m.start, m.advisor, m.student))
        ],
        "unscheduled": [
            {"student": u.student, "reason": u.reason, "code": u.code, "detail": u.detail}
            for u in result.unscheduled
        ],
        "score": round(result.score, 2),
        "bound": round(result.bound, 2),
        "status": result.status,
        "seconds": round(result.seconds, 3),
    } | ({"waiting": result.waiting} if result.waiting is not None else {})


def ceil_step(minute: int, step: int) -> int:
    """The first start at or after `minute` that falls on the step grid (from midnight)."""
    day, within = divmod(minute, 1440)
    return day * 1440 + math.ceil(within / step) * step
