"""The CP-SAT model: one Boolean per option (rules.Option).

Each student at most one option; for each advisor (a home visit's travel included), family and
interpreter, an at-most-one over the options covering each moment one of them starts being
busy (for intervals on a line these cliques forbid every overlap, and give CP-SAT a tight LP);
per advisor and day a linear cap. Students with siblings also get a start variable (minutes
since midnight) for the family's idle-time penalty, and each pair of siblings the bound's
split-day rows (bound.py). The objective is the score × SCALE (integers). Used for small
schools, the whole school in one model (solve.py).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import defaultdict

from ortools.sat.python import cp_model

from .model import Instance
from .rules import Option, option_value

SCALE = 10  # the score has tenths (0.4 × idle minutes); CP-SAT wants integers


def solve_cpsat(
    instance: Instance,
    options: dict[str, list[Option]],
    hint: list[Option],
    *,
    deadline: float,
    workers: int = 2,
    seed: int = 0,
    enough=None,
) -> tuple[list[Option] | None, bool, float]:
    """(chosen options or None, proven optimal, CP-SAT's own upper bound in score units).

    `deadline` (time.monotonic()) covers building the model too: CP-SAT searches for what is
    left. `enough(score)`, asked every 0.2 s with the score of the best solution so far (None
    before the first), stops the search when it says so (a bound from elsewhere proves that
    solution best)."""
    model = cp_model.CpModel()
    x: dict[Option, cp_model.IntVar] = {}
    present: dict[str, cp_model.IntVar] = {}
    start: dict[str, cp_model.IntVar] = {}
    objective = []
    per_day = defaultdict(list)
    spans = {
        "advisor": defaultdict(list),
        "family": defaultdict(list),
        "interpreter": defaultdict(list),
    }
    siblings = {s.id for f in instance.families if len(f.students) > 1 for s in f.students}
    for student_id, found in options.items():
        if not found:
            continue
        chosen = []
        for n, o in enumerate(found):
            v = model.new_bool_var(f"x_{student_id}_{n}")
            x[o] = v
            chosen.append(v)
            objective.append(round(SCALE * option_value(instance, o)) * v)
            per_day[(o.advisor, o.day)].append(v)
            a, b = o.advisor_busy
            spans["advisor"][o.advisor].append((a, b, v))
            spans["family"][o.family].append((o.start, o.end, v))
            if o.interpreter:
                spans["interpreter"][o.interpreter].append((o.start, o.end, v))
        p = model.new_bool_var(f"p_{student_id}")
        model.add(sum(chosen) == p)
        present[student_id] = p
        if student_id in siblings:
            starts = sorted({_clock(o.start) for o in found})
            s = model.new_int_var_from_domain(
                cp_model.Domain.from_values(starts), f"s_{student_id}"
            )
            # start = the chosen option's start (or the first start when absent)
            model.add(s - sum(_clock(o.start) * x[o] for o in found) + starts[0] * p == starts[0])
            start[student_id] = s
    # No overlap for a person: at each moment one of them starts being busy, at most one of
    # the options covering it (these cliques cover every overlap of intervals on a line).
    for by_owner in spans.values():
        for owned in by_owner.values():
            for members in cliques(owned):
                model.add_at_most_one(members)
    for (advisor, _day), vs in per_day.items():
        limit = instance.advisor(advisor).max_per_day
        if len(vs) > limit:
            model.add(sum(vs) <= limit)
    warm = set(hint)
    penalties = _family_penalties(model, instance, options, present, start, x, warm)
    model.maximize(sum(objective) - sum(penalties))
    for o, v in x.items():
        model.add_hint(v, int(o in warm))
    for o in warm:
        if o in x:
            model.add_hint(present[o.student], 1)
            if o.student in start:
                model.add_hint(start[o.student], _clock(o.start))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.monotonic())
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model) if enough is None else _solve_watched(solver, model, enough)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False, float("inf")
    chosen = [o for o, v in x.items() if solver.boolean_value(v)]
    return chosen, status == cp_model.OPTIMAL, solver.best_objective_bound / SCALE


class _Best(cp_model.CpSolverSolutionCallback):
    def __init__(self):
        super().__init__()
        self.score = None

    def on_solution_callback(self):
        self.score = self.objective_value / SCALE


def _solve_watched(solver, model, enough):
    """solver.solve(model), with a thread asking `enough(best score)` every 0.2 s and stopping
    the search when it says so."""
    best = _Best()
    done = threading.Event()

    def watch():
        while not done.wait(0.2):
            if enough(best.score):
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(model, best)
    finally:
        done.set()
        watcher.join()


def cliques(spans):
    """For (start, end, member) on a line: the members busy at each moment one starts."""
    import heapq

    spans = sorted(spans, key=lambda t: (t[0], t[1]))
    active: list = []
    i = 0
    out = []
    while i < len(spans):
        q = spans[i][0]
        while i < len(spans) and spans[i][0] == q:
            heapq.heappush(active, (spans[i][1], i, spans[i][2]))
            i += 1
        while active and active[0][0] <= q:
            heapq.heappop(active)
        if len(active) > 1:
            out.append([m for _e, _i, m in active])
    return out


def _clock(minute: int) -> int:
    """Minutes since that day's midnight: idle time only counts within one day (a family
    split over days pays `split_days` whatever the hours), and small ranges keep the model's
    linear relaxation tight."""
    return minute % 1440


def _family_penalties(model, instance, options, present, start, x, warm):
    """Per family of two or more: `split` if the meetings are on different days, else
    min(split, idle × per minute). Every helper variable is hinted from the warm start, so the
    hint is a complete solution CP-SAT starts from."""
    w = instance.weights
    split = round(SCALE * w.split_days)
    per_minute = round(SCALE * w.idle_per_minute)
    out = []

    def var(lo, hi, name, hint):
        v = model.new_int_var(lo, hi, name)
        model.add_hint(v, hint)
        return v

    def flag(name, hint):
        v = model.new_bool_var(name)
        model.add_hint(v, int(hint))
        return v

    for family in instance.families:
        members = [s for s in family.students if options.get(s.id)]
        if len(members) < 2:
            continue
        lo = min(_clock(o.start) for s in members for o in options[s.id])
        hi = max(_clock(o.start) + o.end - o.start for s in members for o in options[s.id])
        span = hi - lo
        placed = [o for s in members for o in options[s.id] if o in warm]
        count = sum(present[s.id] for s in members)
        several = flag(f"several_{family.id}", len(placed) >= 2)
        model.add(count >= 2).only_enforce_if(several)
        model.add(count <= 1).only_enforce_if(several.Not())
        days = defaultdict(list)
        for s in members:
            for o in options[s.id]:
                days[o.day].append(x[o])
        used_days = {o.day for o in placed}
        used = []
        for day, vs in days.items():
            z = flag(f"d_{family.id}_{day}", day in used_days)
            for v in vs:
                model.add_implication(v, z)
            used.append(z)
        split_days = flag(f"split_{family.id}", len(used_days) > 1)
        model.add(sum(used) <= 1 + (len(used) - 1) * split_days)
        # The same, tight for the LP (as in bound.py): two siblings who both meet do so on a
        # common day, or the family is split. Redundant for whole numbers.
        for a, b in itertools.combinations(members, 2):
            together = []
            for day in sorted({o.day for o in options[a.id]} & {o.day for o in options[b.id]}):
                w = flag(
                    f"both_{a.id}_{b.id}_{day}",
                    any(o.day == day for o in placed if o.student == a.id)
                    and any(o.day == day for o in placed if o.student == b.id),
                )
                for s in (a, b):
                    model.add(w <= sum(x[o] for o in options[s.id] if o.day == day))
                together.append(w)
            model.add(present[a.id] + present[b.id] - sum(together) - split_days <= 1)
        # idle minutes on one day: last end − first start − the meetings' own minutes
        first_hint = min((_clock(o.start) for o in placed), default=lo)
        last_hint = max((_clock(o.start) + o.end - o.start for o in placed), default=lo)
        first = var(lo, hi, f"first_{family.id}", first_hint)
        last = var(lo, hi, f"last_{family.id}", last_hint)
        for s in members:
            model.add(first <= start[s.id]).only_enforce_if(present[s.id])
            model.add(last >= start[s.id] + s.minutes).only_enforce_if(present[s.id])
        idle_hint = last_hint - first_hint - sum(o.end - o.start for o in placed)
        # (negative only for a family split over days, which pays `split` anyway)
        own = sum(s.minutes for s in members)
        idle = var(-own, span, f"idle_{family.id}", idle_hint)
        model.add(idle == last - first - sum(s.minutes * present[s.id] for s in members))
        capped_hint = min(per_minute * idle_hint, split)
        capped = var(-per_minute * own, split, f"cap_{family.id}", capped_hint)
        model.add_min_equality(capped, [per_minute * idle, split])
        penalty_hint = max(
            capped_hint if len(placed) >= 2 else 0, split if len(used_days) > 1 else 0, 0
        )
        penalty = var(0, split, f"pen_{family.id}", penalty_hint)
        model.add(penalty >= capped).only_enforce_if(several)
        model.add(penalty >= split).only_enforce_if(split_days)
        out.append(penalty)
    return out
