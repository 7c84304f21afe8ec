"""The command line is a public contract (docs/scheduling.md)."""

import json
import subprocess
import sys

import pytest

from tandem.scheduling import InstanceError, instance_from_json
from tandem.scheduling.generate import generate
from tandem.scheduling.greedy import first_come_first_served, greedy
from tandem.scheduling.rules import Occupancy, all_options, family_plans, score

from .checker import violations


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "tandem.scheduling", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_generate_then_solve(tmp_path):
    instance = tmp_path / "school.json"
    out = tmp_path / "result.json"
    made = run("generate", "--students", "40", "--seed", "3", "--out", str(instance))
    assert made.returncode == 0, made.stderr
    solved = run("solve", str(instance), "--out", str(out), "--time-limit", "3", "--workers", "2")
    assert solved.returncode == 0, solved.stderr
    data, result = json.loads(instance.read_text()), json.loads(out.read_text())
    assert set(result) == {
        "meetings",
        "unscheduled",
        "score",
        "bound",
        "status",
        "seconds",
        "waiting",
    }
    assert set(result["waiting"]) == {"schedule", "first_come"}
    assert violations(data, result) == []
    assert result["score"] <= result["bound"]
    assert all(u["reason"] for u in result["unscheduled"])


def test_generate_is_deterministic_and_realistic():
    one, two = generate(students=200, seed=7), generate(students=200, seed=7)
    assert one == two
    families = one["families"]
    assert any(len(f["students"]) >= 2 for f in families)  # siblings
    assert any(f["id"].endswith("-h2") for f in families)  # two households
    assert {f["language"] for f in families} >= {"en", "es"}
    modes = {s["mode"] for f in families for s in f["students"]}
    assert modes >= {"school", "video", "home"}
    assert len({i["languages"][0] for i in one["interpreters"]}) >= 3


def test_bad_input_names_the_problem(tmp_path):
    data = generate(students=5, seed=1)
    data["families"][0]["students"][0]["advisor"] = "nobody"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    solved = run("solve", str(path), "--out", str(tmp_path / "r.json"))
    assert solved.returncode == 2
    assert "families[0].students[0].advisor: there is no advisor 'nobody'" in solved.stderr
    assert "Traceback" not in solved.stderr
    (tmp_path / "nojson.json").write_text("{")
    assert "is not JSON" in run("solve", str(tmp_path / "nojson.json"), "--out", "x").stderr


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda d: d["advisors"][0]["available"][0].update(end="2027-01-18T07:00"),
            "ends before it starts",
        ),
        (lambda d: d["families"][0]["available"][0].update(preference=4), "must be 1, 2 or 3"),
        (lambda d: d["families"][0]["available"][0].update(start="tomorrow"), "not an ISO 8601"),
        (lambda d: d["families"].append(dict(d["families"][0])), "is used twice"),
        (lambda d: d["families"][0]["students"][0].update(mode="zoom"), "is not one of"),
    ],
)
def test_instance_errors(change, message):
    data = generate(students=5, seed=1)
    change(data)
    with pytest.raises(InstanceError, match=message):
        instance_from_json(data)


def test_family_plans_put_siblings_back_to_back_on_one_day():
    data = {
        "timezone": "America/New_York",
        "start_step_minutes": 15,
        "advisors": [
            {
                "id": "A",
                "languages": ["en"],
                "max_per_day": 8,
                "available": [{"start": "2027-01-18T08:00", "end": "2027-01-18T16:00"}],
            },
            {
                "id": "B",
                "languages": ["en"],
                "max_per_day": 8,
                "available": [{"start": "2027-01-18T15:00", "end": "2027-01-18T18:00"}],
            },
        ],
        "interpreters": [],
        "families": [
            {
                "id": "F",
                "language": "en",
                "needs_interpreter": False,
                "available": [
                    {"start": "2027-01-18T14:00", "end": "2027-01-18T19:00", "preference": 3}
                ],
                "students": [
                    {"id": "S1", "advisor": "A", "minutes": 30},
                    {"id": "S2", "advisor": "B", "minutes": 30},
                ],
            }
        ],
    }
    instance = instance_from_json(data)
    plans = family_plans(instance, instance.families[0], Occupancy(instance))
    assert plans
    for first, second in plans:
        assert second.start == first.end
        assert first.day == second.day


def test_the_optimizer_beats_first_come_first_served():
    instance = instance_from_json(generate(students=120, seed=2))
    options, _reasons = all_options(instance)
    baseline = score(instance, [o.meeting() for o in first_come_first_served(instance, options, 1)])
    warm = score(instance, [o.meeting() for o in greedy(instance, options)])
    assert warm > baseline
