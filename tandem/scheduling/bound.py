"""An upper bound on the best possible score: the LP relaxation of a time-indexed model with
the split-day penalty of sibling families, solved with HiGHS through SciPy.

Variables: the options `x_o` (0 ≤ x ≤ 1); for each family with two or more students who have
options, `q_f` (0 ≤ q ≤ 1, "the family is split over days"); and for each pair of those
students (a, b) and each day d on which both have options, `w_abd` (0 ≤ w ≤ 1, "a and b both
meet on day d"). Maximise `Σ value(o)·x_o − split_days·Σ q_f` subject to:

- each student at most once: `Σ_{o of s} x_o ≤ 1`;
- each advisor at most `max_per_day` a day;
- for each advisor (travel included), family and interpreter, at each moment one of them
  starts being busy, at most one of the options covering it (for intervals on a line these are
  every maximal clique, so every overlap is forbidden);
- `w_abd ≤ Σ_{o of a on d} x_o` and `w_abd ≤ Σ_{o of b on d} x_o`;
- for each pair (a, b) of a family: `y_a + y_b − Σ_d w_abd − q_f ≤ 1`, where `y_s` is
  `Σ_{o of s} x_o`.

Why it is a true upper bound: take any valid schedule and set `x` from it, `w_abd = 1` exactly
when a and b both meet on day d, and `q_f = 1` exactly when the family has two meetings on
different days. Every row holds (if a and b both meet on the same day, that day's `w` is 1 and
the pair row reads 1 + 1 − 1 − q ≤ 1; on different days all their `w` are 0 and `q_f` is 1; if
one of them does not meet, the row reads at most 1). The objective there is the meetings'
value minus 72 for each family split over days, which is at least the schedule's score: the
score takes the same 72 from a split family and `min(72, 0.4 × idle) ≥ 0` from one kept on one
day. So the LP optimum is at least the score of the best schedule. (The idle-time part is left
out of the bound: siblings can nearly always meet back to back.)
"""

from __future__ import annotations

import heapq
import itertools
import time
from collections import defaultdict

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix

from .model import Instance
from .rules import Option, option_value


class _Rows:
    """A sparse `A x ≤ b` built row by row."""

    def __init__(self):
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.values: list[float] = []
        self.rhs: list[float] = []

    def add(self, columns, rhs: float, coefficients=None) -> None:
        row = len(self.rhs)
        columns = list(columns)
        self.rows.extend([row] * len(columns))
        self.cols.extend(columns)
        self.values.extend(coefficients if coefficients is not None else [1.0] * len(columns))
        self.rhs.append(rhs)

    def matrix(self, width: int) -> csr_matrix:
        return csr_matrix((self.values, (self.rows, self.cols)), shape=(len(self.rhs), width))


def _cliques(out: _Rows, spans_by_owner) -> None:
    """One at-most-one row per distinct busy-start of each owner (a sweep over the line)."""
    for spans in spans_by_owner.values():
        spans.sort()
        active: list[tuple[int, int]] = []  # (end, option) heap
        i = 0
        while i < len(spans):
            q = spans[i][0]
            while i < len(spans) and spans[i][0] == q:
                heapq.heappush(active, (spans[i][1], spans[i][2]))
                i += 1
            while active and active[0][0] <= q:
                heapq.heappop(active)
            if len(active) > 1:
                out.add([j for _e, j in active], 1)


def lp_bound(instance: Instance, flat: list[Option]) -> float:
    if not flat:
        return 0.0
    cost, out, width, _upper = _rows(instance, flat)
    # Duplicate (row, col) pairs cannot occur: each row lists a column once.
    solved = linprog(
        np.array(cost),
        A_ub=out.matrix(width),
        b_ub=np.array(out.rhs),
        bounds=(0, 1),
        method="highs",
    )
    if solved.status != 0:
        # Fall back to a bound that needs no solver: every student at their best time.
        return sum(max(option_value(instance, o) for o in group) for group in _group(flat).values())
    return float(-solved.fun)


def mip_bound(instance: Instance, flat: list[Option], seconds: float) -> float:
    """The same model with whole-number options and the idle-time rows (`_idle_rows`), given
    to HiGHS's branch and bound for `seconds` (building the model included): its dual bound,
    at least as tight as the LP's and tighter as its cuts and branching work; inf when it has
    none in time."""
    if not flat:
        return 0.0
    began = time.monotonic()
    cost, out, width, upper = _rows(instance, flat, idle=True)
    matrix = out.matrix(width)
    left = seconds - (time.monotonic() - began) - 0.5  # building the model counts too
    if left < 0.5:
        return float("inf")
    integrality = np.zeros(width)
    integrality[: len(flat)] = 1
    solved = milp(
        np.array(cost),
        constraints=LinearConstraint(matrix, -np.inf, np.array(out.rhs)),
        integrality=integrality,
        bounds=Bounds(0, upper),
        options={"time_limit": left, "disp": False},
    )
    dual = getattr(solved, "mip_dual_bound", None)
    if dual is None or not np.isfinite(dual):
        return float("inf")
    return float(-dual)


def _rows(instance: Instance, flat: list[Option], *, idle: bool = False):
    out = _Rows()
    by_student: dict[str, list[int]] = defaultdict(list)
    by_day: dict[tuple[str, int], list[int]] = defaultdict(list)
    advisor_spans: dict[str, list] = defaultdict(list)
    family_spans: dict[str, list] = defaultdict(list)
    interpreter_spans: dict[str, list] = defaultdict(list)
    for j, o in enumerate(flat):
        by_student[o.student].append(j)
        by_day[(o.advisor, o.day)].append(j)
        a, b = o.advisor_busy
        advisor_spans[o.advisor].append((a, b, j))
        family_spans[o.family].append((o.start, o.end, j))
        if o.interpreter:
            interpreter_spans[o.interpreter].append((o.start, o.end, j))
    for members in by_student.values():
        out.add(members, 1)
    for (advisor, _day), members in by_day.items():
        limit = instance.advisor(advisor).max_per_day
        if len(members) > limit:
            out.add(members, limit)
    for spans in (advisor_spans, family_spans, interpreter_spans):
        _cliques(out, spans)
    cost = [-option_value(instance, o) for o in flat]
    width = len(flat)

    upper = [1.0] * width

    def new_column(objective: float, top: float = 1.0) -> int:
        nonlocal width
        cost.append(objective)
        upper.append(top)
        width += 1
        return width - 1

    for family in instance.families:
        members = [s.id for s in family.students if by_student.get(s.id)]
        if len(members) < 2:
            continue
        q = new_column(instance.weights.split_days)
        for a, b in itertools.combinations(members, 2):
            on_day = {s: defaultdict(list) for s in (a, b)}
            for s in (a, b):
                for j in by_student[s]:
                    on_day[s][flat[j].day].append(j)
            together = []
            for day in sorted(on_day[a].keys() & on_day[b].keys()):
                w = new_column(0.0)
                together.append(w)
                for s in (a, b):
                    out.add([w, *on_day[s][day]], 0, [1.0] + [-1.0] * len(on_day[s][day]))
            both = by_student[a] + by_student[b]
            out.add(
                [*both, *together, q],
                1,
                [1.0] * len(both) + [-1.0] * len(together) + [-1.0],
            )
        if idle:
            _idle_rows(instance, family, members, flat, by_student, out, new_column, q)
    return cost, out, width, np.array(upper)


def _idle_rows(instance, family, members, flat, by_student, out, new_column, q) -> None:
    """The idle-time penalty of a family met on one day (rows for the MIP): a variable `r_f`
    (0 ≤ r ≤ split_days, charged 1) with, for each sibling a, each option o of a and each
    other sibling b,

        Σ_{o' of b on o's day} g(o, o')·x_o' + split·x_o − r_f − split·q_f ≤ split,

    where `g(o, o') = min(split, idle_per_minute × (minutes between o and o' − the other
    siblings' minutes))`. Valid for any schedule with `r_f` its idle penalty when the family
    meets on one day (`q_f` = 0), else `r_f` = 0 and `q_f` = 1: the family's idle minutes are
    at least the minutes between a's and b's meetings less the other siblings' meetings that
    can lie between them, so when o is held and b meets at o' that day the row reads
    g ≤ r_f; with o not held, b elsewhere, or the family split, the left side is at most
    `split` anyway."""
    w = instance.weights
    split = w.split_days
    minutes = {s.id: s.minutes for s in family.students}
    r = None
    for a in members:
        for b in members:
            if a == b:
                continue
            others = sum(minutes[s] for s in members if s not in (a, b))
            b_by_day = defaultdict(list)
            for j in by_student[b]:
                b_by_day[flat[j].day].append(j)
            for i in by_student[a]:
                o = flat[i]
                cols, coefs = [], []
                for j in b_by_day.get(o.day, ()):
                    p = flat[j]
                    gap = max(p.start - o.end, o.start - p.end)
                    g = min(split, w.idle_per_minute * (gap - others))
                    if g > 1e-9:
                        cols.append(j)
                        coefs.append(g)
                if not cols:
                    continue
                if r is None:
                    r = new_column(1.0, split)
                out.add([*cols, i, r, q], split, [*coefs, split, -1.0, -split])


def _group(flat):
    out = defaultdict(list)
    for o in flat:
        out[o.student].append(o)
    return out
