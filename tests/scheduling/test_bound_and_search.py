"""The reported bound is a true upper bound and counts siblings split over days; the
large-neighbourhood search used on big schools keeps every rule and never loses score."""

import time

import pytest

from tandem.scheduling import instance_from_json, result_to_json, solve
from tandem.scheduling.bound import lp_bound
from tandem.scheduling.generate import generate
from tandem.scheduling.greedy import greedy
from tandem.scheduling.lns import improve
from tandem.scheduling.model import Result, Unscheduled
from tandem.scheduling.rules import all_options, score

from .checker import violations


def flat_options(instance):
    options, _reasons = all_options(instance)
    return [o for found in options.values() for o in found]


def siblings_with_no_common_day():
    """Two children of one family whose advisors are never in on the same day."""
    day = {"A": "2027-01-18", "B": "2027-01-19"}
    return {
        "timezone": "America/New_York",
        "start_step_minutes": 30,
        "advisors": [
            {
                "id": a,
                "languages": ["en"],
                "max_per_day": 8,
                "available": [{"start": f"{d}T16:00", "end": f"{d}T17:00"}],
            }
            for a, d in day.items()
        ],
        "interpreters": [],
        "families": [
            {
                "id": "F",
                "language": "en",
                "needs_interpreter": False,
                "available": [
                    {"start": f"{d}T16:00", "end": f"{d}T17:00", "preference": 3}
                    for d in day.values()
                ],
                "students": [
                    {"id": "S1", "advisor": "A", "minutes": 30},
                    {"id": "S2", "advisor": "B", "minutes": 30},
                ],
            }
        ],
    }


def test_the_bound_charges_a_family_that_cannot_meet_on_one_day():
    instance = instance_from_json(siblings_with_no_common_day())
    # Both at their best time (2 × 130), less the split-day 72 that no schedule avoids.
    assert lp_bound(instance, flat_options(instance)) == pytest.approx(188)
    result = solve(instance, time_limit=5, workers=1)
    assert result.score == pytest.approx(188) and result.status == "optimal"


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_bound_is_at_least_the_proven_optimum(seed):
    data = generate(students=24, seed=seed, days=3)
    instance = instance_from_json(data)
    result = solve(instance, time_limit=30, workers=1)
    assert result.status == "optimal", "too hard to prove in the test's time"
    assert lp_bound(instance, flat_options(instance)) >= result.score - 1e-6
    assert violations(data, result_to_json(result)) == []


def test_the_search_keeps_every_rule_and_never_loses_score():
    data = generate(students=150, seed=7)
    instance = instance_from_json(data)
    options, _reasons = all_options(instance)
    warm = greedy(instance, options)
    found = improve(instance, options, warm, deadline=time.monotonic() + 4, workers=1, size=3)
    before = score(instance, [o.meeting() for o in warm])
    assert score(instance, [o.meeting() for o in found]) >= before
    meetings = [o.meeting() for o in found]
    placed = {m.student for m in meetings}
    assert len(placed) == len(meetings)
    left = [Unscheduled(s, "not placed") for s in options if s not in placed]
    result = Result(meetings, left, score(instance, meetings), 0.0, "feasible", 0.0)
    assert violations(data, result_to_json(result)) == []


def test_one_deadline_covers_every_phase():
    instance = instance_from_json(generate(students=600, seed=5))  # the search's size
    began = time.monotonic()
    result = solve(instance, time_limit=8, started=began)
    # The whole call ends by the limit (a little slack for a machine busy with other work).
    assert time.monotonic() - began < 8 + 1.5
    assert result.seconds < 8 + 1.5
