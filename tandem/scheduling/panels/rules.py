"""What makes a panel valid — the one place the rules live. The CP-SAT model, the greedy
panels, the fill after the search, the reasons for what is left uncovered and the exhibition's
service all ask this module.

A rater may sit on a presentation when the whole presentation lies in one of their windows, in
a room they can be in, and the student is not in their conflicts (`eligible`). Two of a rater's
presentations clash when they overlap, or when they are in two different rooms with less than
the instance's travel minutes between them (`clash`). A panel has exactly the presentation's
number of raters, at least its staff and community members, no rater twice, and no rater above
their most presentations.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import KINDS, PanelInstance, Presentation, Rater
from .reasons import (
    NO_RATER_AVAILABLE,
    RATERS_CONFLICTED,
    RATERS_TAKEN,
    TOO_FEW_RATERS,
    Reason,
)


def available(rater: Rater, p: Presentation) -> bool:
    """Free for the whole presentation, in its room, and able to rate at all."""
    return (
        rater.max_load > 0
        and any(w.covers(p.start, p.end) for w in rater.available)
        and (not rater.rooms or p.room in rater.rooms)
    )


def conflicted(rater: Rater, p: Presentation) -> bool:
    """The rater may not rate this student (their advisor, caregiver or relative)."""
    return p.student in rater.conflicts


def eligible(rater: Rater, p: Presentation) -> bool:
    return available(rater, p) and not conflicted(rater, p)


def clash(instance: PanelInstance, p: Presentation, q: Presentation) -> bool:
    """One rater cannot sit on both: they overlap, or the rater cannot get from one room to
    the other in time."""
    if p.start < q.end and q.start < p.end:
        return True
    if p.room is None or q.room is None or p.room == q.room:
        return False
    gap = q.start - p.end if p.end <= q.start else p.start - q.end
    return gap < instance.travel_minutes


def matches(rater: Rater, p: Presentation) -> bool:
    """The rater's expertise meets what the presentation shows (a shared tag)."""
    return bool(set(rater.tags) & set(p.tags))


def candidates(instance: PanelInstance) -> dict[str, list[Rater]]:
    """The raters eligible for each presentation (by presentation id, raters in the
    instance's order)."""
    return {p.id: [r for r in instance.raters if eligible(r, p)] for p in instance.presentations}


def static_reason(instance: PanelInstance, p: Presentation, eligible_raters) -> Reason | None:
    """Why no panel can be found for `p` whatever the other panels are; None if one can."""
    for kind in KINDS:
        needed = p.needs(kind)
        if not needed:
            continue
        free = [r for r in instance.raters if r.kind == kind and available(r, p)]
        if len(free) < needed:
            return Reason(
                NO_RATER_AVAILABLE, {"kind": kind, "needed": needed, "available": len(free)}
            )
        clashing = sum(1 for r in free if conflicted(r, p))
        if len(free) - clashing < needed:
            return Reason(
                RATERS_CONFLICTED,
                {"kind": kind, "needed": needed, "available": len(free), "conflicted": clashing},
            )
    if len(eligible_raters) < p.raters:
        return Reason(
            TOO_FEW_RATERS, {"kind": "any", "needed": p.raters, "eligible": len(eligible_raters)}
        )
    return None


class Seating:
    """Who sits where so far: each rater's presentations. `free` says whether one more
    presentation fits a rater; the greedy panels, the fill after the search and the reasons
    all ask it."""

    def __init__(self, instance: PanelInstance):
        self.instance = instance
        self.on: dict[str, list[Presentation]] = {r.id: [] for r in instance.raters}

    def load(self, rater: Rater) -> int:
        return len(self.on[rater.id])

    def why_busy(self, rater: Rater, p: Presentation) -> str | None:
        """None when `rater` (eligible for `p`) can take it too; else the cause (reasons.CAUSES)."""
        if self.load(rater) >= rater.max_load:
            return "rater_max_load"
        held = self.on[rater.id]
        if any(p.start < q.end and q.start < p.end for q in held):
            return "rater_other_presentations"
        if any(clash(self.instance, p, q) for q in held):
            return "rater_travel"
        return None

    def free(self, rater: Rater, p: Presentation) -> bool:
        return self.why_busy(rater, p) is None

    def seat(self, p: Presentation, raters: Iterable[Rater]) -> None:
        for r in raters:
            self.on[r.id].append(p)

    def pick(
        self, p: Presentation, eligible_raters: list[Rater], spare: tuple[str, ...] = ()
    ) -> list[Rater] | None:
        """A panel for `p` from the raters still free for it — the required staff and
        community members first, then the rest, those of a kind in `spare` last (the kind
        other panels will need most) — each time the least loaded, then one whose expertise
        matches; None when the free raters cannot make a panel."""
        free = [r for r in eligible_raters if self.free(r, p)]

        def order(r: Rater):
            return (r.kind in spare, self.load(r), not matches(r, p))

        chosen: list[Rater] = []
        for kind in KINDS:
            of_kind = sorted((r for r in free if r.kind == kind), key=order)
            if len(of_kind) < p.needs(kind):
                return None
            chosen += of_kind[: p.needs(kind)]
        rest = sorted((r for r in free if r not in chosen), key=order)
        if len(chosen) + len(rest) < p.raters:
            return None
        return chosen + rest[: p.raters - len(chosen)]

    def taken_reason(self, p: Presentation, eligible_raters: list[Rater]) -> Reason:
        """`p` has eligible raters enough (no static reason) but no panel fits around the
        others: which kind is short, and what took its raters."""
        for kind in (*KINDS, "any"):
            of_kind = [r for r in eligible_raters if kind == "any" or r.kind == kind]
            needed = p.raters if kind == "any" else p.needs(kind)
            causes = [self.why_busy(r, p) for r in of_kind]
            free = sum(1 for c in causes if c is None)
            if free < needed:
                return Reason(
                    RATERS_TAKEN,
                    {
                        "kind": kind,
                        "needed": needed,
                        "free": free,
                        "causes": sorted({c for c in causes if c is not None}),
                    },
                )
        raise ValueError(f"{p.id}: a panel fits; nothing took its raters")
