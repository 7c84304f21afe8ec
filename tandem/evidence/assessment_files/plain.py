"""A plain CSV of test results, for any other test:

    student_id,assessment,subject,date,score            (required; date as YYYY-MM-DD)
    test,scale,event_id,standard_error,percentile,level,term,growth_measure   (optional)

`test` defaults to the subject and `scale` to plain "Score"; without `event_id` a result is its
test and date, so two results of one test on one day need an `event_id` each."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .base import Columns, Reader, Row, error_of, flag_of, percentile_of, score_of

REQUIRED = ("student_id", "assessment", "subject", "date", "score")
OPTIONAL = (
    "test",
    "scale",
    "event_id",
    "standard_error",
    "percentile",
    "level",
    "term",
    "growth_measure",
)


class PlainReader(Reader):
    format = "csv"
    required = tuple((name,) for name in REQUIRED)

    @classmethod
    def label(cls):
        return gettext_lazy("CSV (student_id, assessment, subject, date, score)")

    @classmethod
    def recognises(cls, columns: Columns, name: str) -> bool:
        return all(name in columns for name in REQUIRED)

    def prepare(self) -> bool:
        at = self.columns.at
        self.student_at, self.assessment_at = at("student_id"), at("assessment")
        self.subject_at, self.date_at, self.score_at = at("subject"), at("date"), at("score")
        self.test_at, self.scale_at, self.id_at = at("test"), at("scale"), at("event_id")
        self.error_at, self.percentile_at = at("standard_error"), at("percentile")
        self.level_at, self.term_at, self.growth_at = at("level"), at("term"), at("growth_measure")
        return True

    def row(self, number: int, line: list[str]) -> Row | None:
        bad = self.bad
        student = line[self.student_at].strip()
        assessment = line[self.assessment_at].strip()[:100]
        subject = line[self.subject_at].strip()[:100]
        for value, position in (
            (student, self.student_at),
            (assessment, self.assessment_at),
            (subject, self.subject_at),
        ):
            if not value:
                bad(number, position, _("A value is required."))
        raw_date = line[self.date_at].strip()
        try:
            taken_on = date.fromisoformat(raw_date)
        except ValueError:
            bad(number, self.date_at, _("Write the date as YYYY-MM-DD (got “%s”).") % raw_date)
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
            bad(number, self.growth_at, _("Write yes or no."))
        test = line[self.test_at].strip()[:100] or subject
        return Row(
            row=number,
            student_key=student,
            state_key="",
            assessment=assessment,
            subject=subject,
            test=test,
            scale=line[self.scale_at].strip()[:60],
            event_id=line[self.id_at].strip()[:100] or f"{test}|{raw_date}",
            taken_on=taken_on,
            score=score,
            standard_error=error,
            percentile=percentile,
            growth_measure=bool(growth_measure),
            level=line[self.level_at].strip()[:60],
            term_name=line[self.term_at].strip()[:100],
            growth={},
        )
