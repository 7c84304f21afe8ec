"""Reading test results: NWEA MAP Growth `AssessmentResults.csv` and a plain CSV. Plain
dataclasses, no models; students are matched later, by local or state id.

NWEA has changed its headers over the years: the current export names the subject `Subject`
and the scale `Course`; older ones say `Discipline` and `MeasurementScale`. Headers are matched
case-insensitively and either generation is read. Growth columns (`FallToWinterObservedGrowth`,
`…ConditionalGrowthIndex` …) are kept as given when present.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tandem.rosters.oneroster import Problem

NWEA = "NWEA MAP Growth"
GROWTH = re.compile(
    r"^(fall|winter|spring)to(fall|winter|spring)"
    r"(projectedgrowth|observedgrowth|observedgrowthse|metprojectedgrowth|"
    r"conditionalgrowthindex|conditionalgrowthpercentile|growthquintile)$"
)


@dataclass
class Row:
    row: int
    student_key: str
    assessment: str
    subject: str
    taken_on: date
    score: Decimal
    percentile: int | None
    level: str = ""
    term_name: str = ""
    growth: dict = field(default_factory=dict)


@dataclass
class ResultsFile:
    name: str
    format: str = "csv"  # nwea or csv
    rows: list[Row] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    readable: bool = True


class _Columns:
    """Case-insensitive access to a CSV row, by the first header present of several names."""

    def __init__(self, fieldnames):
        self.headers = {(h or "").strip().lower(): h for h in fieldnames or []}

    def has(self, *names) -> bool:
        return any(n in self.headers for n in names)

    def name(self, *names) -> str:
        for n in names:
            if n in self.headers:
                return self.headers[n]
        return names[0]

    def get(self, line: dict, *names) -> str:
        for n in names:
            if n in self.headers:
                value = (line.get(self.headers[n]) or "").strip()
                if value:
                    return value
        return ""


def _open(data: bytes, name: str, result: ResultsFile):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # older NWEA exports from Excel
        except UnicodeDecodeError:
            result.errors.append(Problem(name, None, "", _("The file is not text.")))
            result.readable = False
            return None, None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return reader, _Columns(reader.fieldnames)


def _required(columns: _Columns, groups, name: str, result: ResultsFile) -> bool:
    missing = [" / ".join(g) for g in groups if not columns.has(*[c.lower() for c in g])]
    if missing:
        result.errors.append(Problem(name, 1, ", ".join(missing), _("These columns are missing.")))
        result.readable = False
    return not missing


def _score(value: str):
    try:
        score = Decimal(value)
    except InvalidOperation:
        return None
    return score if score.is_finite() and abs(score) < Decimal("1000000") else None


def _percentile(value: str):
    if not value:
        return None, True
    try:
        number = int(Decimal(value))
    except (InvalidOperation, ValueError):
        return None, False
    return (number, True) if 0 <= number <= 99 else (None, False)


def us_date(text: str) -> date:
    """MM/DD/YYYY, as NWEA writes it (strptime is slow for 50,000 rows)."""
    month, day, year = text.split("/")
    if len(year) != 4:
        raise ValueError(text)
    return date(int(year), int(month), int(day))


def read_nwea(data: bytes, *, name: str = "AssessmentResults.csv") -> ResultsFile:
    result = ResultsFile(name=name, format="nwea")
    reader, cols = _open(data, name, result)
    if reader is None:
        return result
    groups = [
        ("StudentID",),
        ("Subject", "Discipline"),
        ("TestStartDate",),
        ("TestRITScore",),
    ]
    if not _required(cols, groups, name, result):
        return result
    growth_columns = [h for key, h in cols.headers.items() if GROWTH.match(key)]
    for row, line in enumerate(reader, start=2):
        problems = len(result.errors)

        def bad(column, message, row=row):
            result.errors.append(Problem(name, row, cols.name(column.lower()), message))

        student = cols.get(line, "studentid")
        if not student:
            bad("StudentID", _("A value is required."))
        subject = cols.get(line, "subject", "discipline")
        if not subject:
            bad("Subject", _("A value is required."))
        raw_date = cols.get(line, "teststartdate")
        try:
            taken_on = us_date(raw_date)
        except ValueError:
            bad("TestStartDate", _("Write the date as MM/DD/YYYY (got “%s”).") % raw_date)
            taken_on = None
        score = _score(cols.get(line, "testritscore"))
        if score is None:
            bad("TestRITScore", _("Write the score as a number."))
        percentile, ok = _percentile(cols.get(line, "testpercentile"))
        if not ok:
            bad("TestPercentile", _("A percentile is a whole number from 0 to 99."))
        if len(result.errors) > problems:
            continue
        growth = {}
        for header in growth_columns:
            value = (line.get(header) or "").strip()
            if value:
                growth[header.strip()] = value
        result.rows.append(
            Row(
                row=row,
                student_key=student,
                assessment=NWEA,
                subject=subject[:100],
                taken_on=taken_on,
                score=score,
                percentile=percentile,
                level=cols.get(line, "achievementquintile")[:60],
                term_name=cols.get(line, "termname")[:100],
                growth=growth,
            )
        )
    return result


PLAIN = ("student_id", "assessment", "subject", "date", "score")


def read_plain(data: bytes, *, name: str = "results.csv") -> ResultsFile:
    """student_id, assessment, subject, date (YYYY-MM-DD), score; percentile and level
    optional."""
    result = ResultsFile(name=name)
    reader, cols = _open(data, name, result)
    if reader is None:
        return result
    if not _required(cols, [(c,) for c in PLAIN], name, result):
        return result
    for row, line in enumerate(reader, start=2):
        problems = len(result.errors)

        def bad(column, message, row=row):
            result.errors.append(Problem(name, row, column, message))

        values = {c: cols.get(line, c) for c in PLAIN}
        for column in ("student_id", "assessment", "subject"):
            if not values[column]:
                bad(column, _("A value is required."))
        try:
            taken_on = date.fromisoformat(values["date"])
        except ValueError:
            bad("date", _("Write the date as YYYY-MM-DD (got “%s”).") % values["date"])
            taken_on = None
        score = _score(values["score"])
        if score is None:
            bad("score", _("Write the score as a number."))
        percentile, ok = _percentile(cols.get(line, "percentile"))
        if not ok:
            bad("percentile", _("A percentile is a whole number from 0 to 99."))
        if len(result.errors) > problems:
            continue
        result.rows.append(
            Row(
                row=row,
                student_key=values["student_id"],
                assessment=values["assessment"][:100],
                subject=values["subject"][:100],
                taken_on=taken_on,
                score=score,
                percentile=percentile,
                level=cols.get(line, "level")[:60],
            )
        )
    return result
