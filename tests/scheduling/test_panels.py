"""Panel assignment: every answer keeps every rule for every presentation (by a checker written
apart from the solver), leaves out nothing the free raters could still cover, says true things
about what it leaves out, and on small instances is the best there is when it says so."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.scheduling.panels import assign, panel_instance_from_json, panel_result_to_json
from tandem.scheduling.panels import reasons as codes
from tandem.scheduling.panels.generate import generate
from tandem.scheduling.panels.solve import greedy, prepare

from .panels_checker import best, not_maximal, value, violations, wrong_reasons

DAYS = ["2027-05-20", "2027-05-21"]
ROOMS = ["A", "B", "C"]
TAGS = ["writing", "math", "science", "art"]


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def spans(draw, *, max_size=2):
    out = []
    for _n in range(draw(st.integers(1, max_size))):
        day = draw(st.sampled_from(DAYS))
        start = draw(st.integers(8 * 12, 12 * 12)) * 5
        end = min(start + draw(st.integers(4, 60)) * 5, 24 * 60 - 5)
        out.append({"start": f"{day}T{_clock(start)}", "end": f"{day}T{_clock(end)}"})
    return out


@st.composite
def exhibitions(draw, *, presentations=6, raters=6):
    made = []
    for n in range(draw(st.integers(1, presentations))):
        day = draw(st.sampled_from(DAYS))
        start = draw(st.integers(8 * 12, 12 * 12)) * 5
        end = start + draw(st.sampled_from([15, 20, 25, 45]))
        room = draw(st.sampled_from([*ROOMS, None]))
        # a room holds one presentation at a time (the instance says so, or it is refused)
        if any(
            q["room"] == room
            and q["start"][:10] == day
            and q["start"][11:] < _clock(end)
            and _clock(start) < q["end"][11:]
            for q in made
        ):
            room = None
        k = draw(st.integers(2, 3))
        p = {
            "id": f"P{n}",
            "student": f"S{n}",
            "start": f"{day}T{_clock(start)}",
            "end": f"{day}T{_clock(end)}",
            "room": room,
            "raters": k,
            "tags": draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True)),
        }
        if draw(st.booleans()):
            p["min_staff"] = draw(st.integers(0, 1))
            p["min_community"] = draw(st.integers(0, k - p["min_staff"]))
        made.append(p)
    students = [p["student"] for p in made]
    people = [
        {
            "id": f"R{n}",
            "kind": draw(st.sampled_from(["staff", "community"])),
            "available": draw(spans()),
            "max_load": draw(st.integers(0, 4)),
            "conflicts": draw(st.lists(st.sampled_from(students), max_size=2, unique=True)),
            "tags": draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True)),
        }
        for n in range(draw(st.integers(2, raters)))
    ]
    for r in people:
        if draw(st.integers(0, 4)) == 0:
            r["rooms"] = draw(st.lists(st.sampled_from(ROOMS), min_size=1, max_size=2, unique=True))
    return {
        "timezone": "America/New_York",
        "travel_minutes": draw(st.sampled_from([0, 10, 30])),
        "presentations": made,
        "raters": people,
    }


def run(data, **options):
    instance = panel_instance_from_json(data)
    return panel_result_to_json(instance, assign(instance, **options))


def check(data, result):
    json.dumps(result)  # plain JSON
    assert violations(data, result) == []
    assert not_maximal(data, result) == []
    assert wrong_reasons(data, result) == []
    for u in result["uncovered"]:
        assert u["code"] in codes.CODES
        assert u["reason"] == codes.english(u["code"], u["detail"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exhibitions(presentations=8, raters=8))
def test_every_panel_keeps_every_rule(data):
    check(data, run(data, time_limit=2.0, workers=1))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exhibitions(presentations=4, raters=5))
def test_small_exhibitions_against_brute_force(data):
    result = run(data, time_limit=5.0, workers=1)
    check(data, result)
    top = best(data)
    assert result["summary"]["covered"] <= top[0] <= result["summary"]["covered_bound"]
    if result["status"] == "optimal":
        assert value(result) == top


def test_a_generated_exhibition_is_valid_and_the_same_for_a_seed():
    data = generate(presentations=80, raters=26, seed=4)
    assert data == generate(presentations=80, raters=26, seed=4)
    one = run(data, time_limit=20.0, seed=3, workers=2)
    check(data, one)
    # never fewer presentations covered than the greedy panels it starts from
    instance = panel_instance_from_json(data)
    eligible, _reasons, scarce = prepare(instance)
    assert one["summary"]["covered"] >= len(greedy(instance, scarce, eligible))
    two = run(data, time_limit=20.0, seed=3, workers=2)
    if one["reproducible"] and two["reproducible"]:
        assert one["panels"] == two["panels"]
        assert one["uncovered"] == two["uncovered"]


def test_the_generator_looks_like_an_exhibition():
    data = generate(presentations=400, raters=120, seed=1)
    presentations, raters = data["presentations"], data["raters"]
    assert len(presentations) == 400 and len(raters) == 120
    assert len({p["student"] for p in presentations}) == 400
    assert {r["kind"] for r in raters} == {"staff", "community"}
    assert {p["raters"] for p in presentations} == {2, 3, 4}
    # every student's advisor is among the staff raters; some panelists are family
    advised = [s for r in raters if r["kind"] == "staff" for s in r["conflicts"]]
    assert sorted(advised) == sorted(p["student"] for p in presentations)
    assert any(r["conflicts"] for r in raters if r["kind"] == "community")
    assert any(r.get("rooms") for r in raters)
    panel_instance_from_json(data)  # and it is a valid instance
