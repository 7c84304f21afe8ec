"""A realistic synthetic exhibition for tests and the benchmark (deterministic for a seed).

Two exhibition days with 30-minute slots from 08:30 to 15:30 (a 25-minute presentation and five
minutes to change over), as many rooms as the presentations need, and 10 minutes to walk between
rooms (so a rater cannot go straight on to the next slot in another room). Panels of three
raters (one in ten of two, one in ten of four: graduation presentations), at least one staff
member and one community member. 55 % of raters are staff: in both days except two to five
teaching slots, at most 14 presentations; each student's advisor is one of them. The others are
community panelists: in for one or two half-days, at most 5–7 presentations (9–13 for two
half-days), one in ten of them a caregiver or relative of one or two presenters, one in eight
kept to two or three rooms (a station near the entrance). Presentations show one or two
competencies; raters know one to three.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

FIRST_DAY = date(2027, 5, 20)  # a Thursday and a Friday
DAYS = 2
DAY_START = time(8, 30)
SLOTS_PER_DAY = 14  # 08:30–15:30
SLOT_MINUTES = 30
PRESENTATION_MINUTES = 25
COMPETENCIES = (
    "communication",
    "critical-thinking",
    "collaboration",
    "creativity",
    "citizenship",
    "quantitative-reasoning",
    "scientific-inquiry",
    "self-direction",
)


def _at(day: int, slot: int, minutes: int = 0) -> str:
    start = datetime.combine(FIRST_DAY + timedelta(days=day), DAY_START)
    return (start + timedelta(minutes=slot * SLOT_MINUTES + minutes)).strftime("%Y-%m-%dT%H:%M")


def generate(*, presentations: int = 400, raters: int = 120, seed: int = 0) -> dict:
    rng = random.Random(seed)
    slots = [(day, slot) for day in range(DAYS) for slot in range(SLOTS_PER_DAY)]
    rooms = [f"Room {n + 1}" for n in range(max(1, -(-presentations // len(slots))))]
    places = [(day, slot, room) for day, slot in slots for room in rooms]
    rng.shuffle(places)
    places = sorted(places[:presentations], key=lambda t: (t[0], t[1], rooms.index(t[2])))
    staff_count = max(1, round(0.55 * raters))
    staff = []
    for n in range(staff_count):
        teaching = set(rng.sample(slots, k=rng.randint(2, 5)))
        staff.append(
            {
                "id": f"T{n + 1}",
                "kind": "staff",
                "available": _windows([s for s in slots if s not in teaching]),
                "max_load": 14,
                "conflicts": [],
                "tags": rng.sample(COMPETENCIES, k=rng.randint(1, 3)),
            }
        )
    community = []
    halves = [(day, half) for day in range(DAYS) for half in (0, 1)]
    for n in range(max(1, raters - staff_count)):
        # every half-day in turn, so each has its share of panelists; some come twice
        picked = [halves[n % len(halves)]]
        if rng.random() >= 0.55:
            picked.append(rng.choice([h for h in halves if h not in picked]))
        free = [
            (day, slot)
            for day, slot in slots
            if (day, 0 if slot < SLOTS_PER_DAY // 2 else 1) in picked
        ]
        member = {
            "id": f"C{n + 1}",
            "kind": "community",
            "available": _windows(free),
            "max_load": rng.randint(5, 7) if len(picked) == 1 else rng.randint(9, 13),
            "conflicts": [],
            "tags": rng.sample(COMPETENCIES, k=rng.randint(1, 3)),
        }
        if rng.random() < 0.125:
            member["rooms"] = rng.sample(rooms, k=min(len(rooms), rng.randint(2, 3)))
        community.append(member)
    out = []
    for n, (day, slot, room) in enumerate(places):
        student = f"S{n + 1}"
        size = rng.choices([2, 3, 4], [10, 80, 10])[0]
        out.append(
            {
                "id": f"P{n + 1}",
                "student": student,
                "start": _at(day, slot),
                "end": _at(day, slot, PRESENTATION_MINUTES),
                "room": room,
                "raters": size,
                "tags": rng.sample(COMPETENCIES, k=rng.randint(1, 2)),
            }
        )
        rng.choice(staff)["conflicts"].append(student)  # the advisor
    for member in community:
        if rng.random() < 0.1 and out:
            for p in rng.sample(out, k=min(len(out), rng.randint(1, 2))):
                member["conflicts"].append(p["student"])
    return {
        "timezone": "America/New_York",
        "travel_minutes": 10,
        "presentations": out,
        "raters": staff + community,
    }


def _windows(free: list[tuple[int, int]]) -> list[dict]:
    """Consecutive free slots of one day as one window."""
    windows = []
    for day, slot in sorted(free):
        start, end = _at(day, slot), _at(day, slot + 1)
        if windows and windows[-1]["end"] == start:
            windows[-1]["end"] = end
        else:
            windows.append({"start": start, "end": end})
    return windows
