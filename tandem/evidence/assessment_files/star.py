"""Renaissance Star's v2 data exports: Star Reading (`…SR_v2.csv`), Star Math (`…SM_v2.csv`)
and Star Early Literacy (`…SEL_v2.csv`), and their Spanish versions (SRS, SMS, SELS).

The three share one layout of about 130 columns and no column says which test the file holds:
Renaissance tells them apart by file name. Tandem reads the test from the columns only one of
them has (Early Literacy's `LiteracyClassification`, Math's `Quantile`, Reading's
`InstructionalReadingLevel`), and from the file name when those are absent. Each test event
has its `AssessmentID`; a deactivated test (`AssessmentStatus`) is kept but not drawn. Dates
come as `2023-05-02 13:08:05.063`, or as `5/2/23 13:08` once Excel has saved the file.

`StandardErrorOfMeasurement` is on the Rasch scale (beside `RaschScore`), not the scaled
score's, so it is not shown as the scaled score's error."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Scale
from .base import Columns, Reader, Row, export_date, percentile_of, score_of

TESTS = {"SR": "Star Reading", "SM": "Star Math", "SEL": "Star Early Literacy"}
SUBJECTS = {"SR": "Reading", "SM": "Math", "SEL": "Early Literacy"}
# Renaissance's file names: …_SR_v2.csv, …SMS_V2.csv, Historical_Star_Math_Enterprise_…
FILE_CODE = re.compile(r"(?:^|[^A-Z])(SELS|SEL|SRS2|SRS|SR|SMS|SM)_V2", re.IGNORECASE)
FILE_WORDS = (("early_literacy", "SEL"), ("early literacy", "SEL"), ("math", "SM"))
SGP = re.compile(r"^(studentgrowthpercentile\w+|currentsgp)$")


def test_from(columns: Columns, name: str) -> tuple[str | None, bool]:
    """The file's test code (SR, SM or SEL) and whether it is the Spanish version."""
    found = FILE_CODE.search(name)
    spanish = bool(found) and found.group(1).upper() in ("SELS", "SRS", "SRS2", "SMS")
    if "literacyclassification" in columns:
        return "SEL", spanish
    if "quantile" in columns:
        return "SM", spanish
    if "instructionalreadinglevel" in columns:
        return "SR", spanish
    if found:
        code = found.group(1).upper().rstrip("2")
        return (code[:-1] if spanish else code), spanish
    lowered = name.lower()
    for words, code in FILE_WORDS:
        if words in lowered:
            return code, False
    if "reading" in lowered or "english" in lowered:
        return "SR", False
    return None, False


class StarReader(Reader):
    format = "star"
    assessment = "Renaissance Star"
    required = (
        ("StudentIdentifier", "StudentSourcedID", "StudentStateID"),
        ("AssessmentID",),
        ("CompletedDateLocal", "CompletedDate"),
        ("ScaledScore",),
    )

    @classmethod
    def label(cls):
        return gettext_lazy("Renaissance Star (Reading, Math or Early Literacy, v2 export)")

    @classmethod
    def recognises(cls, columns: Columns, name: str) -> bool:
        return (
            "assessmentid" in columns
            and "scaledscore" in columns
            and ("studentrenaissanceid" in columns or "renaissanceclientid" in columns)
        )

    def describe(self) -> str:
        return _("Renaissance Star: %(test)s") % {"test": self.test}

    def prepare(self) -> bool:
        code, spanish = test_from(self.columns, self.result.name)
        if code is None:
            self.result.fail(
                1,
                "",
                _(
                    "Tandem cannot tell whether this Star file holds Reading, Math or Early "
                    "Literacy: import it under the name Renaissance gave it (…_SR_v2.csv, "
                    "…_SM_v2.csv or …_SEL_v2.csv)."
                ),
            )
            return False
        self.test = TESTS[code] + (" " + _("(Spanish)") if spanish else "")
        self.subject = SUBJECTS[code]
        c = self.columns
        self.student_at = c.at("studentidentifier", "studentsourcedid")
        self.state_at = c.at("studentstateid")
        self.id_at = c.at("assessmentid")
        self.date_at = c.at("completeddatelocal", "completeddate")
        self.score_at = c.at("scaledscore")
        self.percentile_at = c.at("percentilerank")
        self.status_at = c.at("assessmentstatus")
        self.level_at = c.at("renaissancebenchmarkcategoryname")
        self.window_at = c.at("screeningperiodwindowname")
        self.year_at = c.at("schoolyear")
        self.keep_as_given([(p, name) for p, name in enumerate(c.names) if SGP.match(name.lower())])
        return True

    def row(self, number: int, line: list[str]) -> Row | None:
        bad = self.bad
        student = line[self.student_at].strip()
        state = line[self.state_at].strip()
        if not (student or state):
            bad(number, self.student_at, _("A value is required."))
        event_id = line[self.id_at].strip()[:100]
        if not event_id:
            bad(number, self.id_at, _("A value is required."))
        raw_date = line[self.date_at].strip()
        try:
            taken_on = export_date(raw_date)
        except ValueError:
            bad(
                number,
                self.date_at,
                _("Write the date as YYYY-MM-DD or MM/DD/YYYY (got “%s”).") % raw_date,
            )
            taken_on = None
        score = score_of(line[self.score_at])
        if score is None:
            bad(number, self.score_at, _("Write the score as a number."))
        percentile, ok = percentile_of(line[self.percentile_at])
        if not ok:
            bad(number, self.percentile_at, _("A percentile is a whole number from 0 to 99."))
        term = f"{line[self.window_at].strip()} {line[self.year_at].strip()}".strip()
        return Row(
            row=number,
            student_key=student or state,
            state_key=state,
            assessment=self.assessment,
            subject=self.subject,
            test=self.test,
            scale=Scale.STAR.value,
            event_id=event_id,
            taken_on=taken_on,
            score=score,
            standard_error=None,
            percentile=percentile,
            growth_measure=line[self.status_at].strip().lower() in ("", "active"),
            level=line[self.level_at].strip()[:60],
            term_name=term[:100],
            growth=self.growth_of(line),
        )
