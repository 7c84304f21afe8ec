"""assign(instance) → PanelResult: greedy panels, then CP-SAT in three stages on one model,
then a fill and the reasons for what is left.

1. Cover as many presentations as possible (each either gets a whole valid panel or none).
2. Keeping that many covered, make the largest rater load as small as possible.
3. Keeping both, make the loads as even as possible — the smallest sum of squared loads, a
   convex cost CP-SAT's LP sees exactly through one Boolean per extra seat of a rater, the j-th
   costing 2j − 1 — and, among equally even ones, the most seats whose rater's expertise
   matches the presentation (a shared tag).

Each stage starts from the previous stage's panels (a complete hint) and keeps them valid, so
a stage cut short still leaves a valid answer. The panels are checked against rules.py once
more, and any presentation left out for which the free raters still make a panel (possible
only when stage 1 was cut short) gets one. One deadline covers it all.

Determinism: CP-SAT searches with `interleave_search` (its workers' work is interleaved in
batches, so the answer does not depend on the thread count or timing) and each stage has a
deterministic-work limit as well as the wall clock: for one instance, seed and time limit the
panels are the same on any machine unless the wall clock cut a stage first (then the result
says `reproducible: false`).
"""

from __future__ import annotations

import bisect
import os
import time

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model import LinearExpr

from .model import KINDS, Panel, PanelInstance, PanelResult, Presentation, Uncovered
from .rules import Seating, candidates, clash, matches, static_reason

# Seconds kept back from the deadline for reading the answer, the fill and the reasons.
RESERVE = 2.0
# A stage's share of the time left when it starts (the last stage takes the rest).
SHARES = (0.4, 0.5, 1.0)
# Each stage's deterministic-work limit, as a share of its wall-clock time: CP-SAT's unit is
# meant to be about a second of an idle machine's time, so on a busy machine the work limit
# should still be reached first and the answer stay the same.
WORK_SHARE = 0.5


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def assign(
    instance: PanelInstance,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int | None = None,
    started: float | None = None,
) -> PanelResult:
    began = time.monotonic() if started is None else started
    deadline = began + time_limit - min(RESERVE, 0.1 * time_limit)
    workers = workers or default_workers()
    eligible, reasons, scarce = prepare(instance)
    possible = [p for p in instance.presentations if reasons[p.id] is None]
    spare = scarcest(instance, possible, eligible)
    warm = greedy(instance, scarce, eligible, spare)
    warm = repair(instance, warm, scarce, eligible, spare, stop_at=began + 0.3 * time_limit)
    chosen, optimal, reproducible = warm, False, True
    bound = capacity_bound(instance, possible, eligible)
    if possible:
        model = PanelModel(instance, possible, eligible)
        chosen, found_bound, optimal, reproducible = model.solve(
            warm,
            bound,
            deadline=deadline,
            seed=seed,
            workers=workers,
            work=WORK_SHARE * (time_limit - min(RESERVE, 0.1 * time_limit)),
        )
        bound = min(bound, found_bound)
        if not valid(instance, chosen, eligible):
            chosen, optimal = warm, False  # (a defect of the model; rules.py has the last word)
    before = len(chosen)
    # the fill: only when a stage was cut short can a panel still fit
    chosen = repair(
        instance, chosen, scarce, eligible, spare, stop_at=began + time_limit - 0.5 * RESERVE
    )
    optimal = optimal and len(chosen) == before
    seating = Seating(instance)
    by_id = {p.id: p for p in instance.presentations}
    for pid, raters in chosen.items():
        seating.seat(by_id[pid], [instance.rater(r) for r in raters])
    uncovered = []
    for p in instance.presentations:
        if p.id in chosen:
            continue
        reason = reasons[p.id] or seating.taken_reason(p, eligible[p.id])
        uncovered.append(Uncovered(p.id, reason.text, reason.code, dict(reason.detail)))
    loads = {r.id: seating.load(r) for r in instance.raters}
    able = {r.id for found in eligible.values() for r in found}
    return PanelResult(
        panels=[Panel(pid, tuple(raters)) for pid, raters in chosen.items()],
        uncovered=uncovered,
        loads=loads,
        min_load=min((loads[r] for r in loads if r in able), default=0),
        expertise_matches=sum(
            matches(instance.rater(r), by_id[pid]) for pid, raters in chosen.items() for r in raters
        ),
        covered_bound=max(len(chosen), min(bound, len(possible))),
        status="optimal" if optimal else "feasible",
        reproducible=reproducible,
        seconds=time.monotonic() - began,
    )


def prepare(instance: PanelInstance):
    """The raters eligible for each presentation, the reasons known before any panel is made
    (None where a panel is possible), and the presentations that can have a panel, scarce ones
    first (the fewest raters who could sit on them)."""
    eligible = candidates(instance)
    reasons = {p.id: static_reason(instance, p, eligible[p.id]) for p in instance.presentations}
    possible = [p for p in instance.presentations if reasons[p.id] is None]
    return eligible, reasons, sorted(possible, key=lambda p: (len(eligible[p.id]), p.start))


def scarcest(instance: PanelInstance, possible: list[Presentation], eligible) -> tuple[str, ...]:
    """The kind whose seats are scarcest — the least capacity (`_capacity`) for each seat the
    presentations require of it — to spare when a panel has seats either kind may take."""
    ratio = {
        kind: _capacity(instance, possible, eligible, kind)
        / max(1, sum(p.needs(kind) for p in possible))
        for kind in KINDS
    }
    return (min(KINDS, key=lambda kind: ratio[kind]),)


def _capacity(instance, possible, eligible, kind=None) -> int:
    """Seats the raters (of `kind`) can hold among `possible` at most: each their `max_load`,
    or the most of their eligible presentations that do not overlap (earliest end first: no
    more can be held, and travel only forbids more), whichever is smaller."""
    held: dict[str, list[Presentation]] = {}
    for p in possible:
        for r in eligible[p.id]:
            held.setdefault(r.id, []).append(p)
    total = 0
    for r in instance.raters:
        if kind is not None and r.kind != kind or r.id not in held:
            continue
        most, free_from = 0, None
        for p in sorted(held[r.id], key=lambda p: p.end):
            if free_from is None or p.start >= free_from:
                most, free_from = most + 1, p.end
        total += min(r.max_load, most)
    return total


def _fits(instance, possible, eligible) -> int:
    """How many of `possible` the seats can hold: of each kind and in all, the covered ones
    require no more seats than the raters can hold (`_capacity`), so at most as many as fit
    when those requiring the fewest are taken first."""
    bound = len(possible)
    for kind in (*KINDS, None):
        seats = _capacity(instance, possible, eligible, kind)
        needs = sorted(p.raters if kind is None else p.needs(kind) for p in possible)
        fits, used = 0, 0
        for n in needs:
            if used + n > seats:
                break
            used += n
            fits += 1
        bound = min(bound, fits)
    return bound


def capacity_bound(instance: PanelInstance, possible: list[Presentation], eligible) -> int:
    """No assignment covers more presentations than this: the smaller of `_fits` over the
    whole exhibition and its sum over the groups of presentations that overlap in time (a
    rater sits on one presentation at a time, so the panelists in at each moment limit the
    presentations then; any split of the presentations gives a valid sum)."""
    groups: list[list[Presentation]] = []
    end = None
    for p in sorted(possible, key=lambda p: (p.start, p.end)):
        if end is None or p.start >= end:
            groups.append([])
            end = p.end
        groups[-1].append(p)
        end = max(end, p.end)
    by_time = sum(_fits(instance, group, eligible) for group in groups)
    return min(_fits(instance, possible, eligible), by_time)


def greedy(
    instance: PanelInstance, ordered: list[Presentation], eligible, spare: tuple[str, ...] = ()
) -> dict[str, list[str]]:
    """Panels one presentation at a time (in the given order), each from the least loaded
    raters still free for it, sparing the scarcest kind (rules.Seating.pick)."""
    seating = Seating(instance)
    chosen = {}
    for p in ordered:
        panel = seating.pick(p, eligible[p.id], spare)
        if panel is not None:
            seating.seat(p, panel)
            chosen[p.id] = [r.id for r in panel]
    return chosen


def repair(
    instance: PanelInstance, chosen, ordered, eligible, spare, stop_at: float | None = None
) -> dict[str, list[str]]:
    """Each presentation left out (in `ordered`'s order) gets a panel from the raters free for
    it if they make one; else, one rater it could have who is held by a single other panel in
    the way is moved off it — a rater free there takes the seat, keeping that panel's staff and
    community members — and the panel is tried again (the move is undone if it still fails).
    After `stop_at` (time.monotonic()) no more moves are tried, but every presentation still
    gets a panel if the free raters make one."""
    chosen = {pid: list(raters) for pid, raters in chosen.items()}
    by_id = {p.id: p for p in instance.presentations}
    seating = Seating(instance)
    for pid, raters in chosen.items():
        seating.seat(by_id[pid], [instance.rater(r) for r in raters])

    def take(p) -> bool:
        panel = seating.pick(p, eligible[p.id], spare)
        if panel is None:
            return False
        seating.seat(p, panel)
        chosen[p.id] = [r.id for r in panel]
        return True

    for p in ordered:
        if p.id in chosen or take(p) or stop_at is not None and time.monotonic() > stop_at:
            continue
        for c in eligible[p.id]:
            if seating.free(c, p):
                continue
            blocking = [q for q in seating.on[c.id] if clash(instance, p, q)]
            if len(blocking) != 1:
                continue
            q = blocking[0]
            panel = [instance.rater(r) for r in chosen[q.id]]
            kinds_left = [r.kind for r in panel if r.id != c.id]
            stand_ins = [
                d
                for d in eligible[q.id]
                if d.id not in chosen[q.id]
                and seating.free(d, q)
                and all(kinds_left.count(k) + (d.kind == k) >= q.needs(k) for k in KINDS)
            ]
            if not stand_ins:
                continue
            d = min(stand_ins, key=lambda d: (d.kind in spare, seating.load(d)))
            seating.on[c.id].remove(q)
            seating.on[d.id].append(q)
            chosen[q.id] = [d.id if r == c.id else r for r in chosen[q.id]]
            if take(p):
                break
            seating.on[d.id].remove(q)  # undone
            seating.on[c.id].append(q)
            chosen[q.id] = [c.id if r == d.id else r for r in chosen[q.id]]
    return chosen


def valid(instance: PanelInstance, chosen: dict[str, list[str]], eligible) -> bool:
    """Every panel keeps every rule (rules.py), asked one panel at a time."""
    seating = Seating(instance)
    by_id = {p.id: p for p in instance.presentations}
    ids = {pid: {r.id for r in found} for pid, found in eligible.items()}
    for pid, raters in chosen.items():
        p = by_id[pid]
        panel = [instance.rater(r) for r in raters]
        if len(set(raters)) != p.raters or len(raters) != p.raters:
            return False
        if any(sum(r.kind == kind for r in panel) < p.needs(kind) for kind in KINDS):
            return False
        if any(r.id not in ids[pid] or not seating.free(r, p) for r in panel):
            return False
        seating.seat(p, panel)
    return True


class PanelModel:
    """One Boolean per (rater, presentation) a rater is eligible for, and one per presentation
    (covered or not). A covered presentation has exactly its number of raters and at least its
    staff and community members, an uncovered one none; a rater's load is at most their most;
    overlaps and travel are forbidden per moment (`_moments`)."""

    def __init__(self, instance: PanelInstance, possible: list[Presentation], eligible):
        self.instance = instance
        self.possible = possible
        self.by_id = {p.id: p for p in possible}
        m = self.model = cp_model.CpModel()
        self.x: dict[tuple[str, str], cp_model.IntVar] = {}
        self.covered: dict[str, cp_model.IntVar] = {}
        per_rater: dict[str, list[Presentation]] = {r.id: [] for r in instance.raters}
        for p in possible:
            c = self.covered[p.id] = m.new_bool_var(f"c_{p.id}")
            seats = []
            for r in eligible[p.id]:
                v = self.x[(r.id, p.id)] = m.new_bool_var(f"x_{r.id}_{p.id}")
                seats.append((r, v))
                per_rater[r.id].append(p)
            m.add(LinearExpr.sum([v for _r, v in seats]) == p.raters * c)
            for kind in KINDS:
                if p.needs(kind):
                    of_kind = [v for r, v in seats if r.kind == kind]
                    m.add(LinearExpr.sum(of_kind) >= p.needs(kind) * c)
        self.load: dict[str, cp_model.IntVar] = {}
        self.cap: dict[str, int] = {}
        self.busy: list = []  # (busy_t, its (rater, presentation) keys), for the hints
        for r in instance.raters:
            held = per_rater[r.id]
            if not held:
                continue
            cap = self.cap[r.id] = min(r.max_load, len(held))
            load = self.load[r.id] = m.new_int_var(0, cap, f"load_{r.id}")
            m.add(load == LinearExpr.sum([self.x[(r.id, p.id)] for p in held]))
            self._moments(r.id, held)

    def _moments(self, rater_id: str, held: list[Presentation]) -> None:
        """Per moment one of the rater's presentations starts, `busy` = how many of those
        covering it they sit on, at most one (for intervals on a line these cliques forbid
        every overlap). Travel: after each presentation p, at each moment t a presentation
        starts too soon after p ends, `x_p + busy_t − Σ (those covering t that do not clash
        with p) ≤ 1` — sitting on p forbids exactly the clashing ones, in three or so terms
        (a room holds one presentation at a time) where listing them would take a room's
        worth."""
        m, x = self.model, self.x
        ordered = sorted(held, key=lambda p: (p.start, p.end, p.id))
        starts = sorted({p.start for p in ordered})
        covering: dict[int, list[Presentation]] = {}
        for t in starts:
            covering[t] = [p for p in ordered if p.start <= t < p.end]
        busy: dict[int, object] = {}
        for t in starts:
            members = [x[(rater_id, p.id)] for p in covering[t]]
            if len(members) == 1:
                busy[t] = members[0]
            else:
                v = busy[t] = m.new_int_var(0, 1, f"busy_{rater_id}_{t}")
                m.add(LinearExpr.sum(members) == v)
                self.busy.append((v, [(rater_id, p.id) for p in covering[t]]))
        travel = self.instance.travel_minutes
        if not travel:
            return
        for p in ordered:
            if p.room is None:
                continue
            soon = starts[
                bisect.bisect_left(starts, p.end) : bisect.bisect_left(starts, p.end + travel)
            ]
            for t in soon:
                if not any(clash(self.instance, p, q) for q in covering[t]):
                    continue
                fine = [x[(rater_id, q.id)] for q in covering[t] if not clash(self.instance, p, q)]
                m.add(x[(rater_id, p.id)] + busy[t] - LinearExpr.sum(fine) <= 1)

    def _hint(self, chosen: dict[str, list[str]], extra=()) -> None:
        m = self.model
        m.clear_hints()
        seated = {(r, pid) for pid, raters in chosen.items() for r in raters}
        for key, v in self.x.items():
            m.add_hint(v, key in seated)
        for pid, c in self.covered.items():
            m.add_hint(c, pid in chosen)
        for v, keys in self.busy:
            m.add_hint(v, sum(key in seated for key in keys))
        loads = self._loads(chosen)
        for rid, load in self.load.items():
            m.add_hint(load, loads.get(rid, 0))
        for v, value in extra:
            m.add_hint(v, value)

    @staticmethod
    def _loads(chosen: dict[str, list[str]]) -> dict[str, int]:
        loads: dict[str, int] = {}
        for raters in chosen.values():
            for r in raters:
                loads[r] = loads.get(r, 0) + 1
        return loads

    def _run(self, share, deadline, seed, workers, work):
        """Solve the model as it stands; (solver, status, stopped by the wall clock). `work`:
        the stage's deterministic-work limit, fixed by the time limit alone (not by the time
        left, which depends on how busy the machine was), so the answer is the same for a
        seed unless the wall clock stops the stage first."""
        budget = max(0.05, share * (deadline - time.monotonic()))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = budget
        solver.parameters.max_deterministic_time = max(0.05, work)
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        solver.parameters.interleave_search = True
        status = solver.solve(self.model)
        by_clock = status != cp_model.OPTIMAL and solver.wall_time >= budget - 0.01
        return solver, status, by_clock

    def _read(self, solver) -> dict[str, list[str]]:
        chosen = {}
        for p in self.possible:
            if solver.boolean_value(self.covered[p.id]):
                chosen[p.id] = [
                    r.id
                    for r in self.instance.raters
                    if (r.id, p.id) in self.x and solver.boolean_value(self.x[(r.id, p.id)])
                ]
        return chosen

    def solve(self, warm, bound, *, deadline, seed, workers, work):
        """(panels, bound on presentations covered, every stage proven optimal, reproducible).
        `bound` is one known already (capacity_bound): when the warm start reaches it, step 1
        has nothing to find. `work`: the deterministic work of all stages, shared as SHARES
        shares the wall clock."""
        works = []
        for share in SHARES:
            works.append(share * work)
            work -= works[-1]
        m = self.model
        found = [cp_model.OPTIMAL, cp_model.FEASIBLE]
        chosen, reproducible, proven = dict(warm), True, []
        # 1. coverage
        if len(chosen) < bound:
            self._hint(chosen)
            m.maximize(LinearExpr.sum(list(self.covered.values())))
            solver, status, by_clock = self._run(SHARES[0], deadline, seed, workers, works[0])
            reproducible &= not by_clock
            if status in found:
                bound = min(bound, int(solver.best_objective_bound + 1e-6))
                better = self._read(solver)
                if len(better) >= len(chosen):
                    chosen = better
            proven.append(status == cp_model.OPTIMAL or len(chosen) >= bound)
        m.add(LinearExpr.sum(list(self.covered.values())) >= len(chosen))
        # 2. the largest load
        top = m.new_int_var(0, max((r.max_load for r in self.instance.raters), default=0), "top")
        for load in self.load.values():
            m.add(top >= load)
        m.clear_objective()
        m.minimize(top)
        self._hint(chosen, [(top, max(self._loads(chosen).values(), default=0))])
        solver, status, by_clock = self._run(SHARES[1], deadline, seed, workers, works[1])
        reproducible &= not by_clock
        if status in found:
            chosen = self._read(solver)
        proven.append(status == cp_model.OPTIMAL)
        highest = max(self._loads(chosen).values(), default=0)
        m.add(top <= highest)
        # 3. even loads, then expertise
        matching = [
            v
            for (rid, pid), v in self.x.items()
            if matches(self.instance.rater(rid), self.by_id[pid])
        ]
        weight = len(matching) + 1
        terms, coefficients, hints = list(matching), [-1] * len(matching), []
        loads = self._loads(chosen)
        for rid, load in self.load.items():
            cap = min(highest, self.cap[rid])
            extra = [m.new_bool_var(f"z_{rid}_{j}") for j in range(1, cap + 1)]
            m.add(LinearExpr.sum(extra) == load)
            for j, z in enumerate(extra, start=1):
                terms.append(z)
                coefficients.append(weight * (2 * j - 1))
                hints.append((z, j <= loads.get(rid, 0)))
        m.clear_objective()
        m.minimize(LinearExpr.weighted_sum(terms, coefficients))
        self._hint(chosen, [(top, highest), *hints])
        solver, status, by_clock = self._run(SHARES[2], deadline, seed, workers, works[2])
        reproducible &= not by_clock
        if status in found:
            chosen = self._read(solver)
        proven.append(status == cp_model.OPTIMAL)
        return chosen, bound, all(proven), reproducible
