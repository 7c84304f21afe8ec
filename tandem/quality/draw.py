"""The sample and the reviewers, as pure functions of ids (no Django), so a draw can be shown
and reproduced from its seed.

- `draw`: for each advisor (a stratum) up to `quota[advisor]` plans at random. Each stratum has
  its own generator seeded with "<seed>-<advisor id>" over the sorted candidates, so the same
  seed and the same shared plans give the same sample, and one advisor's plans never move
  another advisor's draw.
- `deal`: peer review hands the sampled plans out in turn to the school's advisors in the
  order given (alphabetical on the page), skipping anyone who is the plan's advisor, so each
  advisor reviews about as many plans as the others and never their own advisees'.
"""

from __future__ import annotations

import random


def draw(candidates: dict[int, list[int]], quota: dict[int, int], seed: int) -> dict[int, list]:
    chosen: dict[int, list[int]] = {}
    for advisor_id in sorted(candidates):
        pool = sorted(set(candidates[advisor_id]))
        wanted = max(0, min(quota.get(advisor_id, 0), len(pool)))
        rng = random.Random(f"{seed}-{advisor_id}")
        chosen[advisor_id] = sorted(rng.sample(pool, wanted))
    return chosen


def deal(plans: list[tuple[int, set[int]]], reviewers: list[int]) -> list[int | None]:
    """For each (plan id, the ids who may not review it), the reviewer, round-robin over
    `reviewers`; None when nobody may (the coordinator reviews it)."""
    assigned: list[int | None] = []
    turn = 0
    for _plan_id, barred in plans:
        pick = None
        for step in range(len(reviewers)):
            candidate = reviewers[(turn + step) % len(reviewers)]
            if candidate not in barred:
                pick = candidate
                turn = (turn + step + 1) % len(reviewers)
                break
        assigned.append(pick)
    return assigned
