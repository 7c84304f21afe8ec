"""The reported bound is a true upper bound and counts siblings split over days (the LP) and
their idle time (the Lagrangian bound by families); the large-neighbourhood search and the
restricted MIP used on big schools keep every rule and never lose score."""

import importlib
import time

import pytest

from tandem.scheduling import instance_from_json, result_to_json, solve
from tandem.scheduling.bound import family_bound, lp_bound, relax
from tandem.scheduling.generate import generate
from tandem.scheduling.greedy import greedy
from tandem.scheduling.lns import improve
from tandem.scheduling.model import Result, Unscheduled
from tandem.scheduling.restricted import restricted_mip
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
    flat = flat_options(instance)
    assert lp_bound(instance, flat) >= result.score - 1e-6
    assert family_bound(instance, flat, relax(instance, flat))[0] >= result.score - 1e-6
    assert violations(data, result_to_json(result)) == []


def one_day_school(advisors, families):
    """Advisors {id: [(day, start, end)]}; families {id: (windows as (day, start, end),
    [(student, advisor)])}; 30-minute meetings on a 30-minute grid, best preference."""
    return {
        "timezone": "America/New_York",
        "start_step_minutes": 30,
        "advisors": [
            {
                "id": a,
                "languages": ["en"],
                "max_per_day": 8,
                "available": [{"start": f"{d}T{s}", "end": f"{d}T{e}"} for d, s, e in spans],
            }
            for a, spans in advisors.items()
        ],
        "interpreters": [],
        "families": [
            {
                "id": f,
                "language": "en",
                "needs_interpreter": False,
                "available": [
                    {"start": f"{d}T{s}", "end": f"{d}T{e}", "preference": 3} for d, s, e in windows
                ],
                "students": [{"id": s, "advisor": a, "minutes": 30} for s, a in children],
            }
            for f, (windows, children) in families.items()
        ],
    }


def test_the_family_bound_charges_idle_time_the_lp_leaves_out():
    """Two siblings whose advisors are in an hour apart: they can only meet with 30 minutes
    between them (0.4 × 30 = 12 points), which the LP does not count."""
    data = one_day_school(
        {"A": [("2027-01-18", "16:00", "16:30")], "B": [("2027-01-18", "17:00", "17:30")]},
        {"F": ([("2027-01-18", "16:00", "18:00")], [("S1", "A"), ("S2", "B")])},
    )
    instance = instance_from_json(data)
    flat = flat_options(instance)
    assert lp_bound(instance, flat) == pytest.approx(260)
    assert family_bound(instance, flat, relax(instance, flat))[0] == pytest.approx(248)
    result = solve(instance, time_limit=5, workers=1)
    assert result.score == pytest.approx(248) and result.status == "optimal"


def test_the_family_bound_sees_three_siblings_with_no_day_in_common():
    """Each two of three siblings share a day, but no day has all three: meeting all of them
    splits the family (390 − 72 = 318), which the LP's pairwise rows count only in part."""
    days = {"A": ("2027-01-18", "2027-01-19"), "B": ("2027-01-19", "2027-01-20")}
    days["C"] = ("2027-01-18", "2027-01-20")
    data = one_day_school(
        {a: [(d, "16:00", "17:00") for d in on] for a, on in days.items()},
        {
            "F": (
                [(d, "16:00", "17:00") for d in ("2027-01-18", "2027-01-19", "2027-01-20")],
                [("S1", "A"), ("S2", "B"), ("S3", "C")],
            )
        },
    )
    instance = instance_from_json(data)
    flat = flat_options(instance)
    assert lp_bound(instance, flat) > 318 + 1
    assert family_bound(instance, flat, relax(instance, flat))[0] == pytest.approx(318)
    result = solve(instance, time_limit=5, workers=1)
    assert result.score == pytest.approx(318) and result.status == "optimal"


def test_the_search_keeps_every_rule_and_never_loses_score():
    data = generate(students=150, seed=7)
    instance = instance_from_json(data)
    options, _reasons = all_options(instance)
    warm = greedy(instance, options)
    found = improve(instance, options, warm, deadline=time.monotonic() + 4, size=3)
    before = score(instance, [o.meeting() for o in warm])
    assert score(instance, [o.meeting() for o in found]) >= before
    meetings = [o.meeting() for o in found]
    placed = {m.student for m in meetings}
    assert len(placed) == len(meetings)
    left = [Unscheduled(s, "not placed") for s in options if s not in placed]
    result = Result(meetings, left, score(instance, meetings), 0.0, "feasible", 0.0)
    assert violations(data, result_to_json(result)) == []


def test_the_restricted_mip_keeps_every_rule_and_beats_what_it_is_given():
    data = generate(students=50, seed=4, shape="siblings")
    instance = instance_from_json(data)
    options, _reasons = all_options(instance)
    flat = [o for found in options.values() for o in found]
    warm = set(greedy(instance, options))
    # the greedy schedule's options first in every family's plans, then all the others
    chosen = restricted_mip(instance, flat, [float(o in warm) for o in flat], 20)
    meetings = [flat[i].meeting() for i in chosen]
    assert score(instance, meetings) >= score(instance, [o.meeting() for o in warm])
    placed = {m.student for m in meetings}
    assert len(placed) == len(meetings)
    left = [Unscheduled(s, "not placed") for s in options if s not in placed]
    result = Result(meetings, left, score(instance, meetings), 0.0, "feasible", 0.0)
    assert violations(data, result_to_json(result)) == []


def test_a_large_school_takes_the_restricted_mip_schedule(monkeypatch):
    """The path of large schools (the LP's process, then the search) on a small one."""
    # The module, imported here: importing it sets the package's `solve` attribute to it, and
    # test modules collected after this one import the package's `solve` function.
    solving = importlib.import_module("tandem.scheduling.solve")
    monkeypatch.setattr(solving, "WHOLE_MODEL_OPTIONS", 0)
    heard = []
    keep = solving.Helper._keep
    monkeypatch.setattr(solving.Helper, "_keep", lambda h, m: heard.append(m[0]) or keep(h, m))
    data = generate(students=100, seed=6, shape="siblings")
    instance = instance_from_json(data)
    options, _reasons = all_options(instance)
    result = solving.solve(instance, time_limit=4, workers=2)
    assert heard == ["bound", "schedule"]
    assert violations(data, result_to_json(result)) == []
    assert result.score >= score(instance, [o.meeting() for o in greedy(instance, options)])
    flat = [o for found in options.values() for o in found]
    assert result.bound <= lp_bound(instance, flat) + 1e-6
    assert result.bound >= result.score


def test_one_deadline_covers_every_phase():
    instance = instance_from_json(generate(students=600, seed=5))  # the search's size
    began = time.monotonic()
    result = solve(instance, time_limit=8, started=began)
    # The whole call ends by the limit (a little slack for a machine busy with other work).
    assert time.monotonic() - began < 8 + 1.5
    assert result.seconds < 8 + 1.5
