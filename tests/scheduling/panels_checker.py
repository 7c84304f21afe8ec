"""An independent check of a panel assignment against its instance, written from the contract
in docs/scheduling.md ("Panel assignment") only: it reads the JSON, not the solver's objects,
and shares no code with tandem.scheduling.

`violations` checks every rule for every presentation; `not_maximal` that no presentation left
out could still be given a panel from the raters the answer leaves free; `wrong_reasons` that
each reason's figures are true of the instance and the answer; `best` finds, by brute force on
a small instance, the best assignment in the contract's order (most presentations covered, then
the smallest largest load, then the smallest sum of squared loads, then the most expertise
matches)."""

from __future__ import annotations

import itertools
from datetime import datetime

KINDS = ("staff", "community")


def _t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _needs(p: dict, kind: str) -> int:
    return p.get("min_staff", 1) if kind == "staff" else p.get("min_community", 1)


def _available(r: dict, p: dict) -> bool:
    start, end = _t(p["start"]), _t(p["end"])
    return (
        r.get("max_load", 1000) > 0
        and any(_t(w["start"]) <= start and end <= _t(w["end"]) for w in r["available"])
        and (not r.get("rooms") or p.get("room") in r["rooms"])
    )


def _eligible(r: dict, p: dict) -> bool:
    return _available(r, p) and p["student"] not in r.get("conflicts", [])


def _clash(instance: dict, p: dict, q: dict) -> bool:
    a, b = (_t(p["start"]), _t(p["end"])), (_t(q["start"]), _t(q["end"]))
    if a[0] < b[1] and b[0] < a[1]:
        return True
    if p.get("room") is None or q.get("room") is None or p["room"] == q["room"]:
        return False
    gap = (b[0] - a[1]) if a[1] <= b[0] else (a[0] - b[1])
    return gap.total_seconds() / 60 < instance.get("travel_minutes", 0)


def _match(r: dict, p: dict) -> bool:
    return bool(set(r.get("tags", [])) & set(p.get("tags", [])))


def _held(instance: dict, result: dict) -> dict[str, list[dict]]:
    by_id = {p["id"]: p for p in instance["presentations"]}
    held = {r["id"]: [] for r in instance["raters"]}
    for panel in result["panels"]:
        for rid in panel["raters"]:
            if rid in held and panel["presentation"] in by_id:
                held[rid].append(by_id[panel["presentation"]])
    return held


def violations(instance: dict, result: dict) -> list[str]:
    problems = []
    presentations = {p["id"]: p for p in instance["presentations"]}
    raters = {r["id"]: r for r in instance["raters"]}
    seen = set()
    for panel in result["panels"]:
        pid = panel["presentation"]
        p = presentations.get(pid)
        if p is None:
            problems.append(f"{pid}: not in the instance")
            continue
        if pid in seen:
            problems.append(f"{pid}: two panels")
        seen.add(pid)
        ids = panel["raters"]
        if len(ids) != p["raters"]:
            problems.append(f"{pid}: {len(ids)} raters, not {p['raters']}")
        if len(set(ids)) != len(ids):
            problems.append(f"{pid}: a rater twice")
        unknown = [rid for rid in ids if rid not in raters]
        if unknown:
            problems.append(f"{pid}: unknown raters {unknown}")
            continue
        for kind in KINDS:
            count = sum(1 for rid in ids if raters[rid]["kind"] == kind)
            if count < _needs(p, kind):
                problems.append(f"{pid}: {count} {kind}, fewer than {_needs(p, kind)}")
        for rid in ids:
            r = raters[rid]
            if p["student"] in r.get("conflicts", []):
                problems.append(f"{pid}: {rid} may not rate {p['student']}")
            if not _available(r, p):
                problems.append(f"{pid}: {rid} is not available then (or not in that room)")
    for rid, held in _held(instance, result).items():
        r = raters[rid]
        if len(held) > r.get("max_load", 1000):
            problems.append(f"{rid}: {len(held)} presentations, more than {r['max_load']}")
        for p, q in itertools.combinations(held, 2):
            if _clash(instance, p, q):
                problems.append(f"{rid}: {p['id']} and {q['id']} clash (time or travel)")
        if result["loads"].get(rid) != len(held):
            problems.append(f"{rid}: load {result['loads'].get(rid)}, holds {len(held)}")
    if set(result["loads"]) != set(raters):
        problems.append("loads do not list every rater")
    left = [u["presentation"] for u in result["uncovered"]]
    if len(set(left)) != len(left):
        problems.append("a presentation is uncovered twice")
    if set(left) & seen:
        problems.append("a presentation is both covered and uncovered")
    if set(left) | seen != set(presentations):
        problems.append("some presentations are neither covered nor uncovered")
    summary = result["summary"]
    loads = [len(h) for h in _held(instance, result).values()]
    able = [
        len(_held(instance, result)[r["id"]])
        for r in instance["raters"]
        if any(_eligible(r, p) for p in instance["presentations"])
    ]
    expected = {
        "presentations": len(presentations),
        "covered": len(seen),
        "seats": sum(loads),
        "max_load": max(loads, default=0),
        "min_load": min(able, default=0),
        "spread": max(loads, default=0) - min(able, default=0),
        "expertise_matches": sum(
            _match(raters[rid], presentations[panel["presentation"]])
            for panel in result["panels"]
            for rid in panel["raters"]
            if rid in raters and panel["presentation"] in presentations
        ),
    }
    for key, value in expected.items():
        if summary.get(key) != value:
            problems.append(f"summary.{key} is {summary.get(key)}, not {value}")
    if not len(seen) <= summary["covered_bound"] <= len(presentations):
        problems.append("covered_bound is below the panels found or above the presentations")
    if result["status"] not in ("optimal", "feasible"):
        problems.append(f"status {result['status']!r}")
    return problems


def _free(instance: dict, held: dict, r: dict, p: dict) -> bool:
    mine = held[r["id"]]
    return (
        _eligible(r, p)
        and len(mine) < r.get("max_load", 1000)
        and not any(_clash(instance, p, q) for q in mine)
    )


def not_maximal(instance: dict, result: dict) -> list[str]:
    """Presentations left out for which the raters still free would make a panel."""
    held = _held(instance, result)
    by_id = {p["id"]: p for p in instance["presentations"]}
    problems = []
    for u in result["uncovered"]:
        p = by_id[u["presentation"]]
        free = [r for r in instance["raters"] if _free(instance, held, r, p)]
        if len(free) >= p["raters"] and all(
            sum(r["kind"] == kind for r in free) >= _needs(p, kind) for kind in KINDS
        ):
            problems.append(f"{p['id']}: the free raters would make a panel")
    return problems


def wrong_reasons(instance: dict, result: dict) -> list[str]:
    """Each uncovered presentation's figures, recounted."""
    held = _held(instance, result)
    by_id = {p["id"]: p for p in instance["presentations"]}
    problems = []
    for u in result["uncovered"]:
        p, code, d = by_id[u["presentation"]], u["code"], u["detail"]
        kind = d.get("kind")
        of_kind = [r for r in instance["raters"] if kind == "any" or r["kind"] == kind]
        needed = p["raters"] if kind == "any" else _needs(p, kind) if kind in KINDS else None
        if d.get("needed") != needed:
            problems.append(f"{p['id']}: needed {d.get('needed')}, not {needed}")
            continue
        if code == "no_rater_available":
            count = sum(_available(r, p) for r in of_kind)
            ok = count == d["available"] < needed
        elif code == "raters_conflicted":
            there = [r for r in of_kind if _available(r, p)]
            clashing = sum(p["student"] in r.get("conflicts", []) for r in there)
            ok = (len(there), clashing) == (d["available"], d["conflicted"]) and (
                len(there) - clashing < needed
            )
        elif code == "too_few_raters":
            count = sum(_eligible(r, p) for r in of_kind)
            ok = count == d["eligible"] < needed
        elif code == "raters_taken":
            count = sum(_free(instance, held, r, p) for r in of_kind)
            ok = count == d["free"] < needed and bool(d["causes"])
        else:
            ok = False
        if not ok:
            problems.append(f"{p['id']}: {code} {d} is not true")
    return problems


def best(instance: dict) -> tuple[int, int, int, int]:
    """By brute force: the best (covered, −largest load, −sum of squared loads, matches) over
    every valid assignment. Small instances only."""
    raters = instance["raters"]
    choices = []
    for p in instance["presentations"]:
        panels = [()]
        for team in itertools.combinations(range(len(raters)), p["raters"]):
            if all(_eligible(raters[i], p) for i in team) and all(
                sum(raters[i]["kind"] == kind for i in team) >= _needs(p, kind) for kind in KINDS
            ):
                panels.append(team)
        choices.append(panels)
    top = None
    held: list[list[dict]] = [[] for _r in raters]

    def walk(n: int, covered: int, matched: int):
        nonlocal top
        if n == len(choices):
            loads = [len(h) for h in held]
            value = (covered, -max(loads, default=0), -sum(x * x for x in loads), matched)
            top = value if top is None or value > top else top
            return
        p = instance["presentations"][n]
        for team in choices[n]:
            if any(
                len(held[i]) >= raters[i].get("max_load", 1000)
                or any(_clash(instance, p, q) for q in held[i])
                for i in team
            ):
                continue
            for i in team:
                held[i].append(p)
            walk(n + 1, covered + bool(team), matched + sum(_match(raters[i], p) for i in team))
            for i in team:
                held[i].pop()

    walk(0, 0, 0)
    return top


def value(result: dict) -> tuple[int, int, int, int]:
    loads = list(result["loads"].values())
    return (
        result["summary"]["covered"],
        -max(loads, default=0),
        -sum(x * x for x in loads),
        result["summary"]["expertise_matches"],
    )
