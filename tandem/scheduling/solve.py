"""solve(instance) → Result: options from the rules, a greedy warm start, then two processes
until one deadline: in a forked one the LP, the bound and HiGHS's MIP (restricted.py); in this
one CP-SAT — on the whole school when it is small, else one group of advisors at a time
(lns.py), taking the MIP's schedule when it is better.

One deadline covers every phase: `time_limit` counts from `started` (the caller's clock, e.g.
before reading the instance file; by default the call itself), and what CP-SAT gets is what the
options, the greedy schedule and building its models leave, less a reserve for reading the
answers back and explaining who could not be placed.
"""

from __future__ import annotations

import contextlib
import os
import time

from .bound import naive_bound
from .cpsat import solve_cpsat
from .greedy import first_come_first_served, greedy
from .lns import improve
from .model import Instance, Result, Unscheduled
from .reasons import TIMES_TAKEN, Reason
from .restricted import assist
from .rules import Occupancy, Option, all_options, score, sibling_waiting

# Up to this many options one CP-SAT model of the whole school solves well (often to proven
# optimality); above it, the large-neighbourhood search does better in the same time.
WHOLE_MODEL_OPTIONS = 20_000
# The share of the time kept for improving the restricted MIP's schedule (lns.py) should the
# MIP (restricted.py) still be running: it stops by then. Small: the MIP is usually solved to
# optimality on its options well before (and stops early then), and a MIP still running is
# worth more of the time than the search after it (+100–150 points in 30–40 s on the hard
# school of 3,000).
POLISH = 0.05
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
    small = len(flat) <= WHOLE_MODEL_OPTIONS
    # The LP, the bound and HiGHS's MIP in their own process, on the other core, while this
    # one makes the greedy schedule (and, on a small school, searches): on a small school the
    # MIP has every option (its dual bound often proves CP-SAT's answer best), on a large one
    # those the LP points at (restricted.py), and it stops early enough to leave a little
    # time to improve on its schedule.
    if small:
        helper = Helper(assist, instance, flat, stop_at=deadline - 0.5, whole=True)
    else:
        helper = Helper(
            assist, instance, flat, stop_at=deadline - POLISH * (deadline - time.monotonic())
        )
    warm = greedy(instance, options)
    if not small:
        at = {o: j for j, o in enumerate(flat)}
        helper.tell([at[o] for o in warm])
    # What families would wait between siblings if they booked first-come-first-served (the
    # result shows it next to the schedule's own).
    baseline = sibling_waiting(
        instance, [o.meeting() for o in first_come_first_served(instance, options, seed)]
    )
    if not helper.started:
        # No forked process on this system: the LP's side first, with a third of the time.
        helper.run_here(began + (deadline - began) / 3)
    bounds = [naive_bound(instance, flat)] if flat else [0.0]
    chosen, optimal = None, False
    if small:
        # CP-SAT on the whole school, stopped early when a bound the MIP sent meets its best
        # or the MIP's schedule (on small schools the MIP often proves that one best first).
        theirs = [float("-inf")]

        def enough(best):
            if helper.take():
                schedule = [flat[j] for j in helper.schedule]
                if valid(instance, schedule):
                    theirs[0] = _score(instance, schedule)
            best = max(theirs[0], float("-inf") if best is None else best)
            return meets(best, min(bounds + helper.bounds))

        chosen, optimal, cp_bound = solve_cpsat(
            instance,
            options,
            warm,
            deadline=deadline,
            workers=max(1, workers - 1) if helper.running else workers,
            seed=seed,
            enough=enough,
        )
        bounds.append(cp_bound)
        if optimal:
            helper.finish(time.monotonic())  # proven: nothing more to wait for
        helper.finish(deadline + 0.25 * RESERVE)
        if helper.schedule is not None:
            chosen = _better(instance, chosen, [flat[j] for j in helper.schedule])
    else:
        # Wait for the MIP's schedule rather than search beside it: on this loaded machine a
        # search running alongside delayed it from 32 s to 48 s (hard school of 3,000), and
        # the search from the greedy schedule rarely comes near it. Then improve the better
        # of the two (lns.py) for the time left; with no schedule in time, the greedy one.
        helper.wait_for_schedule(deadline)
        chosen = warm
        if helper.schedule is not None:
            chosen = _better(instance, warm, [flat[j] for j in helper.schedule])
        chosen = improve(instance, options, chosen, deadline=deadline, seed=seed)
        helper.finish(deadline + 0.25 * RESERVE)
    bounds += helper.bounds
    if (
        chosen is None
        or not valid(instance, chosen)
        or _score(instance, chosen) < _score(instance, warm)
    ):
        chosen, optimal = warm, False
    meetings = [o.meeting() for o in chosen]
    value = score(instance, meetings)
    bound = min(bounds)
    if meets(value, bound):
        bound = value  # (a MIP's bound carries its floating-point error)
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
        status="optimal" if optimal or bound == value else "feasible",
        seconds=time.monotonic() - began,
        waiting={"schedule": sibling_waiting(instance, meetings), "first_come": baseline},
    )


def valid(instance: Instance, chosen: list[Option]) -> bool:
    """Each student at most once and every meeting fits around the others (the hard rules,
    asked of rules.Occupancy one meeting at a time)."""
    occupancy = Occupancy(instance)
    seen = set()
    for o in chosen:
        if o.student in seen or not occupancy.fits(o):
            return False
        seen.add(o.student)
        occupancy.place(o)
    return True


def meets(value: float, bound: float) -> bool:
    """The score reaches the bound, up to the bound's floating-point error (HiGHS's are
    exact to about 1e-9 of their size)."""
    return value >= bound - 1e-6 * max(1.0, abs(bound))


def _score(instance: Instance, chosen: list[Option]) -> float:
    return score(instance, [o.meeting() for o in chosen])


def _better(instance: Instance, current, other):
    """`other` when it is a valid schedule that scores higher than `current` (or there is no
    `current`), else `current`."""
    if other is None or not valid(instance, other):
        return current
    if current is None or _score(instance, other) > _score(instance, current) + 1e-9:
        return other
    return current


class Helper:
    """`function(*args, send, receive, **kwargs)` in a forked process (its own interpreter, on
    the other core): it sends ("bound", value) — each one an upper bound — and ("schedule",
    option indices), and `receive(until)` gives what `tell(value)` sent it (or None at
    `until`). `take()` reads what has arrived without waiting; `finish(deadline)` waits for
    the rest until `deadline` and stops the process. Without fork (`started` False),
    `run_here` calls it in this process, with what was told."""

    def __init__(self, function, *args, **kwargs):
        self.function, self.args, self.kwargs = function, args, kwargs
        self.bounds: list[float] = []
        self.schedule = None
        self.process = self.reader = self.writer = None
        self._fresh = False
        self._told = None
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            return
        self.reader, send = context.Pipe(duplex=False)
        inbox, self.writer = context.Pipe(duplex=False)

        def receive(until):
            try:
                return inbox.recv() if inbox.poll(max(0.0, until - time.monotonic())) else None
            except (EOFError, OSError):
                return None

        def run():
            # No bound or schedule from it is a fallback (the naive bound, the search's own
            # schedule), not an error.
            with contextlib.suppress(Exception):
                function(*args, send.send, receive, **kwargs)
            send.close()

        self.process = context.Process(target=run, daemon=True)
        self.process.start()
        send.close()
        inbox.close()

    @property
    def started(self) -> bool:
        return self.process is not None

    @property
    def running(self) -> bool:
        return self.reader is not None

    def tell(self, value) -> None:
        self._told = value
        if self.writer is not None:
            with contextlib.suppress(OSError):
                self.writer.send(value)

    def run_here(self, stop_at: float) -> None:
        told = self._told
        self.function(
            *self.args, self._keep, lambda _until: told, **(self.kwargs | {"stop_at": stop_at})
        )
        self._fresh = self.schedule is not None

    def _keep(self, message) -> None:
        kind, value = message
        if kind == "bound":
            self.bounds.append(float(value))
        elif kind == "schedule":
            self.schedule = list(value)
            self._fresh = True

    def wait_for_schedule(self, deadline: float) -> None:
        """Read what arrives until a schedule has come, the process ended, or `deadline`."""
        while self.reader is not None and self.schedule is None:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._read(min(left, 0.5), until_schedule=True)

    def take(self) -> bool:
        """Read what has arrived; True when a schedule came since the last call."""
        self._read(0.0)
        fresh, self._fresh = self._fresh, False
        return fresh

    def _read(self, wait: float, until_schedule: bool = False) -> None:
        if self.reader is None:
            return
        until = time.monotonic() + wait
        try:
            while self.reader.poll(max(0.0, until - time.monotonic())):
                self._keep(self.reader.recv())
                if until_schedule and self.schedule is not None:
                    return
        except (EOFError, OSError):
            self._stop()

    def finish(self, deadline: float) -> None:
        self._read(max(0.0, deadline - time.monotonic()))
        self._stop()

    def _stop(self) -> None:
        for end in (self.reader, self.writer):
            if end is not None:
                end.close()
        self.reader = self.writer = None
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(1)


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
