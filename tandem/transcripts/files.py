"""Reading a transcript CSV: one row per course a student took (plain dataclasses, no database).

Columns (the header names them, in any order and case):

    student_id        required  the student's local id (or state id) in Tandem
    course_code       required  the school's code for the course, e.g. MATH-201
    course_title      required
    subject_area      optional  e.g. Mathematics (what the diploma's requirements count)
    school_year       required  2027, 2026-2027 or 2026-27 (the year it ends in counts)
    term              optional  e.g. Fall; blank for a whole-year course
    grade             optional  blank while the course is in progress
    credits_attempted required  e.g. 0.5
    credits_earned    optional  blank is 0; at most credits_attempted

Every problem names its row (the header is row 1) and column; nothing is read from a file
whose header lacks a required column.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tandem.rosters.oneroster import Problem

from .writes import CourseLine, credits

REQUIRED = ("student_id", "course_code", "course_title", "school_year", "credits_attempted")
OPTIONAL = ("subject_area", "term", "grade", "credits_earned")
LENGTHS = {
    "student_id": 40,
    "course_code": 60,
    "course_title": 200,
    "subject_area": 100,
    "term": 60,
    "grade": 20,
}
YEAR = re.compile(r"^(\d{4})(?:\s*[-–/]\s*(\d{2}|\d{4}))?$")


@dataclass(slots=True)
class TranscriptRow:
    row: int
    student_key: str
    line: CourseLine


@dataclass
class TranscriptFile:
    name: str
    rows: list[TranscriptRow] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    readable: bool = True


def school_year(value: str) -> int | None:
    """2027, 2026-2027, 2026–27 → 2027; None if it is not a school year."""
    match = YEAR.match(value)
    if not match:
        return None
    first, second = int(match[1]), match[2]
    if second is None:
        year = first
    else:
        year = int(second) if len(second) == 4 else first - first % 100 + int(second)
        if first % 100 == 99 and len(second) == 2:
            year += 100
        if year != first + 1:
            return None
    return year if 1950 <= year <= 2200 else None


def read_transcript(data: bytes, *, name: str) -> TranscriptFile:
    parsed = TranscriptFile(name=name)

    def problem(row, column, message):
        parsed.errors.append(Problem(name, row, column, message))

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problem(None, "", _("The file is not UTF-8 text."))
        parsed.readable = False
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        header = []
    except csv.Error as error:
        problem(1, "", str(error))
        parsed.readable = False
        return parsed
    index = {column: position for position, column in enumerate(header) if column}
    missing = [column for column in REQUIRED if column not in index]
    for column in missing:
        problem(1, column, _("The required column %(column)s is missing.") % {"column": column})
    if missing:
        parsed.readable = False
        return parsed
    for column in header:
        if column and column not in REQUIRED + OPTIONAL:
            parsed.warnings.append(
                Problem(
                    name,
                    1,
                    column,
                    _("%(column)s is not a column of a transcript file; it was ignored.")
                    % {"column": column},
                )
            )
    number = 1
    try:
        for values in reader:
            number += 1
            values = [value.strip() for value in values]
            if any(values):
                _read_row(parsed, number, values, index, problem)
    except csv.Error as error:
        problem(number + 1, "", str(error))
    if not parsed.rows and not parsed.errors:
        problem(None, "", _("The file has no data rows."))
    return parsed


def _number(value: str) -> Decimal | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return credits(number) if number.is_finite() and 0 <= number < 100 else None


def _read_row(parsed, number, values, index, problem) -> None:
    def get(column):
        position = index.get(column)
        return values[position] if position is not None and position < len(values) else ""

    bad = False
    for column in REQUIRED:
        if not get(column):
            problem(number, column, _("A value is required."))
            bad = True
    for column, length in LENGTHS.items():
        if len(get(column)) > length:
            problem(
                number,
                column,
                _("At most %(length)s characters.") % {"length": length},
            )
            bad = True
    year = school_year(get("school_year")) if get("school_year") else None
    if get("school_year") and year is None:
        problem(
            number,
            "school_year",
            _("“%(value)s” is not a school year (e.g. 2026-2027, or 2027).")
            % {"value": get("school_year")},
        )
        bad = True
    amounts = {}
    for column in ("credits_attempted", "credits_earned"):
        raw = get(column)
        amounts[column] = _number(raw) if raw else Decimal("0.00")
        if amounts[column] is None:
            problem(number, column, _("Write a number of credits, e.g. 0.5."))
            bad = True
    attempted, earned = amounts["credits_attempted"], amounts["credits_earned"]
    if not bad and earned > attempted:
        problem(
            number,
            "credits_earned",
            _("More credits earned (%(earned)s) than attempted (%(attempted)s).")
            % {"earned": earned, "attempted": attempted},
        )
        bad = True
    if not bad and earned and not get("grade"):
        problem(
            number,
            "credits_earned",
            _("A course with no grade is still in progress and has earned no credits yet."),
        )
        bad = True
    if bad:
        return
    parsed.rows.append(
        TranscriptRow(
            row=number,
            student_key=get("student_id"),
            line=CourseLine(
                course_code=get("course_code"),
                title=get("course_title"),
                subject_area=" ".join(get("subject_area").split()),
                school_year=year,
                term=get("term"),
                grade=get("grade"),
                credits_attempted=attempted,
                credits_earned=earned,
            ),
        )
    )
