"""solve(instance) → Result: options from the rules, a greedy warm start, the LP bound, then
CP-SAT for the time that is left — on the whole school when it is small, else one group of
advisors at a time (lns.py).

One deadline covers every phase: `time_limit` counts from `started` (the caller's clock, e.g.
before reading the instance file; by default the call itself), and what CP-SAT gets is what the
options, the greedy schedule, the bound and building the model leave, less a reserve for
reading the answer back and explaining who could not be placed.
"""

from __future__ import annotations

import os
import time

from .bound import lp_bound, mip_bound
from .cpsat import solve_cpsat
from .greedy import first_come_first_served, greedy
from .lns import improve
from .model import Instance, Result, Unscheduled
from .reasons import TIMES_TAKEN, Reason
from .rules import Occupancy, all_options, score, sibling_waiting

# Up to this many options one CP-SAT model of the whole school solves well (often to proven
# optimality); above it, the large-neighbourhood search does better in the same time.
WHOLE_MODEL_OPTIONS = 20_000
# Up to this many options HiGHS's branch and bound runs beside the search (bound.mip_bound).
# Measured on this 2-core machine at a load of about 4: at 1,500 students (29,800–46,600
# options) it takes the bound from the LP's to within 0.1–0.7 % of the schedule found (e.g.
# 159,491 → 158,683 on the infeasible shape); on the hard school of 3,000 (about 60,000) from
# 280,728 to 277,742; on the default school of 3,000 (92,000) it returns nothing better than
# the LP in the minute. At a load of 10 it could return nothing on the default school of 1,500
# and take a core from the search. Above this the model is too big to pass HiGHS's root.
MIP_OPTIONS = 100_000
# Seconds kept back from the deadline: reading the answer back and `_why_not` take a few tenths,
# the last search step may overrun by as much on a busy machine, and the command line still has
# to write the result (and spent about a second importing before its clock started).
RESERVE = 2.0


def default_workers() -> int:
    """CP-SAT search threads: one per core (more only make them share the cores), at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


def solve(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    workers: int | None = None,
    seed: int = 0,
    started: float | None = None,
) -> Result:
    began = time.monotonic() if started is None else started
    deadline = began + time_limit - min(RESERVE, 0.1 * time_limit)  # short limits: a tenth
    workers = workers or default_workers()
    options, reasons = all_options(instance)
    flat = [o for found in options.values() for o in found]
    warm = greedy(instance, options)
    # What families would wait between siblings if they booked first-come-first-served (the
    # result shows it next to the schedule's own).
    baseline = sibling_waiting(
        instance, [o.meeting() for o in first_come_first_served(instance, options, seed)]
    )
    bound = lp_bound(instance, flat)
    # HiGHS's branch and bound on the same model (with the idle-time rows) runs beside the
    # search, in its own process, for the time the search has, on schools small enough for it
    # to get past its root in that time; its dual bound is much tighter than the LP's where
    # capacity is short (scarce interpreters, tight advisors).
    seconds = deadline - time.monotonic() - 2.5 if len(flat) <= MIP_OPTIONS else 0.0
    tighter = _Beside(mip_bound, instance, flat, seconds)
    chosen, optimal, cp_bound = None, False, float("inf")
    if len(flat) <= WHOLE_MODEL_OPTIONS:
        chosen, optimal, cp_bound = solve_cpsat(
            instance, options, warm, deadline=deadline, workers=workers, seed=seed
        )
    else:
        chosen = improve(instance, options, warm, deadline=deadline, workers=workers, seed=seed)
    if chosen is None or score(instance, [o.meeting() for o in chosen]) < score(
        instance, [o.meeting() for o in warm]
    ):
        chosen, optimal = warm, False
    meetings = [o.meeting() for o in chosen]
    value = score(instance, meetings)
    bound = max(value, min(bound, cp_bound, tighter.result(deadline + 0.5 * RESERVE)))
    placed = {m.student for m in meetings}
    occupancy = Occupancy(instance)
    for o in chosen:
        occupancy.place(o)
    unscheduled = []
    for family in instance.families:
        for student in family.students:
            if student.id not in placed:
                reason = reasons.get(student.id) or _why_not(
                    instance, options[student.id], occupancy
                )
                unscheduled.append(
                    Unscheduled(student.id, reason.text, reason.code, dict(reason.detail))
                )
    return Result(
        meetings=meetings,
        unscheduled=unscheduled,
        score=value,
        bound=bound,
        status="optimal" if optimal or abs(bound - value) < 1e-6 else "feasible",
        seconds=time.monotonic() - began,
        waiting={"schedule": sibling_waiting(instance, meetings), "first_come": baseline},
    )


class _Beside:
    """`function(*args, seconds)` in a forked process (so it does not hold this one's
    interpreter); `result(deadline)` waits for it until `deadline` and gives inf when it has no
    answer by then (or could not start: fewer than 3 seconds, or no fork on this system)."""

    def __init__(self, function, *args):
        *args, seconds = args
        self.process = self.reader = None
        if seconds < 3 or len(args[1]) == 0:
            return
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            return
        self.reader, writer = context.Pipe(duplex=False)

        def run():
            try:
                writer.send(function(*args, seconds))
            except Exception:  # noqa: BLE001 — no bound is a fallback, not an error
                writer.send(float("inf"))

        self.process = context.Process(target=run, daemon=True)
        self.process.start()
        writer.close()

    def result(self, deadline: float) -> float:
        if self.process is None:
            return float("inf")
        try:
            if self.reader.poll(max(0.0, deadline - time.monotonic())):
                return float(self.reader.recv())
            return float("inf")
        except (EOFError, OSError):
            return float("inf")
        finally:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(1)
            self.reader.close()


def _why_not(instance, options, occupancy) -> Reason:
    """Every valid time was taken: say by whom (the advisor's day limit, the advisor, the
    family's other meetings or the interpreter)."""
    causes = set()
    for o in options:
        if occupancy.per_day.get((o.advisor, o.day), 0) >= instance.advisor(o.advisor).max_per_day:
            causes.add("advisor_daily_limit")
        elif not occupancy._clear(occupancy.advisor.get(o.advisor, []), *o.advisor_busy):
            causes.add("advisor_conferences")
        elif not occupancy._clear(occupancy.family.get(o.family, []), o.start, o.end):
            causes.add("family_conferences")
        elif o.interpreter:
            causes.add("interpreter_conferences")
    return Reason(TIMES_TAKEN, {"causes": sorted(causes)})
