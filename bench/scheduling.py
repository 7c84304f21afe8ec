"""The conference scheduler on generated schools, against first-come-first-served booking.

    .venv/bin/python bench/scheduling.py [--shape default scarce-interpreters siblings tight
        infeasible hard] [--sizes 1500 3000] [--time-limit 60] [--seed 1]

For each shape (tandem/scheduling/generate.py), size and method: seconds, peak memory (each run
in its own process; added to the largest process it forked), share of students scheduled (of
those with any valid time), mean preference of the placed meetings, families with siblings all
on one day, the families' waiting time between siblings (mean and max minutes, over families
met on one day), score, the share of the upper bound reached (first-come-first-served against
the same kind of bound), and rules broken — every result is checked against every hard rule by
tests/scheduling/checker.py (written apart from the solver) —, and the machine's load average
(1 minute) as the run ended.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def one(students: int, seed: int, method: str, time_limit: float, shape: str = "default") -> dict:
    from tandem.scheduling import instance_from_json, result_to_json, solve
    from tandem.scheduling.generate import generate
    from tandem.scheduling.greedy import first_come_first_served
    from tandem.scheduling.model import Result, Unscheduled, day_of
    from tandem.scheduling.reasons import TIMES_TAKEN, Reason
    from tandem.scheduling.rules import all_options, preference_at, score, sibling_waiting
    from tests.scheduling.checker import violations

    data = generate(students=students, seed=seed, shape=shape)
    # The clock runs from reading the instance to the result, as for `python -m
    # tandem.scheduling solve` (the figures below are taken after it stops).
    began = time.monotonic()
    instance = instance_from_json(data)
    if method == "cp-sat":
        result = solve(instance, time_limit=time_limit, started=began)
    else:
        options, _reasons = all_options(instance)
        picked = [o.meeting() for o in first_come_first_served(instance, options, seed)]
        placed = {m.student for m in picked}
        taken = Reason(TIMES_TAKEN)
        result = Result(
            picked,
            [Unscheduled(s, taken.text, taken.code) for s in options if s not in placed],
            score(instance, picked),
            0.0,
            "feasible",
            time.monotonic() - began,
        )
    seconds = time.monotonic() - began
    options, reasons = all_options(instance)
    if not result.bound:
        # first-come-first-served is measured against the scheduler's kind of bound (the
        # smaller of the LP's and the Lagrangian one by families), computed here, untimed
        from tandem.scheduling.bound import family_bound, relax

        flat = [o for found in options.values() for o in found]
        relaxation = relax(instance, flat)
        bound = min(relaxation.value, family_bound(instance, flat, relaxation)[0])
    else:
        bound = result.bound
    family_of = {s.id: f for f in instance.families for s in f.students}
    prefs = [preference_at(family_of[m.student].available, m.start, m.end) for m in result.meetings]
    days = {}
    for m in result.meetings:
        days.setdefault(family_of[m.student].id, set()).add(day_of(m.start))
    sibling_families = [f for f in instance.families if len(f.students) > 1]
    together = sum(
        1
        for f in sibling_families
        if len(days.get(f.id, ())) == 1
        and all(s.id in {m.student for m in result.meetings} for s in f.students)
    )
    possible = sum(1 for found in options.values() if found)
    waiting = sibling_waiting(instance, result.meetings)
    return {
        "shape": shape,
        "students": students,
        "method": method,
        "seconds": round(seconds, 1),
        # the solve's own process and the largest of its forked ones (the LP's side), added
        "peak_mb": round(
            sum(
                resource.getrusage(w).ru_maxrss
                for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
            )
            / 1024
        ),
        "scheduled": f"{len(result.meetings)}/{possible}",
        "mean_preference": round(sum(prefs) / max(1, len(prefs)), 2),
        "siblings_one_day": f"{together}/{len(sibling_families)}",
        "score": round(result.score),
        "bound": round(bound),
        "gap_percent": round(100 * (bound - result.score) / bound, 2),
        "of_bound_percent": round(100 * result.score / bound, 2),
        "wait_mean_max": f"{waiting['mean_minutes']:.0f} / {waiting['max_minutes']}",
        "broken_rules": len(violations(data, result_to_json(result))),
        "status": result.status,
        "load": round(os.getloadavg()[0], 1),
        "unplaceable": len(reasons),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--shape", nargs="+", default=["default"], help="one or more of generate.SHAPES"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 3000])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", nargs=2)
    args = parser.parse_args()
    if args.one:
        students, method = args.one
        print(json.dumps(one(int(students), args.seed, method, args.time_limit, args.shape[0])))
        return
    columns = [
        "shape",
        "students",
        "method",
        "seconds",
        "peak_mb",
        "scheduled",
        "mean_preference",
        "siblings_one_day",
        "wait_mean_max",
        "score",
        "bound",
        "of_bound_percent",
        "broken_rules",
        "load",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for shape in args.shape:
        for size in args.sizes:
            for method in ("first-come", "cp-sat"):
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--one",
                        str(size),
                        method,
                        "--time-limit",
                        str(args.time_limit),
                        "--seed",
                        str(args.seed),
                        "--shape",
                        shape,
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                row = json.loads(out.stdout)
                print("| " + " | ".join(str(row[c]) for c in columns) + " |", flush=True)


if __name__ == "__main__":
    main()
