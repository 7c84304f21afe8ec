"""NWEA MAP Growth's `AssessmentResults.csv` (the Comprehensive Data File), both layouts.

Since 2020 the export names the test in `Course` ("Reading", "Language Usage", "Math K-12")
and only the subject area in `Subject` — "Language Arts" for both Reading and Language Usage,
so the test is read from `Course`. Older exports say `MeasurementScale` and `Discipline`.
Every valid test event is listed, each with its `TestID`; a retest has `GrowthMeasureYN`
false, and only growth-measure events are drawn. Headers are matched case-insensitively;
the growth columns (`FallToWinterObservedGrowth`, `…ConditionalGrowthIndex` …) are kept as given.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Scale
from .base import Columns, Reader, Row, error_of, flag_of, percentile_of, score_of, us_date

GROWTH = re.compile(
    r"^(fall|winter|spring)to(fall|winter|spring)"
    r"(projectedgrowth|observedgrowth|observedgrowthse|metprojectedgrowth|"
    r"conditionalgrowthindex|conditionalgrowthpercentile|growthquintile)$"
)
# The old MeasurementScale for the one RIT scale the new exports call by its Course name, so a
# district's old and new files draw one Math line.
OLD_SCALES = {"mathematics": "Math K-12"}


class NweaReader(Reader):
    format = "nwea"
    assessment = "NWEA MAP Growth"
    required = (
        ("StudentID",),
        ("Course", "MeasurementScale"),
        ("TestStartDate",),
        ("TestRITScore",),
    )

    @classmethod
    def label(cls):
        return gettext_lazy("NWEA MAP Growth (AssessmentResults.csv)")

    @classmethod
    def recognises(cls, columns: Columns, name: str) -> bool:
        return "testritscore" in columns and "studentid" in columns

    def describe(self) -> str:
        if self.current:
            return _("NWEA MAP Growth, the 2020+ layout (the test from Course)")
        return _("NWEA MAP Growth, the older layout (the test from MeasurementScale)")

    def prepare(self) -> bool:
        c = self.columns
        self.current = c.first("course") is not None
        self.test_at = c.at("course", "measurementscale")
        self.subject_at = c.at("subject", "discipline")
        self.student_at = c.at("studentid")
        self.state_at = c.at("student_stateid", "studentstateid")
        self.has_id = c.first("testid") is not None
        self.id_at = c.at("testid")
        self.date_at = c.at("teststartdate")
        self.time_at = c.at("teststarttime")
        self.score_at = c.at("testritscore")
        self.error_at = c.at("teststandarderror")
        self.percentile_at = c.at("testpercentile")
        self.growth_at = c.at("growthmeasureyn")
        self.level_at = c.at("achievementquintile")
        self.term_at = c.at("termname")
        self.keep_as_given([(p, n) for p, n in enumerate(c.names) if GROWTH.match(n.lower())])
        return True

    def row(self, number: int, line: list[str]) -> Row | None:
        bad = self.bad
        student = line[self.student_at].strip()
        if not student:
            bad(number, self.student_at, _("A value is required."))
        test = line[self.test_at].strip()[:100]
        if not test:
            bad(number, self.test_at, _("A value is required."))
        elif not self.current:
            test = OLD_SCALES.get(test.lower(), test)
        raw_date = line[self.date_at].strip()
        try:
            taken_on = us_date(raw_date)
        except ValueError:
            bad(number, self.date_at, _("Write the date as MM/DD/YYYY (got “%s”).") % raw_date)
            taken_on = None
        score = score_of(line[self.score_at])
        if score is None:
            bad(number, self.score_at, _("Write the score as a number."))
        error, ok = error_of(line[self.error_at])
        if not ok:
            bad(number, self.error_at, _("Write the standard error as a number."))
        percentile, ok = percentile_of(line[self.percentile_at])
        if not ok:
            bad(number, self.percentile_at, _("A percentile is a whole number from 0 to 99."))
        growth_measure = flag_of(line[self.growth_at])
        if growth_measure is None:
            bad(number, self.growth_at, _("Write TRUE or FALSE."))
        if self.has_id:
            event_id = line[self.id_at].strip()[:100]
            if not event_id:
                bad(number, self.id_at, _("A value is required."))
        else:  # no TestID column (a trimmed export): the test and its start are the event
            event_id = f"{test}|{raw_date}|{line[self.time_at].strip()}"[:100]
        return Row(
            row=number,
            student_key=student,
            state_key=line[self.state_at].strip(),
            assessment=self.assessment,
            subject=line[self.subject_at].strip()[:100] or test,
            test=test,
            scale=Scale.RIT.value,
            event_id=event_id,
            taken_on=taken_on,
            score=score,
            standard_error=error,
            percentile=percentile,
            growth_measure=bool(growth_measure),
            level=line[self.level_at].strip()[:60],
            term_name=line[self.term_at].strip()[:100],
            growth=self.growth_of(line),
        )
