"""Why a presentation could not be given a panel: a stable code, a small detail, and an English
sentence.

The code and detail are the machine-readable part of each `uncovered` entry of a result
(docs/scheduling.md, "Panel assignment"); the English sentence is its `reason`. Every code and
cause the assignment can emit is listed here, once, for the pages that translate them. `kind` is
"staff", "community" or "any" (the panel as a whole).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Fewer raters of the kind than the panel needs are available at the presentation's time (in
# its room, with any load at all), before conflicts are counted.
# detail: {"kind": "community", "needed": 1, "available": 0}
NO_RATER_AVAILABLE = "no_rater_available"
# Enough are available, but too many of them may not rate this student (advisor, caregiver,
# relative). detail: {"kind": "staff", "needed": 1, "available": 2, "conflicted": 2}
RATERS_CONFLICTED = "raters_conflicted"
# Each kind has enough raters who could rate, but fewer than the panel's size in all.
# detail: {"kind": "any", "needed": 3, "eligible": 2}
TOO_FEW_RATERS = "too_few_raters"
# Enough raters could rate, but the assignment needed them elsewhere: too few of the kind are
# still free. detail: {"kind": "community", "needed": 1, "free": 0, "causes": [CAUSES…]}
RATERS_TAKEN = "raters_taken"

CODES = (NO_RATER_AVAILABLE, RATERS_CONFLICTED, TOO_FEW_RATERS, RATERS_TAKEN)

# What took the raters (RATERS_TAKEN), with their English words.
CAUSES = {
    "rater_max_load": "their most presentations",
    "rater_other_presentations": "other presentations at that time",
    "rater_travel": "no time to get there from another room",
}

_KIND = {"staff": "staff", "community": "community", "any": ""}


@dataclass(frozen=True)
class Reason:
    code: str
    detail: dict = field(default_factory=dict, hash=False)

    @property
    def text(self) -> str:
        """The English sentence (the result's `reason`)."""
        return english(self.code, self.detail)


def _raters(kind: str, count: int) -> str:
    words = " ".join(w for w in (_KIND[kind], "rater" if count == 1 else "raters") if w)
    return f"{count} {words}"


def english(code: str, detail: dict) -> str:
    kind = detail.get("kind", "any")
    if code == NO_RATER_AVAILABLE:
        if detail["available"] == 0:
            return f"no {_KIND[kind]} rater is available at that time".replace("  ", " ")
        return (
            f"{_raters(kind, detail['needed'])} needed, only {detail['available']} available "
            "at that time"
        )
    if code == RATERS_CONFLICTED:
        if detail["conflicted"] == detail["available"]:
            return (
                f"every {_KIND[kind]} rater available at that time is the student's advisor, "
                "caregiver or relative"
            ).replace("  ", " ")
        left = detail["available"] - detail["conflicted"]
        return (
            f"{_raters(kind, detail['needed'])} needed, only {left} available at that time "
            "who is not the student's advisor, caregiver or relative"
        )
    if code == TOO_FEW_RATERS:
        return f"{_raters(kind, detail['needed'])} needed, only {detail['eligible']} can rate"
    if code == RATERS_TAKEN:
        listed = ", ".join(CAUSES[c] for c in detail.get("causes", ())) or "other panels"
        return (
            f"{_raters(kind, detail['needed'])} needed, only {detail['free']} free: the others "
            f"are taken ({listed})"
        )
    raise ValueError(f"unknown reason code {code!r}")
