"""A student's growth on tests: one section per test and scale (never one line across
scales), every event for the detail table, and the growth-measure events the chart draws."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import AssessmentResult


@dataclass
class GrowthOnTest:
    """One test's scores for a student (one scale: never one line across scales). Every event
    is in `results` (the detail table, retests included); the chart draws `charted`: the
    growth-measure events, one per testing term (the latest, if the file lists more)."""

    assessment: str
    test: str
    subject: str
    scale_label: str
    results: list[AssessmentResult]
    charted: list[AssessmentResult]

    @property
    def first(self) -> AssessmentResult:
        return self.charted[0]

    @property
    def latest(self) -> AssessmentResult:
        return self.charted[-1]

    @property
    def change(self) -> Decimal:
        return self.latest.score - self.first.score

    @property
    def points(self):
        return [(r.taken_on, r.score) for r in self.charted]


def growth(student) -> list[GrowthOnTest]:
    """Per assessment, test and scale, every score over time and the growth line (one query).
    Each result gets `chart_note`: why it is not on the chart ("" when it is)."""
    grouped: dict[tuple[str, str, str], list[AssessmentResult]] = {}
    for result in AssessmentResult.objects.filter(student=student).order_by(
        "assessment", "test", "scale", "taken_on", "pk"
    ):
        grouped.setdefault((result.assessment, result.test, result.scale), []).append(result)
    tests = []
    for (assessment, test, _scale), results in grouped.items():
        by_term: dict = {}
        for result in results:
            if result.growth_measure:  # in date order: the term's latest stays
                by_term[result.term_name.strip().lower() or result.taken_on] = result
        charted = sorted(by_term.values(), key=lambda r: (r.taken_on, r.pk))
        chosen = {r.pk for r in charted}
        for result in results:
            if result.pk in chosen:
                result.chart_note = ""
            elif result.growth_measure:
                result.chart_note = _("No: a later score of the same term is")
            else:
                result.chart_note = _("No: not a growth measure (a retest, or not valid)")
        tests.append(
            GrowthOnTest(
                assessment=assessment,
                test=test,
                subject=results[0].subject,
                scale_label=str(results[0].scale_label),
                results=results,
                charted=charted,
            )
        )
    return tests
