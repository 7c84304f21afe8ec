"""The LP's side of the solve, run beside the search in a forked process (solve.Helper): the
bound, then a schedule from HiGHS's branch and bound.

`assist` solves the LP relaxation (bound.relax) and sends the Lagrangian bound
(bound.family_bound) at once. Then:

- on a large school, HiGHS's MIP gets only the options the LP uses (x > 0), those of the
  greedy schedule (solve sends it) and the families' best choices at the LP's prices
  (family_bound's hints) — 3–8 % of the options —, with each family of several children
  as a choice among its *plans*: every way to place some or all of its children on those
  options without overlaps, valued at their meetings less the family's penalty exactly as
  the score counts it (split days, idle minutes). Restricted so, the MIP is solved to
  optimality in seconds (e.g. 25,000 plans on the sibling-heavy school of 1,500, 1.6 s),
  and its schedule is within 0.2–0.5 % of the bound where the search from the greedy
  schedule stayed 1–2 % short: the LP knows which scarce times (evenings, interpreters) are
  worth whose meeting, the greedy schedule brings families that fit back to back, and the
  MIP fits them all together.
- on a small school (`whole`) the MIP gets every option, in the bound's model with
  whole-number options and the idle-time rows (bound.model_rows), so its dual bound is a
  bound on the school too and is sent as well — it often proves CP-SAT's answer best.

Every row of either MIP is a hard rule (each student once, each advisor's daily cap, no
overlap for an advisor — travel included —, a family or an interpreter; a plan has no
overlap), so what it returns is a valid schedule; solve still checks each meeting against
the others before it keeps it.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from .bound import family_bound, model_rows, relax
from .cpsat import cliques
from .model import Instance
from .rules import Option, family_penalty, option_value

# Plans of one family at most (a family of four with four options each has 624); above it
# the options the LP weighs least are left out of its plans.
PLANS = 400


def assist(
    instance: Instance,
    flat: list[Option],
    send,
    receive,
    *,
    stop_at: float,
    whole: bool = False,
) -> None:
    """`send(("bound", value))` as soon as the bound is known, then `send(("schedule",
    indices into flat))` by `stop_at` (time.monotonic()) if the MIP found one. `receive(until)`
    gives the greedy schedule (indices into flat) that solve sends, or None."""
    relaxation = relax(instance, flat)
    if relaxation is None:
        return
    bound, hints = family_bound(instance, flat, relaxation)
    send(("bound", min(bound, relaxation.value)))
    if whole:
        chosen, dual = whole_mip(instance, flat, stop_at - time.monotonic())
        send(("bound", dual))
    else:
        weight = defaultdict(float)  # how much the LP and the hints want an option
        for j in np.flatnonzero(relaxation.x > 1e-6):
            weight[int(j)] += float(relaxation.x[j])
        for j in hints:
            weight[j] += 0.5
        for j in receive(stop_at) or []:
            weight[j] += 1.0
        support = sorted(weight)
        chosen = restricted_mip(
            instance,
            [flat[j] for j in support],
            [weight[j] for j in support],
            stop_at - time.monotonic(),
        )
        chosen = None if chosen is None else [support[i] for i in chosen]
    if chosen is not None:
        send(("schedule", chosen))


def whole_mip(
    instance: Instance, options: list[Option], seconds: float
) -> tuple[list[int] | None, float]:
    """HiGHS's MIP on every option (the bound's model, idle-time rows included) for
    `seconds`, building it included: the options held (or None) and its dual bound — an
    upper bound on any schedule (inf when it has none)."""
    began = time.monotonic()
    if not options or seconds < 1:
        return None, float("inf")
    cost, out, width, upper = model_rows(instance, options, idle=True)
    integrality = np.zeros(width)
    integrality[: len(options)] = 1
    solved = _milp(cost, out.matrix(width), out.rhs, integrality, upper, seconds, began)
    if solved is None:
        return None, float("inf")
    dual = getattr(solved, "mip_dual_bound", None)
    dual = float(-dual) if dual is not None and np.isfinite(dual) else float("inf")
    if solved.x is None:
        return None, dual
    return np.flatnonzero(solved.x[: len(options)] > 0.5).tolist(), dual


def restricted_mip(
    instance: Instance,
    options: list[Option],
    weights: list[float],
    seconds: float,
    capacity: dict[tuple[str, int], int] | None = None,
    stats: dict | None = None,
) -> list[int] | None:
    """The best schedule HiGHS finds among `options` in `seconds` (building the model
    included), each family choosing one of its plans (PLANS at most, leaving out the
    options of least weight first): the indices of the options held, or None. `capacity`
    overrides an advisor's `max_per_day` for a day (when other meetings stay where they
    are); `stats["built"]` is set to the seconds building the model took."""
    began = time.monotonic()
    if not options or seconds < 1:
        return None
    index = {o: i for i, o in enumerate(options)}
    weight = dict(zip(options, weights, strict=True))
    by_student: dict[str, list[Option]] = defaultdict(list)
    for o in options:
        by_student[o.student].append(o)
    plans: list[tuple[float, list[Option]]] = []
    owner: list[int] = []  # the family of each plan (a row: one plan at most)
    for f, family in enumerate(instance.families):
        children = [by_student[s.id] for s in family.students if by_student.get(s.id)]
        for plan in _plans(instance, children, weight):
            value = sum(option_value(instance, o) for o in plan)
            value -= family_penalty(instance, [o.meeting() for o in plan])
            plans.append((value, plan))
            owner.append(f)
    columns_of: dict[Option, list[int]] = defaultdict(list)
    for c, (_value, plan) in enumerate(plans):
        for o in plan:
            columns_of[o].append(c)
    rows, columns, rhs = [], [], []

    def add(members, limit):
        for c in members:
            rows.append(len(rhs))
            columns.append(c)
        rhs.append(limit)

    by_family = defaultdict(list)
    for c, f in enumerate(owner):
        by_family[f].append(c)
    for members in by_family.values():
        add(members, 1)
    per_day, advisor, interpreter = defaultdict(list), defaultdict(list), defaultdict(list)
    for o in options:
        per_day[(o.advisor, o.day)].append(o)
        advisor[o.advisor].append((*o.advisor_busy, o))
        if o.interpreter:
            interpreter[o.interpreter].append((o.start, o.end, o))
    for (advisor_id, day), held in per_day.items():
        limit = instance.advisor(advisor_id).max_per_day
        if capacity is not None:
            limit = capacity.get((advisor_id, day), limit)
        if len(held) > limit:
            add([c for o in held for c in columns_of[o]], limit)
    for spans in (advisor, interpreter):
        for owned in spans.values():
            for members in cliques(owned):
                add([c for o in members for c in columns_of[o]], 1)
    # (a plan with two options in one row counts twice: the sparse matrix adds them up)
    matrix = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(rhs), len(plans)))
    cost = [-value for value, _plan in plans]
    if stats is not None:
        stats["built"] = time.monotonic() - began
    solved = _milp(cost, matrix, rhs, np.ones(len(plans)), 1.0, seconds, began)
    if solved is None or solved.x is None:
        return None
    return [index[o] for c in np.flatnonzero(solved.x > 0.5) for o in plans[c][1]]


def _plans(instance, children, weight):
    """Every non-empty choice of one option or none per child, without two of the family's
    meetings overlapping (nor two of one advisor's, travel included)."""
    lists = [sorted(found, key=lambda o: -weight[o]) for found in children]
    while np.prod([len(found) + 1 for found in lists]) > PLANS:
        longest = max(range(len(lists)), key=lambda i: len(lists[i]))
        lists[longest] = lists[longest][:-1]
    for combination in itertools.product(*([None, *found] for found in lists)):
        plan = [o for o in combination if o is not None]
        if plan and not any(_clash(a, b) for a, b in itertools.combinations(plan, 2)):
            yield plan


def _clash(a: Option, b: Option) -> bool:
    if a.start < b.end and b.start < a.end:
        return True
    if a.advisor != b.advisor:
        return False
    (s1, e1), (s2, e2) = a.advisor_busy, b.advisor_busy
    return s1 < e2 and s2 < e1


def _milp(cost, matrix, rhs, integrality, upper, seconds, began):
    left = seconds - (time.monotonic() - began)
    if left < 0.5:
        return None
    return milp(
        np.array(cost),
        constraints=LinearConstraint(matrix, -np.inf, np.array(rhs, dtype=float)),
        integrality=integrality,
        bounds=Bounds(0, upper),
        options={"time_limit": left, "disp": False},
    )
