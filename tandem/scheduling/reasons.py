"""Why a student could not be placed: a stable code, a small detail, and an English sentence.

The code and detail are the machine-readable part of each `unscheduled` entry of a result
(docs/scheduling.md); the English sentence is its `reason`. Every code and cause the scheduler
can emit is listed here, once: the school's pages translate them
(tandem/conferences/reasons.py) and a test checks that each has a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The family needs an interpreter and none in the pool speaks its language.
# detail: {"language": "ht"}
NO_INTERPRETER = "no_interpreter"
# The family's and the advisor's availability never overlap for the whole meeting (for a home
# visit, with the travel before and after). detail: {"travel": true|false}
NO_COMMON_TIME = "no_common_time"
# There is common time, but no interpreter of the language is free in any of it.
# detail: {"language": "ht"}
NO_INTERPRETER_FREE = "no_interpreter_free"
# Every valid time is taken by other meetings of the schedule. detail: {"causes": [CAUSES…]}
TIMES_TAKEN = "times_taken"

CODES = (NO_INTERPRETER, NO_COMMON_TIME, NO_INTERPRETER_FREE, TIMES_TAKEN)

# What took the times (TIMES_TAKEN), with their English words.
CAUSES = {
    "advisor_daily_limit": "the advisor's daily limit",
    "advisor_conferences": "the advisor's other conferences",
    "family_conferences": "the family's other conferences",
    "interpreter_conferences": "the interpreter's other conferences",
}


@dataclass(frozen=True)
class Reason:
    code: str
    detail: dict = field(default_factory=dict, hash=False)

    @property
    def text(self) -> str:
        """The English sentence (the result's `reason`)."""
        return english(self.code, self.detail)


def english(code: str, detail: dict) -> str:
    if code == NO_INTERPRETER:
        return f"no interpreter speaks {detail['language']!r}"
    if code == NO_COMMON_TIME:
        travel = " (with travel time)" if detail.get("travel") else ""
        return f"the family and the advisor{travel} have no time in common"
    if code == NO_INTERPRETER_FREE:
        return f"no {detail['language']!r} interpreter is free when the family and the advisor are"
    if code == TIMES_TAKEN:
        listed = ", ".join(CAUSES[c] for c in detail.get("causes", ())) or "other conferences"
        return f"every time that works for the family is taken ({listed})"
    raise ValueError(f"unknown reason code {code!r}")
