"""Curriculum Associates i-Ready Diagnostic results (`diagnostic_results_ela.csv`,
`diagnostic_results_math.csv`): one line per completed diagnostic, 38 to 65 columns depending
on the year and the district's options.

The file does not say its subject in a column: Reading has `Lexile Measure` and the reading
domains, Math `Quantile Measure` and the math domains (the file name says so too). There is no
event id either: a diagnostic is its student, subject, start and completion dates and duration.
A rushed diagnostic (`Rush Flag`) is kept but not drawn; the term is the `Norming Window`
(Fall, Winter, Spring) of the `Academic Year`."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Scale
from .base import Columns, Reader, Row, flag_of, percentile_of, score_of, us_date

READING_COLUMNS = ("lexile measure", "phonics scale score", "vocabulary scale score")
MATH_COLUMNS = ("quantile measure", "number and operations scale score", "geometry scale score")
GROWTH_COLUMNS = (
    "Baseline Diagnostic (Y/N)",
    "Diagnostic Gain",
    "Annual Typical Growth Measure",
    "Annual Stretch Growth Measure",
    "Percent Progress to Annual Typical Growth (%)",
    "Percent Progress to Annual Stretch Growth (%)",
)


def subject_from(columns: Columns, name: str) -> str | None:
    if any(c in columns for c in READING_COLUMNS):
        return "Reading"
    if any(c in columns for c in MATH_COLUMNS):
        return "Math"
    lowered = name.lower()
    if "math" in lowered:
        return "Math"
    if "ela" in lowered or "reading" in lowered:
        return "Reading"
    return None


class IreadyReader(Reader):
    format = "iready"
    assessment = "i-Ready Diagnostic"
    required = (
        ("Student ID",),
        ("Completion Date",),
        ("Overall Scale Score",),
    )

    @classmethod
    def label(cls):
        return gettext_lazy("i-Ready Diagnostic (diagnostic_results_ela or _math)")

    @classmethod
    def recognises(cls, columns: Columns, name: str) -> bool:
        return "overall scale score" in columns and "student id" in columns

    def describe(self) -> str:
        return _("i-Ready Diagnostic: %(subject)s") % {"subject": self.subject}

    def prepare(self) -> bool:
        self.subject = subject_from(self.columns, self.result.name)
        if self.subject is None:
            self.result.fail(
                1,
                "",
                _(
                    "Tandem cannot tell whether this i-Ready file holds Reading or Math: "
                    "import it under the name i-Ready gave it (diagnostic_results_ela.csv or "
                    "diagnostic_results_math.csv)."
                ),
            )
            return False
        c = self.columns
        self.student_at = c.at("student id")
        self.state_at = c.at("student state id")
        self.start_at = c.at("start date")
        self.date_at = c.at("completion date")
        self.duration_at = c.at("duration (min)")
        self.score_at = c.at("overall scale score")
        self.percentile_at = c.at("percentile")
        self.rush_at = c.at("rush flag")
        self.level_at = c.at("overall relative placement", "overall placement")
        self.window_at = c.at("norming window")
        self.year_at = c.at("academic year")
        self.keep_as_given([(c.first(n), n) for n in GROWTH_COLUMNS if c.first(n) is not None])
        return True

    def row(self, number: int, line: list[str]) -> Row | None:
        bad = self.bad
        student = line[self.student_at].strip()
        if not student:
            bad(number, self.student_at, _("A value is required."))
        raw_date = line[self.date_at].strip()
        try:
            taken_on = us_date(raw_date)
        except ValueError:
            bad(number, self.date_at, _("Write the date as MM/DD/YYYY (got “%s”).") % raw_date)
            taken_on = None
        score = score_of(line[self.score_at])
        if score is None:
            bad(number, self.score_at, _("Write the score as a number."))
        percentile, ok = percentile_of(line[self.percentile_at])
        if not ok:
            bad(number, self.percentile_at, _("A percentile is a whole number from 0 to 99."))
        # "Y" (or any note) marks a rushed diagnostic; blank or N is a valid one.
        rushed = flag_of(line[self.rush_at], blank=False)
        window = line[self.window_at].strip().split(" (", 1)[0]
        term = f"{window} {line[self.year_at].strip()}" if window else ""
        start, duration = line[self.start_at].strip(), line[self.duration_at].strip()
        return Row(
            row=number,
            student_key=student,
            state_key=line[self.state_at].strip(),
            assessment=self.assessment,
            subject=self.subject,
            test=self.subject,
            scale=Scale.IREADY.value,
            event_id=f"{self.subject}|{start}|{raw_date}|{duration}"[:100],
            taken_on=taken_on,
            score=score,
            standard_error=None,
            percentile=percentile,
            growth_measure=rushed is False,
            level=line[self.level_at].strip()[:60],
            term_name=term[:100],
            growth=self.growth_of(line),
        )
