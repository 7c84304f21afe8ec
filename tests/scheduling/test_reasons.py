"""Each student left out carries a stable code and detail besides the English reason."""

from tandem.scheduling import instance_from_json, result_to_json, solve
from tandem.scheduling import reasons as codes

DAY = "2027-01-18"


def span(start, end, **extra):
    return {"start": f"{DAY}T{start}", "end": f"{DAY}T{end}"} | extra


def family(fid, *, language="en", interpreter=False, available=None):
    return {
        "id": fid,
        "language": language,
        "needs_interpreter": interpreter,
        "available": available or [span("16:00", "16:30", preference=3)],
        "students": [{"id": f"S-{fid}", "advisor": "A", "minutes": 30}],
    }


def test_every_code_comes_with_its_detail_and_english_reason():
    data = {
        "timezone": "America/New_York",
        "start_step_minutes": 30,
        "advisors": [
            {
                "id": "A",
                "languages": ["en"],
                "max_per_day": 8,
                "available": [span("08:00", "17:00")],
            }
        ],
        "interpreters": [
            {"id": "I-es", "languages": ["es"], "available": [span("08:00", "09:00")]}
        ],
        "families": [
            family("vi", language="vi", interpreter=True),
            family("late", available=[span("18:00", "19:00", preference=3)]),
            family("es", language="es", interpreter=True),
            family("first"),
            family("second"),
        ],
    }
    result = result_to_json(solve(instance_from_json(data), time_limit=5, workers=1))
    left = {u["student"]: (u["code"], u["detail"]) for u in result["unscheduled"]}
    # The two families wanting the advisor's one free half hour: one gets it.
    taken = {"S-first", "S-second"} & set(left)
    assert len(taken) == 1
    assert left == {
        "S-vi": (codes.NO_INTERPRETER, {"language": "vi"}),
        "S-late": (codes.NO_COMMON_TIME, {"travel": False}),
        "S-es": (codes.NO_INTERPRETER_FREE, {"language": "es"}),
        taken.pop(): (codes.TIMES_TAKEN, {"causes": ["advisor_conferences"]}),
    }
    for u in result["unscheduled"]:
        assert u["reason"] == codes.english(u["code"], u["detail"])
    assert set(codes.CODES) == {u["code"] for u in result["unscheduled"]}
