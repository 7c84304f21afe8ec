"""A realistic synthetic school for tests and the benchmark (deterministic for a seed).

Two weeks of school days after a term. About 14 advisees per advisor, available in the school
day with two late evenings a week, at most 8 conferences a day; one family in five has two or
three children (usually with different advisors); some students have two households that meet
separately; a quarter of families speak Spanish, Haitian Creole, Vietnamese, Arabic or
Portuguese, most of them asking for an interpreter from a small pool; most conferences are at
school, some by video or phone, a few home visits with travel time. Families give two to five
windows ranked 1–3: working parents mostly evenings, others mornings or the middle of the day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

FIRST_DAY = date(2027, 1, 18)  # a Monday
LANGUAGES = [("en", 72), ("es", 18), ("ht", 3), ("vi", 3), ("ar", 2), ("pt", 2)]


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


def generate(*, students: int, seed: int = 0, days: int = 10) -> dict:
    rng = random.Random(seed)
    calendar = school_days(days)
    advisors = []
    for n in range(max(1, round(students / 14))):
        languages = ["en"] + (["es"] if rng.random() < 0.2 else [])
        if rng.random() < 0.03:
            languages.append(rng.choice(["ht", "vi"]))
        late = set(rng.sample(range(len(calendar)), k=min(2, len(calendar))))
        off = rng.randrange(len(calendar)) if rng.random() < 0.3 else None
        available = [
            _span(day, "08:00", "19:30" if i in late else "16:00")
            for i, day in enumerate(calendar)
            if i != off
        ]
        advisors.append(
            {"id": f"A{n + 1}", "languages": languages, "available": available, "max_per_day": 8}
        )
    interpreters = []
    pool = {
        "es": max(1, students // 250),
        "ht": max(1, students // 1500),
        "vi": max(1, students // 1500),
        "ar": max(1, students // 2000),
        "pt": max(1, students // 2000),
    }
    for language, count in pool.items():
        for n in range(count):
            off = rng.randrange(len(calendar))
            interpreters.append(
                {
                    "id": f"I-{language}{n + 1}",
                    "languages": [language] + (["en"] if rng.random() < 0.5 else []),
                    "available": [
                        _span(day, "08:00", "19:00") for i, day in enumerate(calendar) if i != off
                    ],
                }
            )
    families = []
    made = 0
    codes = [code for code, _w in LANGUAGES]
    weights = [w for _c, w in LANGUAGES]
    while made < students:
        size = 1 if rng.random() < 0.8 else (2 if rng.random() < 0.85 else 3)
        size = min(size, students - made)
        language = rng.choices(codes, weights)[0]
        needs = language != "en" and rng.random() < 0.7
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
    return {
        "timezone": "America/New_York",
        "start_step_minutes": 15,
        "advisors": advisors,
        "interpreters": interpreters,
        "families": families,
    }


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
