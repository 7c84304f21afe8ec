"""Panel assignment on generated exhibitions, against the greedy panels it starts from.

    .venv/bin/python bench/panels.py [--sizes 400x120 800x240] [--seeds 1 2 3]
        [--time-limit 30] [--workers N]

For each size (presentations x raters), seed and method (`greedy`: scarce presentations first,
each from the least loaded free raters; `cp-sat`: tandem.scheduling.panels.assign), each run in
its own process: seconds from reading the instance to the result (as `python -m
tandem.scheduling panels solve` counts them), peak memory, presentations covered of those
that can have a panel at all and the bound on them, the largest and smallest load and their
spread, the sum of squared loads, expertise matches, status, reproducible, rules broken (every
result is checked by tests/scheduling/panels_checker.py, written apart from the solver, and
for presentations left out that the free raters could still cover), and the machine's load
average (1 minute) as the run ended. Then the median seconds of each method and size.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def one(presentations: int, raters: int, seed: int, method: str, time_limit: float, workers):
    from tandem.scheduling.panels import panel_instance_from_json, panel_result_to_json
    from tandem.scheduling.panels.generate import generate
    from tandem.scheduling.panels.model import Panel, PanelResult, Uncovered
    from tandem.scheduling.panels.rules import Seating, matches
    from tandem.scheduling.panels.solve import (
        assign,
        capacity_bound,
        greedy,
        prepare,
        scarcest,
    )
    from tests.scheduling.panels_checker import not_maximal, violations

    data = generate(presentations=presentations, raters=raters, seed=seed)
    began = time.monotonic()
    instance = panel_instance_from_json(data)
    if method == "cp-sat":
        result = assign(instance, time_limit=time_limit, seed=seed, workers=workers, started=began)
    else:
        eligible, reasons, ordered = prepare(instance)
        possible = [p for p in instance.presentations if reasons[p.id] is None]
        chosen = greedy(instance, ordered, eligible, scarcest(instance, possible, eligible))
        seating = Seating(instance)
        by_id = {p.id: p for p in instance.presentations}
        for pid, ids in chosen.items():
            seating.seat(by_id[pid], [instance.rater(r) for r in ids])
        left = []
        for p in instance.presentations:
            if p.id not in chosen:
                why = reasons[p.id] or seating.taken_reason(p, eligible[p.id])
                left.append(Uncovered(p.id, why.text, why.code, dict(why.detail)))
        loads = {r.id: seating.load(r) for r in instance.raters}
        able = {r.id for found in eligible.values() for r in found}
        result = PanelResult(
            [Panel(pid, tuple(ids)) for pid, ids in chosen.items()],
            left,
            loads,
            min((loads[r] for r in able), default=0),
            sum(matches(instance.rater(r), by_id[pid]) for pid, ids in chosen.items() for r in ids),
            capacity_bound(instance, possible, eligible),
            "feasible",
            True,
            time.monotonic() - began,
        )
    seconds = time.monotonic() - began
    out = panel_result_to_json(instance, result)
    summary = out["summary"]
    codes = {}
    for u in out["uncovered"]:
        codes[u["code"]] = codes.get(u["code"], 0) + 1
    possible = len(data["presentations"]) - sum(
        n for code, n in codes.items() if code != "raters_taken"
    )
    return {
        "size": f"{presentations}x{raters}",
        "seed": seed,
        "method": method,
        "seconds": round(seconds, 2),
        "peak_mb": round(
            sum(
                resource.getrusage(w).ru_maxrss
                for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
            )
            / 1024
        ),
        "covered": f"{summary['covered']}/{possible}",
        "bound": summary["covered_bound"],
        "max_load": summary["max_load"],
        "min_load": summary["min_load"],
        "spread": summary["spread"],
        "squares": sum(v * v for v in out["loads"].values()),
        "matches": summary["expertise_matches"],
        "uncovered": ", ".join(f"{code} {n}" for code, n in sorted(codes.items())) or "-",
        "status": out["status"],
        "reproducible": out["reproducible"],
        "broken_rules": len(violations(data, out)) + len(not_maximal(data, out)),
        "load": round(os.getloadavg()[0], 1),
    }


COLUMNS = [
    "size",
    "seed",
    "method",
    "seconds",
    "peak_mb",
    "covered",
    "bound",
    "max_load",
    "min_load",
    "spread",
    "squares",
    "matches",
    "uncovered",
    "status",
    "reproducible",
    "broken_rules",
    "load",
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="+", default=["400x120"])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--methods", nargs="+", default=["greedy", "cp-sat"])
    parser.add_argument("--one", nargs=3)
    args = parser.parse_args()
    if args.one:
        size, seed, method = args.one
        presentations, raters = (int(n) for n in size.split("x"))
        row = one(presentations, raters, int(seed), method, args.time_limit, args.workers)
        print(json.dumps(row))
        return
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    seconds: dict[tuple[str, str], list[float]] = {}
    for size in args.sizes:
        for seed in args.seeds:
            for method in args.methods:
                command = [sys.executable, __file__, "--one", size, str(seed), method]
                command += ["--time-limit", str(args.time_limit)]
                if args.workers:
                    command += ["--workers", str(args.workers)]
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                row = json.loads(done.stdout)
                seconds.setdefault((size, method), []).append(row["seconds"])
                print("| " + " | ".join(str(row[c]) for c in COLUMNS) + " |", flush=True)
    print()
    for (size, method), values in seconds.items():
        print(f"{size} {method}: median {statistics.median(values):.2f} s over {len(values)} runs")


if __name__ == "__main__":
    main()
