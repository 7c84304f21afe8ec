"""A realistic synthetic school for tests and the benchmark (deterministic for a seed).

Two weeks of school days after a term. About 14 advisees per advisor, available in the school
day with two late evenings a week, at most 8 conferences a day; one family in five has two or
three children (usually with different advisors); some students have two households that meet
separately; a quarter of families speak Spanish, Haitian Creole, Vietnamese, Arabic or
Portuguese, most of them asking for an interpreter from a small pool; most conferences are at
school, some by video or phone, a few home visits with travel time. Families give two to five
windows ranked 1–3: working parents mostly evenings, others mornings or the middle of the day.

`shape` makes schools unlike that default (docs/scheduling.md, "Shapes"); each is deterministic
for a seed, and `hard` is all of them together:

- `scarce-interpreters`: one interpreter for each less common language (ht, vi, ar, pt),
  available on only 3 of the 10 days and in school hours (08:00–15:00); the Spanish pool is
  halved, and 85 % of families who speak another language ask for an interpreter;
- `siblings`: 42 % of families have 2–4 children (2: 60 %, 3: 28 %, 4: 12 %);
- `tight`: about 10 % of advisors bilingual, advisors in from 08:00 to 15:30 with one late
  evening in the two weeks (to 19:00, not two), at most 6 conferences a day;
- `infeasible`: about 10 % of students with no time in common with their advisor (a one-child
  family free only on evenings the advisor is not in).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

FIRST_DAY = date(2027, 1, 18)  # a Monday
LANGUAGES = [("en", 72), ("es", 18), ("ht", 3), ("vi", 3), ("ar", 2), ("pt", 2)]
SHAPES = ("default", "scarce-interpreters", "siblings", "tight", "infeasible", "hard")


def _traits(shape: str) -> set[str]:
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r} (one of {', '.join(SHAPES)})")
    if shape == "hard":
        return set(SHAPES) - {"default", "hard"}
    return {shape} - {"default"}


def _iso(day: date, at: time) -> str:
    return datetime.combine(day, at).strftime("%Y-%m-%dT%H:%M")


def _span(day: date, start: str, end: str, **extra) -> dict:
    return {
        "start": _iso(day, time.fromisoformat(start)),
        "end": _iso(day, time.fromisoformat(end)),
    } | extra


def school_days(count: int = 10) -> list[date]:
    days, day = [], FIRST_DAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def generate(*, students: int, seed: int = 0, days: int = 10, shape: str = "default") -> dict:
    traits = _traits(shape)
    rng = random.Random(seed)
    calendar = school_days(days)
    tight = "tight" in traits
    advisors = []
    for n in range(max(1, round(students / 14))):
        languages = ["en"] + (["es"] if rng.random() < (0.08 if tight else 0.2) else [])
        if rng.random() < (0.02 if tight else 0.03):
            languages.append(rng.choice(["ht", "vi"]))
        late = set(rng.sample(range(len(calendar)), k=min(1 if tight else 2, len(calendar))))
        off = rng.randrange(len(calendar)) if rng.random() < 0.3 else None
        begin, end, evening = ("08:00", "15:30", "19:00") if tight else ("08:00", "16:00", "19:30")
        available = [
            _span(day, begin, evening if i in late else end)
            for i, day in enumerate(calendar)
            if i != off
        ]
        advisors.append(
            {
                "id": f"A{n + 1}",
                "languages": languages,
                "available": available,
                "max_per_day": 6 if tight else 8,
            }
        )
    interpreters = []
    scarce = "scarce-interpreters" in traits
    pool = {
        "es": max(1, students // (500 if scarce else 250)),
        "ht": 1 if scarce else max(1, students // 1500),
        "vi": 1 if scarce else max(1, students // 1500),
        "ar": 1 if scarce else max(1, students // 2000),
        "pt": 1 if scarce else max(1, students // 2000),
    }
    for language, count in pool.items():
        for n in range(count):
            off = rng.randrange(len(calendar))
            if scarce and language != "es":
                some = set(rng.sample(range(len(calendar)), k=min(3, len(calendar))))
                available = [
                    _span(day, "08:00", "15:00") for i, day in enumerate(calendar) if i in some
                ]
            else:
                available = [
                    _span(day, "08:00", "19:00") for i, day in enumerate(calendar) if i != off
                ]
            interpreters.append(
                {
                    "id": f"I-{language}{n + 1}",
                    "languages": [language] + (["en"] if rng.random() < 0.5 else []),
                    "available": available,
                }
            )
    families = []
    made = 0
    codes = [code for code, _w in LANGUAGES]
    weights = [w for _c, w in LANGUAGES]
    while made < students:
        if "siblings" in traits:
            size = 1 if rng.random() < 0.58 else rng.choices([2, 3, 4], [60, 28, 12])[0]
        else:
            size = 1 if rng.random() < 0.8 else (2 if rng.random() < 0.85 else 3)
        size = min(size, students - made)
        language = rng.choices(codes, weights)[0]
        needs = language != "en" and rng.random() < (0.85 if scarce else 0.7)
        family_id = f"F{len(families) + 1}"
        kids = []
        for _k in range(size):
            made += 1
            mode = rng.choices(["school", "video", "phone", "home"], [75, 15, 5, 5])[0]
            kids.append(
                {
                    "id": f"S{made}",
                    "advisor": rng.choice(advisors)["id"],
                    "minutes": 45 if rng.random() < 0.1 else 30,
                    "mode": mode,
                    "travel_minutes": rng.choice([15, 20, 30]) if mode == "home" else 0,
                }
            )
        available = _family_windows(rng, calendar)
        families.append(
            {
                "id": family_id,
                "language": language,
                "needs_interpreter": needs,
                "available": available,
                "students": kids,
            }
        )
        if size == 1 and rng.random() < 0.06:
            # two households, one conference each (the school's choice for this student)
            second = dict(kids[0], id=f"{kids[0]['id']}-h2", mode="school", travel_minutes=0)
            families.append(
                {
                    "id": f"{family_id}-h2",
                    "language": "en",
                    "needs_interpreter": False,
                    "available": _family_windows(rng, calendar),
                    "students": [second],
                }
            )
    if "infeasible" in traits:
        _cut_off(rng, calendar, advisors, families, round(0.1 * students))
    return {
        "timezone": "America/New_York",
        "start_step_minutes": 15,
        "advisors": advisors,
        "interpreters": interpreters,
        "families": families,
    }


def _cut_off(rng, calendar, advisors, families, count) -> None:
    """Give `count` one-child families (at random) windows only on evenings their advisor is not
    in, so the student has no time in common with the advisor."""
    by_id = {a["id"]: a for a in advisors}
    singles = [f for f in families if len(f["students"]) == 1]
    for family in rng.sample(singles, k=min(count, len(singles))):
        student = family["students"][0]
        advisor = by_id[student["advisor"]]
        late = {w["start"][:10] for w in advisor["available"] if w["end"][11:] > "16:00"}
        evenings = [day for day in calendar if day.isoformat() not in late]
        picks = sorted(rng.sample(evenings, k=min(len(evenings), rng.randint(2, 4))))
        family["available"] = [
            _span(day, "16:00", "19:00", preference=rng.choice([3, 3, 2])) for day in picks
        ]
        student.update(mode="school", travel_minutes=0)


def _family_windows(rng: random.Random, calendar: list[date]) -> list[dict]:
    kind = rng.choices(["working", "flexible", "mornings"], [45, 40, 15])[0]
    picks = sorted(rng.sample(range(len(calendar)), k=rng.randint(2, min(5, len(calendar)))))
    out = []
    for i in picks:
        day = calendar[i]
        if kind == "working":
            out.append(_span(day, "16:00", "19:00", preference=rng.choice([3, 3, 2])))
            if rng.random() < 0.3:
                out.append(_span(day, "12:00", "13:00", preference=1))
        elif kind == "mornings":
            out.append(_span(day, "08:00", "10:30", preference=rng.choice([3, 2])))
        else:
            begin = rng.choice(["09:00", "10:00", "11:00", "13:00"])
            end = f"{int(begin[:2]) + rng.choice([2, 3]):02d}:00"
            out.append(_span(day, begin, end, preference=rng.randint(1, 3)))
    return out
