"""School shapes unlike the generator's default (scarce interpreters, sibling-heavy families,
tight advisors, infeasible students, all together): deterministic, every result keeps every
rule, and the reported bound (LP and HiGHS's MIP) is never below a score found."""

import pytest

from tandem.scheduling import instance_from_json, result_to_json, solve
from tandem.scheduling.bound import family_bound, lp_bound, relax
from tandem.scheduling.generate import SHAPES, generate
from tandem.scheduling.model import Meeting, to_minute
from tandem.scheduling.rules import all_options, sibling_waiting

from .checker import score, violations


def flat_options(instance):
    options, _reasons = all_options(instance)
    return [o for found in options.values() for o in found]


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_is_deterministic_and_solves_within_the_rules(shape):
    data = generate(students=120, seed=3, shape=shape)
    assert data == generate(students=120, seed=3, shape=shape)
    assert data != generate(students=120, seed=4, shape=shape)
    result = result_to_json(solve(instance_from_json(data), time_limit=4, workers=1))
    assert violations(data, result) == []
    assert score(data, result) == pytest.approx(result["score"])
    # a bound is an upper bound on a maximisation
    assert result["bound"] >= result["score"] - 1e-6


def test_the_shapes_are_what_they_say():
    default = generate(students=600, seed=1)
    hard = generate(students=600, seed=1, shape="hard")
    rare = [i for i in hard["interpreters"] if i["languages"][0] != "es"]
    assert len(rare) == 4 and {i["languages"][0] for i in rare} == {"ht", "vi", "ar", "pt"}
    assert all(len(i["available"]) == 3 for i in rare)
    assert all(w["end"][11:] <= "15:00" for i in rare for w in i["available"])
    siblings = [f for f in hard["families"] if len(f["students"]) >= 2]
    assert 0.3 < len(siblings) / len(hard["families"]) < 0.5
    assert max(len(f["students"]) for f in hard["families"]) == 4
    bilingual = sum(len(a["languages"]) > 1 for a in hard["advisors"]) / len(hard["advisors"])
    assert bilingual < 0.15 and all(a["max_per_day"] == 6 for a in hard["advisors"])
    _options, without = all_options(instance_from_json(generate(students=600, seed=1)))
    _options, cut_off = all_options(
        instance_from_json(generate(students=600, seed=1, shape="infeasible"))
    )
    assert len(cut_off) - len(without) >= 0.08 * 600
    assert len(default["families"]) > len(hard["families"])
    with pytest.raises(ValueError, match="unknown shape"):
        generate(students=10, shape="easy")


@pytest.mark.parametrize("shape", ["siblings", "hard"])
def test_the_bounds_are_at_least_the_proven_optimum(shape):
    data = generate(students=30, seed=2, shape=shape, days=3)
    instance = instance_from_json(data)
    result = solve(instance, time_limit=30, workers=1)
    assert result.status == "optimal", "too hard to prove in the test's time"
    flat = flat_options(instance)
    assert lp_bound(instance, flat) >= result.score - 1e-6
    assert family_bound(instance, flat, relax(instance, flat))[0] >= result.score - 1e-6
    assert violations(data, result_to_json(result)) == []


def meeting(student, start, end):
    return Meeting(student, "A", to_minute(start, ""), to_minute(end, ""))


def test_waiting_time_between_siblings_on_a_tiny_school():
    family = {"language": "en", "needs_interpreter": False, "available": []}
    data = {
        "timezone": "America/New_York",
        "start_step_minutes": 15,
        "advisors": [{"id": "A", "available": []}],
        "families": [
            family
            | {
                "id": "F1",
                "students": [{"id": s, "advisor": "A", "minutes": 30} for s in ("a", "b", "c")],
            },
            family
            | {
                "id": "F2",
                "students": [{"id": s, "advisor": "A", "minutes": 30} for s in ("d", "e")],
            },
            family
            | {
                "id": "F3",
                "students": [{"id": s, "advisor": "A", "minutes": 30} for s in ("f", "g")],
            },
            family | {"id": "F4", "students": [{"id": "h", "advisor": "A", "minutes": 30}]},
        ],
    }
    instance = instance_from_json(data)
    meetings = [
        # F1: 16:00–16:30, 16:45–17:15, 18:00–18:30 → 15 + 45 = 60 minutes waiting
        meeting("c", "2027-01-18T18:00", "2027-01-18T18:30"),
        meeting("a", "2027-01-18T16:00", "2027-01-18T16:30"),
        meeting("b", "2027-01-18T16:45", "2027-01-18T17:15"),
        # F2 back to back: 0 minutes
        meeting("d", "2027-01-18T09:00", "2027-01-18T09:30"),
        meeting("e", "2027-01-18T09:30", "2027-01-18T10:00"),
        # F3 on two days: split, not counted as waiting
        meeting("f", "2027-01-18T09:00", "2027-01-18T09:30"),
        meeting("g", "2027-01-19T09:00", "2027-01-19T09:30"),
        # F4 one child: nothing to wait for
        meeting("h", "2027-01-18T12:00", "2027-01-18T12:30"),
    ]
    assert sibling_waiting(instance, meetings) == {
        "families": 2,
        "mean_minutes": 30.0,
        "max_minutes": 60,
        "split_families": 1,
    }
    assert sibling_waiting(instance, meetings[-1:]) == {
        "families": 0,
        "mean_minutes": 0.0,
        "max_minutes": 0,
        "split_families": 0,
    }


def test_the_result_carries_waiting_next_to_first_come():
    data = generate(students=80, seed=5, shape="siblings")
    result = result_to_json(solve(instance_from_json(data), time_limit=3, workers=1))
    for side in ("schedule", "first_come"):
        figures = result["waiting"][side]
        assert set(figures) == {"families", "mean_minutes", "max_minutes", "split_families"}
        assert 0 <= figures["mean_minutes"] <= figures["max_minutes"]
    assert result["waiting"]["schedule"]["families"] >= 1


def test_generate_takes_a_shape_on_the_command_line(tmp_path):
    import json
    import subprocess
    import sys

    out = tmp_path / "hard.json"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "tandem.scheduling",
            "generate",
            "--students",
            "60",
            "--seed",
            "2",
            "--shape",
            "hard",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(out.read_text()) == generate(students=60, seed=2, shape="hard")
    wrong = subprocess.run(
        [sys.executable, "-m", "tandem.scheduling", "generate", "--students", "6", "--shape", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
