"""What makes a meeting time valid, and what a schedule scores — the one place the rules live.

The solver, the greedy warm start, the LP bound and the school's self-service booking page all
ask this module, so a time a family may book is exactly a time the scheduler could choose.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .model import Family, Instance, Meeting, StudentRequest, Window, ceil_step, day_of
from .reasons import NO_COMMON_TIME, NO_INTERPRETER, NO_INTERPRETER_FREE, Reason


@dataclass(frozen=True)
class Option:
    """One valid way to hold one student's meeting."""

    student: str
    family: str
    advisor: str
    start: int
    end: int
    travel: int
    interpreter: str | None
    preference: int

    @property
    def day(self) -> int:
        return day_of(self.start)

    @property
    def advisor_busy(self) -> tuple[int, int]:
        """The advisor's time: the meeting, with a home visit's travel before and after."""
        return self.start - self.travel, self.end + self.travel

    def meeting(self) -> Meeting:
        return Meeting(self.student, self.advisor, self.start, self.end, self.interpreter)


def grid(start: int, end: int, step: int, length: int) -> Iterator[int]:
    """Starts on the step grid (counted from each midnight) with [t, t+length] inside
    [start, end]."""
    day = start // 1440
    while day * 1440 < end:
        first = max(start - day * 1440, 0)
        t = day * 1440 + -(-first // step) * step
        while t < (day + 1) * 1440 and t + length <= end:
            yield t
            t += step
        day += 1


def _within(windows: Iterable[Window], start: int, end: int) -> bool:
    return any(w.covers(start, end) for w in windows)


def preference_at(windows: Iterable[Window], start: int, end: int) -> int:
    """The best-ranked family window the whole meeting lies in; 0 if none."""
    return max((w.preference for w in windows if w.covers(start, end)), default=0)


def needs_interpreter(instance: Instance, family: Family, student: StudentRequest) -> bool:
    """An interpreter is needed when the family asks for one and the advisor does not speak
    the family's language."""
    if not family.needs_interpreter:
        return False
    return family.language not in instance.advisor(student.advisor).languages


def student_options(
    instance: Instance, family: Family, student: StudentRequest
) -> tuple[list[Option], Reason | None]:
    """Every valid (start, interpreter) for one student, ignoring other meetings; and if there
    is none, why."""
    advisor = instance.advisor(student.advisor)
    interpreters = []
    if needs_interpreter(instance, family, student):
        interpreters = [i for i in instance.interpreters if family.language in i.languages]
        if not interpreters:
            return [], Reason(NO_INTERPRETER, {"language": family.language})
    options: list[Option] = []
    both = False
    seen: set[int] = set()
    for window in family.available:
        for t in grid(window.start, window.end, instance.start_step_minutes, student.minutes):
            if t in seen:
                continue
            seen.add(t)
            end = t + student.minutes
            if not _within(advisor.available, t - student.travel, end + student.travel):
                continue
            both = True
            preference = preference_at(family.available, t, end)
            if not interpreters:
                options.append(
                    Option(
                        student.id, family.id, advisor.id, t, end, student.travel, None, preference
                    )
                )
                continue
            for interpreter in interpreters:
                if _within(interpreter.available, t, end):
                    options.append(
                        Option(
                            student.id,
                            family.id,
                            advisor.id,
                            t,
                            end,
                            student.travel,
                            interpreter.id,
                            preference,
                        )
                    )
    if options:
        return options, None
    if not both:
        return [], Reason(NO_COMMON_TIME, {"travel": bool(student.travel)})
    return [], Reason(NO_INTERPRETER_FREE, {"language": family.language})


def all_options(instance: Instance) -> tuple[dict[str, list[Option]], dict[str, Reason]]:
    """Options per student id, and the reason for each student who has none."""
    options: dict[str, list[Option]] = {}
    reasons: dict[str, Reason] = {}
    for family in instance.families:
        for student in family.students:
            found, reason = student_options(instance, family, student)
            options[student.id] = found
            if reason:
                reasons[student.id] = reason
    return options, reasons


def option_value(instance: Instance, option: Option) -> float:
    w = instance.weights
    return w.base + w.per_preference * option.preference


def family_penalty(instance: Instance, meetings: list[Meeting]) -> float:
    """For a family's meetings: nothing for fewer than two; `split_days` if on different days;
    else `min(split_days, idle_per_minute × idle minutes between consecutive meetings)`."""
    if len(meetings) < 2:
        return 0.0
    w = instance.weights
    if len({day_of(m.start) for m in meetings}) > 1:
        return w.split_days
    ordered = sorted(meetings, key=lambda m: m.start)
    idle = sum(max(0, b.start - a.end) for a, b in itertools.pairwise(ordered))
    return min(w.split_days, w.idle_per_minute * idle)


def sibling_waiting(instance: Instance, meetings: Iterable[Meeting]) -> dict:
    """The families' waiting time between siblings: for each family with two or more meetings
    all on one day, the minutes between one meeting's end and the next one's start, added up
    over its consecutive meetings. `families` counts those families, `mean_minutes` and
    `max_minutes` are over them (0 when there are none), and `split_families` counts families
    whose meetings fall on different days (they come twice instead of waiting)."""
    family_of = {s.id: f.id for f in instance.families for s in f.students}
    per_family: dict[str, list[Meeting]] = {}
    for m in meetings:
        per_family.setdefault(family_of[m.student], []).append(m)
    waits, split = [], 0
    for ms in per_family.values():
        if len(ms) < 2:
            continue
        if len({day_of(m.start) for m in ms}) > 1:
            split += 1
            continue
        ordered = sorted(ms, key=lambda m: m.start)
        waits.append(sum(max(0, b.start - a.end) for a, b in itertools.pairwise(ordered)))
    return {
        "families": len(waits),
        "mean_minutes": round(sum(waits) / len(waits), 1) if waits else 0.0,
        "max_minutes": max(waits, default=0),
        "split_families": split,
    }


def score(instance: Instance, meetings: list[Meeting]) -> float:
    """The score of a schedule, from its meetings alone."""
    by_student = {s.id: f for f in instance.families for s in f.students}
    total = 0.0
    per_family: dict[str, list[Meeting]] = {}
    for m in meetings:
        family = by_student[m.student]
        total += instance.weights.base + instance.weights.per_preference * preference_at(
            family.available, m.start, m.end
        )
        per_family.setdefault(family.id, []).append(m)
    return total - sum(family_penalty(instance, ms) for ms in per_family.values())


class Occupancy:
    """Who is busy when: the meetings already placed. The greedy schedule and booking both
    ask `fits` before placing one more."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.advisor: dict[str, list[tuple[int, int]]] = {}
        self.family: dict[str, list[tuple[int, int]]] = {}
        self.interpreter: dict[str, list[tuple[int, int]]] = {}
        self.per_day: dict[tuple[str, int], int] = {}

    @staticmethod
    def _clear(busy: list[tuple[int, int]], start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e in busy)

    def fits(self, option: Option) -> bool:
        a_start, a_end = option.advisor_busy
        limit = self.instance.advisor(option.advisor).max_per_day
        return (
            self.per_day.get((option.advisor, option.day), 0) < limit
            and self._clear(self.advisor.get(option.advisor, []), a_start, a_end)
            and self._clear(self.family.get(option.family, []), option.start, option.end)
            and (
                option.interpreter is None
                or self._clear(
                    self.interpreter.get(option.interpreter, []), option.start, option.end
                )
            )
        )

    def place(self, option: Option) -> None:
        self.advisor.setdefault(option.advisor, []).append(option.advisor_busy)
        self.family.setdefault(option.family, []).append((option.start, option.end))
        if option.interpreter:
            self.interpreter.setdefault(option.interpreter, []).append((option.start, option.end))
        key = (option.advisor, option.day)
        self.per_day[key] = self.per_day.get(key, 0) + 1

    def block_advisor(self, advisor: str, start: int, end: int, *, counts: bool = True) -> None:
        """A meeting the advisor already has (booking: someone else's conference)."""
        self.advisor.setdefault(advisor, []).append((start, end))
        if counts:
            key = (advisor, day_of(start))
            self.per_day[key] = self.per_day.get(key, 0) + 1

    def block_interpreter(self, interpreter: str, start: int, end: int) -> None:
        self.interpreter.setdefault(interpreter, []).append((start, end))


def family_plans(
    instance: Instance, family: Family, occupancy: Occupancy, *, limit: int = 200
) -> list[list[Option]]:
    """Ways to hold every meeting of one family back to back on one day, each valid against
    what is already booked — what a family sees when it books for all its children at once.
    Students are taken in the family's order; each next meeting starts when the previous ends
    (or at the next step)."""
    per_student = []
    for student in family.students:
        found, _reason = student_options(instance, family, student)
        per_student.append([o for o in found if occupancy.fits(o)])
    if any(not found for found in per_student):
        return []
    plans: list[list[Option]] = []
    step = instance.start_step_minutes

    def extend(chosen: list[Option], index: int):
        if len(plans) >= limit:
            return
        if index == len(per_student):
            plans.append(list(chosen))
            return
        previous = chosen[-1]
        next_start = ceil_step(previous.end, step)
        for option in per_student[index]:
            if option.start == next_start and _fits_with(option, chosen, occupancy):
                chosen.append(option)
                extend(chosen, index + 1)
                chosen.pop()
                break  # one interpreter choice per start is enough to offer the time

    seen_starts: set[int] = set()
    for first in per_student[0]:
        if first.start in seen_starts:
            continue
        before = len(plans)
        extend([first], 1)
        if len(plans) > before:
            seen_starts.add(first.start)
    return plans


def _fits_with(option: Option, chosen: list[Option], occupancy: Occupancy) -> bool:
    if not occupancy.fits(option):
        return False
    same_day = sum(1 for o in chosen if o.advisor == option.advisor and o.day == option.day)
    limit = occupancy.instance.advisor(option.advisor).max_per_day
    if occupancy.per_day.get((option.advisor, option.day), 0) + same_day >= limit:
        return False
    for other in chosen:
        if other.advisor == option.advisor:
            a, b = option.advisor_busy
            c, d = other.advisor_busy
            if not (b <= c or d <= a):
                return False
        same_interpreter = option.interpreter and option.interpreter == other.interpreter
        if same_interpreter and not (option.end <= other.start or other.end <= option.start):
            return False
    return True
