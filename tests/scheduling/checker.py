"""An independent check of a scheduler result against the instance, written from the contract
in docs/scheduling.md only: it reads the JSON, not the solver's objects, and shares no code
with tandem.scheduling."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta


def _t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _inside(spans, start, end) -> bool:
    return any(_t(s["start"]) <= start and end <= _t(s["end"]) for s in spans)


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def violations(instance: dict, result: dict) -> list[str]:
    problems = []
    advisors = {a["id"]: a for a in instance["advisors"]}
    interpreters = {i["id"]: i for i in instance.get("interpreters", [])}
    family_of, request = {}, {}
    for family in instance["families"]:
        for student in family["students"]:
            family_of[student["id"]] = family
            request[student["id"]] = student
    step = instance["start_step_minutes"]
    seen = set()
    advisor_busy, family_busy, interpreter_busy, per_day = {}, {}, {}, {}
    for m in result["meetings"]:
        sid = m["student"]
        if sid not in request:
            problems.append(f"{sid}: not in the instance")
            continue
        if sid in seen:
            problems.append(f"{sid}: scheduled twice")
        seen.add(sid)
        r, family = request[sid], family_of[sid]
        start, end = _t(m["start"]), _t(m["end"])
        if m["advisor"] != r["advisor"]:
            problems.append(f"{sid}: wrong advisor")
        if end - start != timedelta(minutes=r["minutes"]):
            problems.append(f"{sid}: lasts {end - start}, not {r['minutes']} minutes")
        if (start.hour * 60 + start.minute) % step or start.second:
            problems.append(f"{sid}: starts off the {step}-minute grid")
        travel = timedelta(minutes=r.get("travel_minutes", 0) if r.get("mode") == "home" else 0)
        advisor = advisors[r["advisor"]]
        if not _inside(advisor["available"], start - travel, end + travel):
            problems.append(f"{sid}: outside the advisor's availability")
        if not _inside(family["available"], start, end):
            problems.append(f"{sid}: outside the family's availability")
        needs = family.get("needs_interpreter") and family["language"].lower() not in [
            x.lower() for x in advisor.get("languages", [])
        ]
        who = m.get("interpreter")
        if needs and not who:
            problems.append(f"{sid}: needs an interpreter")
        if who:
            interpreter = interpreters.get(who)
            if interpreter is None:
                problems.append(f"{sid}: unknown interpreter {who}")
            else:
                if family["language"].lower() not in [x.lower() for x in interpreter["languages"]]:
                    problems.append(f"{sid}: {who} does not speak {family['language']}")
                if not _inside(interpreter["available"], start, end):
                    problems.append(f"{sid}: outside {who}'s availability")
                interpreter_busy.setdefault(who, []).append((start, end, sid))
        advisor_busy.setdefault(r["advisor"], []).append((start - travel, end + travel, sid))
        family_busy.setdefault(family["id"], []).append((start, end, sid))
        key = (r["advisor"], start.date())
        per_day[key] = per_day.get(key, 0) + 1
    for kind, busy in (
        ("advisor", advisor_busy),
        ("family", family_busy),
        ("interpreter", interpreter_busy),
    ):
        for owner, spans in busy.items():
            for n, a in enumerate(spans):
                for b in spans[n + 1 :]:
                    if _overlap(a, b):
                        problems.append(f"{kind} {owner}: {a[2]} and {b[2]} overlap")
    for (advisor, day), count in per_day.items():
        if count > advisors[advisor].get("max_per_day", 10**6):
            problems.append(f"advisor {advisor}: {count} conferences on {day}")
    unscheduled = {u["student"] for u in result["unscheduled"]}
    if unscheduled & seen:
        problems.append("a student is both scheduled and unscheduled")
    if (unscheduled | seen) != set(request):
        problems.append("some students are neither scheduled nor unscheduled")
    return problems


def score(instance: dict, result: dict) -> float:
    """The default score, recomputed from the contract's words."""
    family_of = {s["id"]: f for f in instance["families"] for s in f["students"]}
    total, by_family = 0.0, {}
    for m in result["meetings"]:
        family = family_of[m["student"]]
        start, end = _t(m["start"]), _t(m["end"])
        preference = max(
            (
                w.get("preference", 1)
                for w in family["available"]
                if _t(w["start"]) <= start and end <= _t(w["end"])
            ),
            default=0,
        )
        total += 100 + 10 * preference
        by_family.setdefault(family["id"], []).append((start, end))
    for spans in by_family.values():
        if len(spans) < 2:
            continue
        if len({s.date() for s, _e in spans}) > 1:
            total -= 72
            continue
        spans.sort()
        idle = sum(max(0, (b[0] - a[1]).total_seconds() / 60) for a, b in itertools.pairwise(spans))
        total -= min(72, 0.4 * idle)
    return total
