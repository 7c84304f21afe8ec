"""Large-neighbourhood search: improve a whole-school schedule one group of advisors at a time.

On a school of thousands of students one CP-SAT model of every option is too big for two
cores to improve in a minute (it barely moves off the greedy warm start). So the search frees
the meetings of a few advisors at a time — a neighbourhood — keeps every other meeting where
it is, and lets CP-SAT find the best schedule of the freed students around the fixed ones:

- a neighbourhood starts from a random advisor and grows along sibling families (a family
  whose children have different advisors ties those advisors' days together), then along
  shared interpreters, up to `size` advisors;
- every student of those advisors is freed, with all of their siblings (so a family's
  split-day and idle-time penalty is decided inside the neighbourhood);
- a freed student's options are the ones that fit around the fixed meetings
  (rules.Occupancy.fits), and each advisor's daily cap becomes what the fixed meetings leave;
- the current meetings of the freed students are a complete hint, so CP-SAT's answer is never
  worse; it is kept when it scores higher.

Each accepted step keeps every hard rule (the fixed meetings are valid, and the freed ones are
chosen among options that fit around them under the same constraints as the full model).

On large schools it runs beside the LP's side (restricted.py): it starts from the greedy
schedule, takes the restricted MIP's schedule when it arrives and scores higher (it nearly
always does), and improves whichever it holds until the deadline; while the other process
works, CP-SAT has one worker fewer.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from .model import Instance
from .restricted import restricted_mip
from .rules import Occupancy, Option, family_penalty, score


def improve(
    instance: Instance,
    options: dict[str, list[Option]],
    current: list[Option],
    *,
    deadline: float,
    seed: int = 0,
    size: int = 12,
    step_seconds: float = 6.0,
) -> list[Option]:
    """The best schedule found by freeing neighbourhoods of `size` advisors until
    `deadline`."""
    rng = random.Random(seed)
    family_of = {s.id: f for f in instance.families for s in f.students}
    students_of: dict[str, list[str]] = defaultdict(list)
    linked: dict[str, set[str]] = defaultdict(set)  # advisors sharing a sibling family
    for family in instance.families:
        advisors = {s.advisor for s in family.students}
        for s in family.students:
            students_of[s.advisor].append(s.id)
            linked[s.advisor] |= advisors - {s.advisor}
    advisor_ids = [a.id for a in instance.advisors if students_of.get(a.id)]
    if not advisor_ids:
        return current
    by_interpreter: dict[str, set[str]] = defaultdict(set)
    for found in options.values():
        for o in found:
            if o.interpreter:
                by_interpreter[o.interpreter].add(o.advisor)
    best = {o.student: o for o in current}
    best_score = score(instance, [o.meeting() for o in best.values()])
    built = 0.0  # seconds the last step took to build its model (before HiGHS searched)
    while time.monotonic() + 0.5 + 1.5 * built < deadline:
        # Half the steps start where the schedule loses points: an advisor of a student who
        # has options but no meeting, or of a family split over days or waiting between
        # siblings (on hard schools most of the school is already as good as it gets).
        targets = _weak_spots(instance, options, best) if rng.random() < 0.5 else []
        chosen_advisors = _neighbourhood(
            rng, targets or advisor_ids, linked, best, by_interpreter, size
        )
        freed = {
            sibling.id
            for advisor in chosen_advisors
            for student in students_of[advisor]
            for sibling in family_of[student].students
        }
        occupancy = Occupancy(instance)
        for student, o in best.items():
            if student not in freed:
                occupancy.place(o)
        sub = [o for s in freed for o in options[s] if occupancy.fits(o)]
        capacity = {
            (o.advisor, o.day): instance.advisor(o.advisor).max_per_day
            - occupancy.per_day.get((o.advisor, o.day), 0)
            for o in sub
        }
        # A family's plans start from its current meetings (so the current schedule is one
        # of the MIP's answers), then times on the same days, then better-ranked times.
        weights = [
            (3.0 if best.get(o.student) == o else 0.0)
            + (0.2 if o.student in best and best[o.student].day == o.day else 0.0)
            + 0.01 * o.preference
            for o in sub
        ]
        began, stats = time.monotonic(), {}
        found = restricted_mip(
            instance,
            sub,
            weights,
            min(step_seconds, deadline - time.monotonic()),
            capacity=capacity,
            stats=stats,
        )
        built = stats.get("built", 0.0)
        if found is None:
            # No answer in time: on a busy machine a step can take several seconds, so
            # give the next steps longer.
            if time.monotonic() - began >= 0.9 * step_seconds:
                step_seconds = min(12.0, 1.5 * step_seconds)
            continue
        trial = {s: o for s, o in best.items() if s not in freed}
        trial.update({sub[i].student: sub[i] for i in found})
        value = score(instance, [o.meeting() for o in trial.values()])
        if value > best_score + 1e-9:
            best, best_score = trial, value
    return list(best.values())


def _weak_spots(instance, options, placed) -> list[str]:
    """Advisors of students with options but no meeting, and of families that pay a penalty."""
    out = set()
    by_family = defaultdict(list)
    for o in placed.values():
        by_family[o.family].append(o)
    for family in instance.families:
        held = by_family.get(family.id, [])
        for student in family.students:
            if student.id not in placed and options.get(student.id):
                out.add(student.advisor)
        if len(held) > 1 and family_penalty(instance, [o.meeting() for o in held]) > 0:
            out.update(o.advisor for o in held)
    return sorted(out)


def _neighbourhood(rng, advisor_ids, linked, placed, by_interpreter, size) -> set[str]:
    """A random advisor, then advisors tied to the group by sibling families, then by shared
    interpreters, then random ones, until there are `size`."""
    group = {rng.choice(advisor_ids)}
    frontier = list(group)
    while frontier and len(group) < size:
        advisor = frontier.pop(0)
        for other in sorted(linked[advisor] - group):
            if len(group) < size:
                group.add(other)
                frontier.append(other)
    if len(group) < size:
        used = sorted(
            {o.interpreter for o in placed.values() if o.advisor in group and o.interpreter}
        )
        sharing = sorted({a for i in used for a in by_interpreter[i]} - group)
        rng.shuffle(sharing)
        group.update(sharing[: size - len(group)])
    while len(group) < min(size, len(advisor_ids)):
        group.add(rng.choice(advisor_ids))
    return group
