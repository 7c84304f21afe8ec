"""A quick schedule: the warm start for CP-SAT, and the fallback if CP-SAT finds nothing.

Families with the fewest options go first (they are the hardest to place). A family with
several children takes the best back-to-back plan it can (rules.family_plans); otherwise each
child takes, in turn, the best remaining time, preferring one close to a sibling's meeting.
"""

from __future__ import annotations

from .model import Instance
from .rules import Occupancy, Option, family_penalty, family_plans, option_value


def greedy(instance: Instance, options: dict[str, list[Option]]) -> list[Option]:
    occupancy = Occupancy(instance)
    chosen: list[Option] = []
    order = sorted(
        instance.families,
        key=lambda f: (min((len(options[s.id]) for s in f.students), default=0), f.id),
    )
    for family in order:
        if len(family.students) > 1:
            plans = family_plans(instance, family, occupancy, limit=60)
            if plans:
                best = max(
                    plans, key=lambda p: (sum(option_value(instance, o) for o in p), -p[0].start)
                )
                for option in best:
                    occupancy.place(option)
                chosen.extend(best)
                continue
        placed: list[Option] = []
        for student in family.students:
            best, best_value = None, None
            for option in options[student.id]:
                if not occupancy.fits(option):
                    continue
                trial = [o.meeting() for o in placed] + [option.meeting()]
                value = option_value(instance, option) - (
                    family_penalty(instance, trial)
                    - family_penalty(instance, [o.meeting() for o in placed])
                )
                if best_value is None or value > best_value:
                    best, best_value = option, value
            if best is not None:
                occupancy.place(best)
                placed.append(best)
        chosen.extend(placed)
    return chosen


def first_come_first_served(
    instance: Instance, options: dict[str, list[Option]], seed: int
) -> list[Option]:
    """The baseline of booking pages: families arrive in random order and each child takes the
    family's best remaining time (earliest on a tie), with no thought for siblings."""
    import random

    rng = random.Random(seed)
    occupancy = Occupancy(instance)
    chosen: list[Option] = []
    arrivals = list(instance.families)
    rng.shuffle(arrivals)
    for family in arrivals:
        for student in family.students:
            free = [o for o in options[student.id] if occupancy.fits(o)]
            if free:
                pick = max(free, key=lambda o: (o.preference, -o.start))
                occupancy.place(pick)
                chosen.append(pick)
    return chosen
