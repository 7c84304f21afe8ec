"""Upper bounds on the best possible score: the LP relaxation of a time-indexed model with the
split-day penalty of sibling families, solved with HiGHS through SciPy (`relax`, `lp_bound`),
and a Lagrangian bound from the LP's prices that counts each family's penalties exactly
(`family_bound`, at least as tight; on the schools of issue 20 it is 0.4–1.5 % below the LP).

The LP's variables: the options `x_o` (0 ≤ x ≤ 1); for each family with two or more students
who have options, `q_f` (0 ≤ q ≤ 1, "the family is split over days"); and for each pair of
those students (a, b) and each day d on which both have options, `w_abd` (0 ≤ w ≤ 1, "a and b
both meet on day d"). Maximise `Σ value(o)·x_o − split_days·Σ q_f` subject to:

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
day. So the LP optimum is at least the score of the best schedule. (The LP leaves the idle
time out; `family_bound` counts it, and `model_rows(idle=True)` adds rows for it that the MIP
of restricted.py uses.)
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from .model import Instance
from .rules import Option, option_value


class _Rows:
    """A sparse `A x ≤ b`, built row by row (`add`) or many rows at once (`add_block`)."""

    def __init__(self):
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.values: list[float] = []
        self.rhs: list[float] = []
        self.kinds: list[str] = []
        self._blocks: list[tuple[np.ndarray, np.ndarray]] = []

    def add(self, columns, rhs: float, coefficients=None, kind: str = "family") -> None:
        """`kind` says which rule the row is (family_bound relaxes "shared" rows): "shared"
        for a row over the options of several families (an advisor's or interpreter's
        moment, an advisor's day), "family" for one family's own."""
        row = len(self.rhs)
        self.kinds.append(kind)
        columns = list(columns)
        self.rows.extend([row] * len(columns))
        self.cols.extend(columns)
        self.values.extend(coefficients if coefficients is not None else [1.0] * len(columns))
        self.rhs.append(rhs)

    def add_block(self, rows: np.ndarray, cols: np.ndarray, rhs, kinds) -> None:
        """Rows of ones at once: entry k is column `cols[k]` of row `rows[k]` (0, 1, … in this
        block), whose right side is `rhs[rows[k]]`."""
        self._blocks.append((np.asarray(rows, dtype=np.int64) + len(self.rhs), cols))
        self.rhs.extend(rhs)
        self.kinds.extend(kinds)

    def matrix(self, width: int) -> csr_matrix:
        rows = [np.array(self.rows, dtype=np.int64)] + [r for r, _c in self._blocks]
        cols = [np.array(self.cols, dtype=np.int64)] + [c for _r, c in self._blocks]
        values = [np.array(self.values, dtype=float)] + [np.ones(len(r)) for r, _c in self._blocks]
        return csr_matrix(
            (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
            shape=(len(self.rhs), width),
        )


def _groups(out: _Rows, key: np.ndarray, limit: np.ndarray, kind: str) -> None:
    """One row per value of `key` (≥ 0) over the options with that key: at most `limit` of
    them (per key; a row that could not bind is left out)."""
    cols = np.flatnonzero(key >= 0)
    values, rows, sizes = np.unique(key[cols], return_inverse=True, return_counts=True)
    binding = sizes > limit[values]
    keep = binding[rows]
    renumber = np.cumsum(binding) - 1
    out.add_block(
        renumber[rows[keep]],
        cols[keep],
        limit[values[binding]].astype(float).tolist(),
        [kind] * int(binding.sum()),
    )


def _cliques(out: _Rows, owner, start, end, family=None) -> None:
    """For each owner (an array over the options; −1 for none) an at-most-one row at each
    moment one of its options starts, over the options busy then (start ≤ moment < end): for
    intervals on a line these are every maximal clique. With `family` (an array over the
    options), a row over several families' options is "shared", else "family"."""
    cols = np.flatnonzero(owner >= 0)
    if not len(cols):
        return
    base = int(start[cols].min())
    width = int(end[cols].max()) - base + 1
    key_start = owner[cols].astype(np.int64) * width + (start[cols] - base)
    key_end = owner[cols].astype(np.int64) * width + (end[cols] - base)
    moments = np.unique(key_start)
    first = np.searchsorted(moments, key_start)
    count = np.searchsorted(moments, key_end) - first  # the moments each option is busy at
    option = np.repeat(np.arange(len(cols)), count)
    moment = first[option] + np.arange(len(option)) - np.repeat(np.cumsum(count) - count, count)
    clique = np.bincount(moment, minlength=len(moments)) > 1
    keep = clique[moment]
    renumber = np.cumsum(clique) - 1
    rows, members = renumber[moment[keep]], cols[option[keep]]
    total = int(clique.sum())
    kinds = ["family"] * total
    if family is not None:
        low = np.full(total, np.iinfo(np.int64).max)
        high = np.full(total, -1)
        np.minimum.at(low, rows, family[members])
        np.maximum.at(high, rows, family[members])
        kinds = np.where(low != high, "shared", "family").tolist()
    out.add_block(rows, members, [1.0] * total, kinds)


@dataclass
class Relaxation:
    """The LP's optimum: its value, the options' values `x` and the prices (duals, ≥ 0) of
    its rows, which family_bound uses and the search reads for where the optimum lies."""

    value: float
    x: np.ndarray
    prices: np.ndarray
    rows: _Rows
    width: int


def relax(instance: Instance, flat: list[Option]) -> Relaxation | None:
    """The LP relaxation solved by HiGHS (None if it failed)."""
    if not flat:
        return None
    cost, out, width, _upper = model_rows(instance, flat)
    # Duplicate (row, col) pairs cannot occur: each row lists a column once.
    solved = linprog(
        np.array(cost),
        A_ub=out.matrix(width),
        b_ub=np.array(out.rhs),
        bounds=(0, 1),
        method="highs",
    )
    if solved.status != 0:
        return None
    prices = np.maximum(0.0, -np.asarray(solved.ineqlin.marginals))
    return Relaxation(float(-solved.fun), solved.x[: len(flat)], prices, out, width)


def lp_bound(instance: Instance, flat: list[Option], relaxation=None) -> float:
    if not flat:
        return 0.0
    relaxation = relaxation or relax(instance, flat)
    if relaxation is None:
        return naive_bound(instance, flat)
    return relaxation.value


def naive_bound(instance: Instance, flat: list[Option]) -> float:
    """A bound that needs no solver (when the LP has no answer): every student at their best
    time."""
    return sum(max(option_value(instance, o) for o in group) for group in _group(flat).values())


def family_bound(
    instance: Instance, flat: list[Option], relaxation: Relaxation
) -> tuple[float, list[int]]:
    """A Lagrangian bound, at least as tight as the LP, that sees the families' split-day and
    idle-time penalties exactly; and hints for the search: the options of each family's best
    choice at the LP's prices, overall and on each day (where the family would meet at those
    prices, siblings back to back).

    Take the rows shared by several families — each advisor's and interpreter's moments, each
    advisor's daily cap — out of the model, and charge each option their prices instead
    (`λ ≥ 0`, the LP's duals of those rows): `r_o = value(o) − Σ_i λ_i·A_io`. What is left
    falls apart into one problem per family: choose at most one option per child, no two of
    the family's meetings overlapping (nor two of one advisor's, travel included), to
    maximise `Σ r_o − penalty`, with the penalty of the score itself (split days, idle
    minutes). For any schedule, its score `Σ value − Σ penalties ≤ Σ λ_i·b_i + Σ_o r_o·x_o −
    Σ penalties` (each shared row holds, `A_i x ≤ b_i`, and `λ ≥ 0`), and the right side is at
    most `Σ λ_i·b_i + Σ_f best_f`, since each family's part of the schedule is one of its
    choices. So the bound holds for any `λ ≥ 0`, whatever the LP's precision; with the LP's
    duals it is at most the LP's value (the LP is the same split with each family problem
    relaxed). `_family_best` solves a family problem exactly, or gives an upper bound on it
    where enumerating would take too long. (Subgradient steps from the LP's duals made it
    no tighter on the hard school of 1,500: the LP's prices are close to the best.)"""
    rows = relaxation.rows
    n = len(flat)
    shared = np.array([k == "shared" for k in rows.kinds], dtype=bool)
    matrix = rows.matrix(relaxation.width).tocsr()[shared][:, :n]
    prices = relaxation.prices[shared]
    reduced = np.array([option_value(instance, o) for o in flat]) - matrix.T @ prices
    total = float(prices @ np.array(rows.rhs)[shared])
    by_student: dict[str, list[int]] = defaultdict(list)
    for j, o in enumerate(flat):
        by_student[o.student].append(j)
    chosen: list[int] = []
    for family in instance.families:
        group = [by_student[s.id] for s in family.students if by_student.get(s.id)]
        if len(group) == 1:
            j = group[0][int(np.argmax(reduced[group[0]]))]
            if reduced[j] > 0:
                total += float(reduced[j])
                chosen.append(j)
        elif group:
            got, picks = _family_best(instance, group, flat, reduced)
            total += got
            chosen.extend(picks)
    return total, chosen


# A family's one-day choices are enumerated whole up to this many (a family of four with
# fifteen starts each that day is 65,536); above it the day counts each child's best time.
ENUMERATE = 200_000


def _family_best(instance, groups, flat, reduced) -> tuple[float, list[int]]:
    """An upper bound — exact but for the split case and very large days — on the best
    `Σ r_o − penalty` of one family whose children (`groups`: each child's option indices)
    have options; and the options of a choice that reaches it and of the best choice on each
    day (the hints of family_bound). The cases: nothing (0); one
    meeting; meetings on two or more days (each child on its best day, at least two days
    used, less `split_days`; overlaps are not checked, which only raises it); and, for each
    day, every choice of one start or none per child, without overlaps, less
    `min(split_days, idle_per_minute × idle minutes)`."""
    w = instance.weights
    best, picks = 0.0, []
    per_day: list[dict[int, tuple[float, int]]] = []  # child → day → (best r, option)
    for group in groups:
        days: dict[int, tuple[float, int]] = {}
        for j in group:
            d = flat[j].day
            if d not in days or reduced[j] > days[d][0]:
                days[d] = (float(reduced[j]), j)
        per_day.append(days)
        top = max(days.values())
        if top[0] > best:
            best, picks = top[0], [top[1]]
    # Split over days: each child absent or on a day; two children on different days.
    tops = [max(days.values()) for days in per_day]
    everyone = sum(max(0.0, r) for r, _j in tops)
    for a, b in itertools.combinations(range(len(groups)), 2):
        for da, (ra, ja) in per_day[a].items():
            for db, (rb, jb) in per_day[b].items():
                if da == db:
                    continue
                got = everyone - max(0.0, tops[a][0]) - max(0.0, tops[b][0]) + ra + rb
                got -= w.split_days
                if got > best:
                    others = [j for i, (r, j) in enumerate(tops) if i not in (a, b) and r > 0]
                    best, picks = got, [ja, jb, *others]
    every_day = []
    for day in sorted({d for days in per_day for d in days}):
        got, chosen = _one_day(instance, groups, flat, reduced, day)
        every_day += chosen
        if got > best:
            best, picks = got, chosen
    return best, picks + every_day


def _one_day(instance, groups, flat, reduced, day) -> tuple[float, list[int]]:
    """Every choice of one start or none per child on `day` (an interpreter choice changes
    nothing for the family: the best r of a start is kept), the family's meetings not
    overlapping and one advisor's not either (travel included); the best `Σ r − penalty`
    and its options."""
    w = instance.weights
    children = []
    for group in groups:
        starts: dict[int, tuple[float, int]] = {}
        for j in group:
            o = flat[j]
            if o.day == day and (o.start not in starts or reduced[j] > starts[o.start][0]):
                starts[o.start] = (float(reduced[j]), j)
        if starts:
            children.append(list(starts.values()))
    if len(children) < 2:
        return -np.inf, []  # one meeting at most: counted as a single meeting
    if np.prod([len(c) + 1 for c in children]) > ENUMERATE:
        # Too many to enumerate: each child at its best that day, without the penalty.
        return sum(max(0.0, max(r for r, _j in c)) for c in children), []
    k = len(children)
    total = count = minutes = 0.0
    first, last = np.inf, -np.inf
    spans = []
    for i, child in enumerate(children):
        shape = [1] * k
        shape[i] = len(child) + 1
        options = [flat[j] for _r, j in child]

        def column(values, absent, shape=shape):
            return np.array([absent, *values], dtype=float).reshape(shape)

        total = total + column([r for r, _j in child], 0.0)
        count = count + column([1] * len(child), 0)
        minutes = minutes + column([o.end - o.start for o in options], 0)
        start = column([o.start for o in options], np.inf)
        end = column([o.end for o in options], -np.inf)
        first, last = np.minimum(first, start), np.maximum(last, end)
        busy = (
            column([o.advisor_busy[0] for o in options], np.inf),
            column([o.advisor_busy[1] for o in options], -np.inf),
        )
        spans.append((start, end, busy, options[0].advisor))
    idle = last - first - minutes
    penalty = np.where(count >= 2, np.minimum(w.split_days, w.idle_per_minute * idle), 0.0)
    clash = np.zeros(np.broadcast_shapes(*(s[0].shape for s in spans)), dtype=bool)
    for (s1, e1, b1, a1), (s2, e2, b2, a2) in itertools.combinations(spans, 2):
        clash |= (s1 < e2) & (s2 < e1)
        if a1 == a2:
            clash |= (b1[0] < b2[1]) & (b2[0] < b1[1])
    values = np.where(clash, -np.inf, total - penalty)
    at = np.unravel_index(int(np.argmax(values)), values.shape)
    picks = [child[i - 1][1] for child, i in zip(children, at, strict=True) if i > 0]
    return float(values[at]), picks


def model_rows(instance: Instance, flat: list[Option], *, idle: bool = False):
    out = _Rows()
    by_student: dict[str, list[int]] = defaultdict(list)
    for j, o in enumerate(flat):
        by_student[o.student].append(j)

    def numbered(values):
        ids: dict = {}
        return np.array([ids.setdefault(v, len(ids)) if v is not None else -1 for v in values])

    student = numbered(o.student for o in flat)
    _groups(out, student, np.ones(student.max() + 1, dtype=int), "family")
    advisor_day = numbered((o.advisor, o.day) for o in flat)
    limits = {}
    for o, key in zip(flat, advisor_day, strict=True):
        limits[key] = instance.advisor(o.advisor).max_per_day
    _groups(out, advisor_day, np.array([limits[k] for k in range(len(limits))]), "shared")
    family_no = numbered(o.family for o in flat)
    start = np.array([o.start for o in flat], dtype=np.int64)
    end = np.array([o.end for o in flat], dtype=np.int64)
    travel = np.array([o.travel for o in flat], dtype=np.int64)
    _cliques(out, numbered(o.advisor for o in flat), start - travel, end + travel, family_no)
    _cliques(out, numbered(o.interpreter for o in flat), start, end, family_no)
    _cliques(out, family_no, start, end)
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
