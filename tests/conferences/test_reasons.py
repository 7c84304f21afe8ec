"""The coordinator reads why a student could not be placed as a sentence in their own
language, built from the scheduler's stable code (tandem/scheduling/reasons.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tandem.conferences.models import ScheduleRun
from tandem.conferences.reasons import describe
from tandem.conferences.schedule import unbooked_requests
from tandem.scheduling import reasons as codes

# One sample detail per code, as the scheduler writes it.
SAMPLES = {
    codes.NO_INTERPRETER: {"language": "ht"},
    codes.NO_COMMON_TIME: {"travel": False},
    codes.NO_INTERPRETER_FREE: {"language": "es"},
    codes.TIMES_TAKEN: {"causes": list(codes.CAUSES)},
}

ENGLISH = {
    # A language by its name, never its code (issue 15).
    codes.NO_INTERPRETER: "No interpreter speaks Haitian Creole.",
    codes.NO_COMMON_TIME: "The family and the advisor have no time in common.",
    codes.NO_INTERPRETER_FREE: (
        "No Spanish interpreter is free when the family and the advisor are."
    ),
    codes.TIMES_TAKEN: (
        "Every time that works for the family is taken (the advisor's daily limit, the "
        "advisor's other conferences, the family's other conferences, the interpreter's other "
        "conferences)."
    ),
}


def entry(code, detail):
    return {"student": "s1", "reason": "RAW", "code": code, "detail": detail}


def test_every_code_the_scheduler_can_give_has_a_sentence():
    assert set(SAMPLES) == set(codes.CODES)
    with translation.override("en"):
        for code in codes.CODES:
            assert describe(entry(code, SAMPLES[code])) == ENGLISH[code]


@pytest.mark.parametrize(
    ("code", "detail", "sentence"),
    [
        (
            codes.NO_COMMON_TIME,
            {"travel": True},
            "The family and the advisor have no time in common, counting the home visit's travel.",
        ),
        (
            codes.TIMES_TAKEN,
            {"causes": []},
            "Every time that works for the family is taken by other conferences.",
        ),
        (
            codes.TIMES_TAKEN,
            {"causes": ["advisor_daily_limit"]},
            "Every time that works for the family is taken (the advisor's daily limit).",
        ),
    ],
)
def test_details_change_the_sentence(code, detail, sentence):
    with translation.override("en"):
        assert describe(entry(code, detail)) == sentence


def test_an_entry_without_a_known_code_keeps_its_english_reason():
    assert describe({"student": "s1", "reason": "taken"}) == "taken"
    assert describe(entry("something_new", {})) == "RAW"


def test_the_coordinator_sees_the_sentence_not_the_raw_reason(client, cast, window):
    waiting = unbooked_requests(window)[0]
    ScheduleRun.objects.create(
        window=window,
        created_by=cast.coordinator,
        result={
            "meetings": [],
            "unscheduled": [
                {
                    "student": waiting.key,
                    "reason": "the family and the advisor have no time in common",
                    "code": codes.NO_COMMON_TIME,
                    "detail": {"travel": False},
                }
            ],
            "score": 0,
            "bound": 0,
            "status": "optimal",
            "seconds": 0.1,
        },
    )
    client.force_login(cast.coordinator)
    url = reverse("conferences:window", args=[window.term_id]) + "?show=unplaced"
    page = client.get(url).content.decode()
    assert "The family and the advisor have no time in common." in page
    assert "the family and the advisor have no time in common<" not in page
