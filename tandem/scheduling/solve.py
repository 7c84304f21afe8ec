"""solve(instance) → Result: options from the rules, a greedy warm start, the LP bound, then
CP-SAT for the time that is left."""

from __future__ import annotations

import time

from .bound import lp_bound
from .cpsat import solve_cpsat
from .greedy import greedy
from .model import Instance, Result, Unscheduled
from .rules import Occupancy, all_options, score


def solve(
    instance: Instance, *, time_limit: float = 60.0, workers: int = 8, seed: int = 0
) -> Result:
    began = time.monotonic()
    options, reasons = all_options(instance)
    flat = [o for found in options.values() for o in found]
    warm = greedy(instance, options)
    bound = lp_bound(instance, flat)
    # Leave a little of the budget for reading the answer back.
    left = time_limit * 0.97 - (time.monotonic() - began) - 0.5
    chosen, optimal, cp_bound = solve_cpsat(
        instance, options, warm, time_limit=max(left, 0.5), workers=workers, seed=seed
    )
    if chosen is None or score(instance, [o.meeting() for o in chosen]) < score(
        instance, [o.meeting() for o in warm]
    ):
        chosen, optimal = warm, False
    meetings = [o.meeting() for o in chosen]
    value = score(instance, meetings)
    bound = max(value, min(bound, cp_bound))
    placed = {m.student for m in meetings}
    occupancy = Occupancy(instance)
    for o in chosen:
        occupancy.place(o)
    unscheduled = [
        Unscheduled(s.id, reasons.get(s.id) or _why_not(instance, options[s.id], occupancy))
        for f in instance.families
        for s in f.students
        if s.id not in placed
    ]
    return Result(
        meetings=meetings,
        unscheduled=unscheduled,
        score=value,
        bound=bound,
        status="optimal" if optimal or abs(bound - value) < 1e-6 else "feasible",
        seconds=time.monotonic() - began,
    )


def _why_not(instance, options, occupancy) -> str:
    """Every valid time was taken: say by whom (the advisor's day limit, the advisor, the
    family's other meetings or the interpreter)."""
    causes = set()
    for o in options:
        if occupancy.per_day.get((o.advisor, o.day), 0) >= instance.advisor(o.advisor).max_per_day:
            causes.add("the advisor's daily limit")
        elif not occupancy._clear(occupancy.advisor.get(o.advisor, []), *o.advisor_busy):
            causes.add("the advisor's other conferences")
        elif not occupancy._clear(occupancy.family.get(o.family, []), o.start, o.end):
            causes.add("the family's other conferences")
        elif o.interpreter:
            causes.add("the interpreter's other conferences")
    listed = ", ".join(sorted(causes)) or "other conferences"
    return f"every time that works for the family is taken ({listed})"
