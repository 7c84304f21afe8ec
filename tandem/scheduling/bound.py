"""An upper bound on the best possible score: the LP relaxation of a time-indexed model,
solved with HiGHS through SciPy.

Variables are the options (0 ≤ x ≤ 1). Rows: each student at most once; each advisor at most
`max_per_day` a day; and for each advisor, family and interpreter, at each moment one of them
starts being busy, at most one busy option (for intervals on a line those moments give every
maximal clique). Sibling penalties are left out (they only lower a score), so the optimum of
this LP is at least the best schedule's score.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from .model import Instance
from .rules import Option, option_value


def _cliques(rows, cols, resource_options, row):
    """Append one row per distinct busy-start of each resource (a sweep over the line)."""
    import heapq

    for spans in resource_options.values():
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
                rows.extend([row] * len(active))
                cols.extend(j for _e, j in active)
                row += 1
    return row


def lp_bound(instance: Instance, flat: list[Option]) -> float:
    if not flat:
        return 0.0
    rows: list[int] = []
    cols: list[int] = []
    rhs: list[float] = []
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
    row = 0
    for members in by_student.values():
        rows.extend([row] * len(members))
        cols.extend(members)
        rhs.append(1)
        row += 1
    for (advisor, _day), members in by_day.items():
        limit = instance.advisor(advisor).max_per_day
        if len(members) > limit:
            rows.extend([row] * len(members))
            cols.extend(members)
            rhs.append(limit)
            row += 1
    before = row
    for spans in (advisor_spans, family_spans, interpreter_spans):
        row = _cliques(rows, cols, spans, row)
    rhs.extend([1] * (row - before))
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(row, len(flat)))
    cost = -np.array([option_value(instance, o) for o in flat])
    # Duplicate (row, col) pairs cannot occur: each row lists an option once.
    solved = linprog(cost, A_ub=matrix, b_ub=np.array(rhs), bounds=(0, 1), method="highs")
    if solved.status != 0:
        # Fall back to a bound that needs no solver: every student at their best time.
        return sum(max(option_value(instance, o) for o in group) for group in _group(flat).values())
    return float(-solved.fun)


def _group(flat):
    out = defaultdict(list)
    for o in flat:
        out[o.student].append(o)
    return out
