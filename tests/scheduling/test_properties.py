"""Every result obeys every hard rule, by a checker written apart from the solver, and scores no
more than either bound."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.scheduling import instance_from_json, result_to_json, solve
from tandem.scheduling.bound import family_bound, lp_bound, relax
from tandem.scheduling.rules import all_options

from .checker import score, violations

DAYS = ["2027-01-18", "2027-01-19"]


@st.composite
def spans(draw, *, ranked=False, max_size=3):
    out = []
    for _n in range(draw(st.integers(1, max_size))):
        day = draw(st.sampled_from(DAYS))
        start = draw(st.integers(8 * 12, 17 * 12)) * 5
        length = draw(st.integers(3, 40)) * 5
        end = min(start + length, 24 * 60 - 5)
        span = {
            "start": f"{day}T{start // 60:02d}:{start % 60:02d}",
            "end": f"{day}T{end // 60:02d}:{end % 60:02d}",
        }
        if ranked:
            span["preference"] = draw(st.integers(1, 3))
        out.append(span)
    return out


@st.composite
def instances(draw):
    advisors = [
        {
            "id": f"A{n}",
            "languages": draw(st.lists(st.sampled_from(["en", "es", "vi"]), max_size=2)),
            "available": draw(spans(max_size=4)),
            "max_per_day": draw(st.integers(1, 4)),
        }
        for n in range(draw(st.integers(1, 3)))
    ]
    interpreters = [
        {
            "id": f"I{n}",
            "languages": draw(st.lists(st.sampled_from(["es", "vi"]), min_size=1, max_size=2)),
            "available": draw(spans()),
        }
        for n in range(draw(st.integers(0, 2)))
    ]
    families, made = [], 0
    for n in range(draw(st.integers(1, 4))):
        students = []
        for _k in range(draw(st.integers(1, 3))):
            made += 1
            mode = draw(st.sampled_from(["school", "video", "phone", "home"]))
            students.append(
                {
                    "id": f"S{made}",
                    "advisor": draw(st.sampled_from(advisors))["id"],
                    "minutes": draw(st.sampled_from([15, 20, 30, 45])),
                    "mode": mode,
                    "travel_minutes": draw(st.sampled_from([0, 10, 25])) if mode == "home" else 0,
                }
            )
        families.append(
            {
                "id": f"F{n}",
                "language": draw(st.sampled_from(["en", "es", "vi"])),
                "needs_interpreter": draw(st.booleans()),
                "available": draw(spans(ranked=True, max_size=4)),
                "students": students,
            }
        )
    return {
        "timezone": "America/New_York",
        "start_step_minutes": draw(st.sampled_from([5, 15, 30])),
        "advisors": advisors,
        "interpreters": interpreters,
        "families": families,
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_result_obeys_every_hard_rule(data):
    instance = instance_from_json(data)
    result = result_to_json(solve(instance, time_limit=1.0, workers=1))
    json.dumps(result)  # plain JSON
    assert violations(data, result) == []
    assert abs(score(data, result) - result["score"]) < 0.01
    assert result["score"] <= result["bound"] + 0.01
    # The LP bound alone (before it is combined with CP-SAT's) is above every schedule too.
    options, _reasons = all_options(instance)
    flat = [o for found in options.values() for o in found]
    assert result["score"] <= lp_bound(instance, flat) + 0.01
    # And the Lagrangian bound by families, which charges split days and idle time exactly.
    if flat:
        assert result["score"] <= family_bound(instance, flat, relax(instance, flat))[0] + 0.01
    assert result["status"] in {"optimal", "feasible"}
