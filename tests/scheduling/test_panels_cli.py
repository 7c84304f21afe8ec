"""Panel assignment's command line and contract (docs/scheduling.md, "Panel assignment"): a
round trip through the command line, input errors that name the place, and a reason for each
way a presentation can be left without a panel."""

import json
import subprocess
import sys

import pytest

from tandem.scheduling.model import InstanceError
from tandem.scheduling.panels import assign, panel_instance_from_json, panel_result_to_json
from tandem.scheduling.panels import reasons as codes
from tandem.scheduling.panels.generate import generate

from .panels_checker import not_maximal, violations, wrong_reasons

DAY = "2027-05-20"


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "tandem.scheduling", "panels", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_generate_then_solve(tmp_path):
    instance, out = tmp_path / "exhibition.json", tmp_path / "panels.json"
    made = run(
        "generate", "--presentations", "60", "--raters", "20", "--seed", "2", "--out", str(instance)
    )
    assert made.returncode == 0, made.stderr
    solved = run("solve", str(instance), "--out", str(out), "--time-limit", "10", "--seed", "1")
    assert solved.returncode == 0, solved.stderr
    assert "panels" in solved.stderr
    data, result = json.loads(instance.read_text()), json.loads(out.read_text())
    assert set(result) == {
        "panels",
        "uncovered",
        "loads",
        "summary",
        "status",
        "reproducible",
        "seconds",
    }
    assert violations(data, result) == []
    assert not_maximal(data, result) == []
    assert wrong_reasons(data, result) == []
    assert result["summary"]["covered"] == len(result["panels"]) > 0
    assert all(u["reason"] and u["code"] in codes.CODES for u in result["uncovered"])


def test_bad_input_names_the_problem(tmp_path):
    data = generate(presentations=5, raters=4, seed=1)
    data["raters"][0]["kind"] = "parent"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    solved = run("solve", str(path), "--out", str(tmp_path / "r.json"))
    assert solved.returncode == 2
    assert "raters[0].kind: 'parent' is not one of staff, community" in solved.stderr
    assert "Traceback" not in solved.stderr
    (tmp_path / "nojson.json").write_text("{")
    assert "is not JSON" in run("solve", str(tmp_path / "nojson.json"), "--out", "x").stderr


def _overlap_in_room(d):
    second = dict(d["presentations"][0], id="P-twin", student="S-twin")
    d["presentations"].append(second)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["presentations"][0].update(raters=1), "1 raters cannot hold 1 staff"),
        (lambda d: d["presentations"][0].update(end=d["presentations"][0]["start"]), "ends before"),
        (lambda d: d["presentations"][0].pop("student"), "missing 'student'"),
        (lambda d: d["raters"][0].update(max_load=-1), "max_load: expected a whole number"),
        (lambda d: d["raters"][0].update(conflicts="S1"), "conflicts: expected a list"),
        (lambda d: d["raters"].append(dict(d["raters"][0])), "is used twice"),
        (_overlap_in_room, "overlap in room"),
        (lambda d: d.update(travel_minutes=-5), "travel_minutes: expected a whole number"),
    ],
)
def test_instance_errors(change, message):
    data = generate(presentations=5, raters=4, seed=1)
    change(data)
    with pytest.raises(InstanceError, match=message):
        panel_instance_from_json(data)


def span(start, end):
    return {"start": f"{DAY}T{start}", "end": f"{DAY}T{end}"}


def presentation(pid, start, end, room, **extra):
    return {
        "id": pid,
        "student": f"S-{pid}",
        "start": f"{DAY}T{start}",
        "end": f"{DAY}T{end}",
        "room": room,
        "raters": 2,
    } | extra


def rater(rid, kind, *windows, **extra):
    return {"id": rid, "kind": kind, "available": list(windows) or [span("08:00", "16:00")]} | extra


def test_each_way_a_presentation_goes_uncovered_has_its_reason():
    data = {
        "timezone": "America/New_York",
        "travel_minutes": 10,
        "presentations": [
            # the afternoon: no community member is in
            presentation("late", "14:00", "14:25", "A"),
            # both staff members in are the student's advisor or relative
            presentation("family", "09:00", "09:25", "A"),
            # a panel of four, three people can rate
            presentation("big", "10:00", "10:25", "A", raters=4),
            # two at once in two rooms, one community member for both
            presentation("twin-1", "11:00", "11:25", "A"),
            presentation("twin-2", "11:00", "11:25", "B"),
        ],
        "raters": [
            rater("T1", "staff", conflicts=["S-family"]),
            rater("T2", "staff", conflicts=["S-family"]),
            rater("C1", "community", span("08:00", "12:00")),
        ],
    }
    result = run_json(data)
    left = {u["presentation"]: (u["code"], u["detail"]) for u in result["uncovered"]}
    taken = {"twin-1", "twin-2"} & set(left)
    assert len(taken) == 1  # one of the two gets C1
    assert left == {
        "late": (codes.NO_RATER_AVAILABLE, {"kind": "community", "needed": 1, "available": 0}),
        "family": (
            codes.RATERS_CONFLICTED,
            {"kind": "staff", "needed": 1, "available": 2, "conflicted": 2},
        ),
        "big": (codes.TOO_FEW_RATERS, {"kind": "any", "needed": 4, "eligible": 3}),
        taken.pop(): (
            codes.RATERS_TAKEN,
            {"kind": "community", "needed": 1, "free": 0, "causes": ["rater_other_presentations"]},
        ),
    }
    reasons = {u["presentation"]: u["reason"] for u in result["uncovered"]}
    assert reasons["late"] == "no community rater is available at that time"
    assert reasons["family"] == (
        "every staff rater available at that time is the student's advisor, caregiver or relative"
    )
    assert violations(data, result) == [] and wrong_reasons(data, result) == []
    assert {u["code"] for u in result["uncovered"]} == set(codes.CODES)


def test_travel_and_the_most_a_rater_takes_are_causes_too():
    data = {
        "timezone": "America/New_York",
        "travel_minutes": 10,
        "presentations": [
            presentation("first", "09:00", "09:25", "A"),
            # five minutes later in another room: C1 cannot get there in time
            presentation("next-door", "09:30", "09:55", "B"),
            # C2 can take one presentation and is needed at both of these
            presentation("morning", "13:00", "13:25", "A"),
            presentation("noon", "14:00", "14:25", "A"),
        ],
        "raters": [
            rater("T1", "staff"),
            rater("T2", "staff"),
            rater("C1", "community", span("09:00", "10:00")),
            rater("C2", "community", span("13:00", "15:00"), max_load=1),
        ],
    }
    result = run_json(data)
    causes = {u["presentation"]: u["detail"].get("causes") for u in result["uncovered"]}
    assert len(causes) == 2
    assert sorted(causes.values()) == [["rater_max_load"], ["rater_travel"]]
    assert violations(data, result) == [] and wrong_reasons(data, result) == []


def test_loads_are_balanced_and_expertise_breaks_ties():
    # Four presentations at different times, two staff and two community members free for all:
    # each takes two (not one three and the other one), and the mathematician rates the
    # mathematics.
    data = {
        "timezone": "America/New_York",
        "presentations": [
            presentation(f"P{n}", f"{9 + n:02d}:00", f"{9 + n:02d}:25", "A", tags=[tag])
            for n, tag in enumerate(["math", "math", "art", "art"])
        ],
        "raters": [
            rater("T-math", "staff", tags=["math"]),
            rater("T-art", "staff", tags=["art"]),
            rater("C-math", "community", tags=["math"]),
            rater("C-art", "community", tags=["art"]),
        ],
    }
    result = run_json(data)
    assert result["status"] == "optimal"
    assert set(result["loads"].values()) == {2}
    assert result["summary"]["expertise_matches"] == 8
    for panel in result["panels"]:
        tag = next(p["tags"][0] for p in data["presentations"] if p["id"] == panel["presentation"])
        assert all(r.endswith(tag) for r in panel["raters"])


def run_json(data):
    instance = panel_instance_from_json(data)
    return panel_result_to_json(instance, assign(instance, time_limit=5.0, workers=1))
