"""What every test-results reader shares: the row it maps each test event to, the file it
returns, and reading a CSV export fast (a district's file is 50,000 rows of up to 160 columns).

A reader is a `Reader`: the columns it needs, how it knows its own header (for `--format auto`)
and how one line becomes a `Row` — or row-level problems naming the row and the column. Plain
dataclasses, no models; students are matched later, by local or state id."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import compress
from operator import itemgetter

from django.utils.translation import gettext as _

from tandem.rosters.oneroster import Problem

CENT = Decimal("0.01")


@dataclass(slots=True)
class Row:
    """One test event, whatever the vendor: the same fields for every format."""

    row: int
    student_key: str  # the district's student id
    state_key: str  # the state id, tried when the district id matches nobody
    assessment: str  # the product: NWEA MAP Growth, Renaissance Star, i-Ready Diagnostic …
    subject: str  # the vendor's subject area ("Language Arts")
    test: str  # the test whose scores share one scale ("Reading", "Star Math")
    scale: str  # a models.Scale value, or a plain CSV's words
    event_id: str  # the vendor's id of this test event (TestID, AssessmentID …)
    taken_on: date
    score: Decimal
    standard_error: Decimal | None
    percentile: int | None
    growth_measure: bool
    level: str
    term_name: str
    growth: dict


@dataclass
class ResultsFile:
    name: str
    format: str = "csv"  # a key of assessment_files.READERS
    label: str = ""  # the format (and layout) in words, for the report and the preview
    detected: bool = False  # chosen from the header (--format auto), not named by the user
    student_column: str = ""  # the column an unknown student's error names
    rows: list[Row] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    readable: bool = True

    def fail(self, row, column: str, message: str) -> None:
        self.errors.append(Problem(self.name, row, column, message))
        if row in (None, 1):
            self.readable = False


class Columns:
    """The header, matched case-insensitively and without surrounding spaces. A column the
    file lacks is at `blank`: one past the last, where every line read gets an empty value, so
    a reader indexes optional columns without asking whether they exist."""

    def __init__(self, header: list[str]):
        self.names = [(h or "").strip() for h in header]
        self.blank = len(self.names)
        self.index: dict[str, int] = {}
        for position, name in enumerate(self.names):
            self.index.setdefault(name.lower(), position)

    def __contains__(self, name: str) -> bool:
        return name.lower() in self.index

    def first(self, *names: str) -> int | None:
        """The position of the first of `names` the header has, or None."""
        for name in names:
            position = self.index.get(name.lower())
            if position is not None:
                return position
        return None

    def at(self, *names: str) -> int:
        """Like `first`, but `blank` when the header has none of them."""
        position = self.first(*names)
        return self.blank if position is None else position

    def name(self, position: int | None, default: str = "") -> str:
        if position is None or position >= self.blank:
            return default
        return self.names[position]

    def missing(self, groups) -> list[str]:
        """Each group is alternatives (a newer and an older name); those with none present."""
        return [" / ".join(group) for group in groups if self.first(*group) is None]


def header_of(data: bytes) -> list[str]:
    """The first line's column names (enough to recognise a format), or [] if unreadable."""
    head = data[:65536]
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        try:  # cut inside a multi-byte character, or not UTF-8 at all
            text = head[: error.start].decode("utf-8-sig") if error.start else ""
        except UnicodeDecodeError:
            text = ""
        text = text or head.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    try:
        return next(csv.reader([first], delimiter=delimiter_of(first)), [])
    except csv.Error:
        return []


def delimiter_of(first_line: str) -> str:
    """Commas; or tabs, as some districts' exports come (NWEA's .txt files)."""
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def lines_of(data: bytes, result: ResultsFile):
    """The file's header and an iterator over its other lines (BOM, CRLF, quoting and tabs
    handled; Excel's cp1252 when not UTF-8), or (None, None) when it is not a CSV file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # an export opened and saved again in Excel
        except UnicodeDecodeError:
            result.fail(None, "", _("The file is not text."))
            return None, None
    if "\x00" in text[:4096]:
        result.fail(None, "", _("The file is not a CSV file (it is a spreadsheet or binary)."))
        return None, None
    first_line = text[: text.find("\n")] if "\n" in text else text
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(first_line))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        result.fail(1, "", _("The file is empty."))
        return None, None
    return header, reader


class Reader:
    """One vendor's export. Subclasses set the class attributes and write `prepare` (what the
    whole file says) and `row` (one line)."""

    format = ""
    assessment = ""
    student_at: int | None = None  # the student id's column, set by prepare
    growth_names: tuple[str, ...] = ()  # the growth columns kept as given (keep_as_given)
    # Column groups the file must have; each group's names are alternatives (new, old).
    required: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def label(cls) -> str:
        raise NotImplementedError

    @classmethod
    def recognises(cls, columns: Columns, name: str) -> bool:
        """Whether a header is this vendor's (for --format auto)."""
        raise NotImplementedError

    def __init__(self, result: ResultsFile, columns: Columns):
        self.result = result
        self.columns = columns

    def describe(self) -> str:
        """The format in words, once `prepare` has read the file's layout."""
        return str(self.label())

    def prepare(self) -> bool:
        """Read what the file says as a whole (its layout, its test); False when it cannot be
        read at all (the reason is in result.errors)."""
        return True

    def row(self, number: int, line: list[str]) -> Row | None:
        """One line as a Row, its problems reported with `bad`."""
        raise NotImplementedError

    def keep_as_given(self, columns: list[tuple[int, str]]) -> None:
        """`growth_of` will return these columns' non-empty values, by column name."""
        positions = [position for position, _name in columns]
        self.growth_names = tuple(name for _position, name in columns)
        if len(positions) == 1:  # itemgetter of one position returns the value, not a tuple
            self.growth_values = lambda line, at=positions[0]: (line[at],)
        elif positions:
            self.growth_values = itemgetter(*positions)

    def growth_of(self, line: list[str]) -> dict:
        if not self.growth_names:
            return {}
        values = self.growth_values(line)  # most are empty: pick the others without a loop
        return dict(compress(zip(self.growth_names, values, strict=True), values))

    def bad(self, number: int, position: int, message: str) -> None:
        name = self.columns.name(position)
        self.result.errors.append(Problem(self.result.name, number, name, message))

    def read(self, lines) -> None:
        rows, problems, width = self.result.rows, self.result.errors, self.columns.blank
        for number, line in enumerate(lines, start=2):
            if len(line) != width:
                if len(line) > width:
                    del line[width:]  # values past the header's last column are no column's
                elif not line or (len(line) == 1 and not line[0].strip()):
                    continue  # a blank line (Excel leaves some at the end)
                else:
                    line += [""] * (width - len(line))
            line.append("")  # the value of every column the file lacks (Columns.blank)
            before = len(problems)
            row = self.row(number, line)
            if row is not None and len(problems) == before:
                rows.append(row)


def read_with(reader_class, data: bytes, name: str, *, detected: bool = False) -> ResultsFile:
    result = ResultsFile(name=name, format=reader_class.format, detected=detected)
    result.label = str(reader_class.label())
    header, lines = lines_of(data, result)
    if header is None:
        return result
    columns = Columns(header)
    missing = columns.missing(reader_class.required)
    if missing:
        result.fail(1, ", ".join(missing), _("These columns are missing."))
        return result
    reader = reader_class(result, columns)
    if reader.prepare():
        result.label = reader.describe()
        result.student_column = columns.name(reader.student_at)
        try:
            reader.read(lines)
        except csv.Error as error:
            result.fail(None, "", _("The file is not valid CSV: %(error)s") % {"error": error})
    return result


# -- Values ---------------------------------------------------------------------------------


def score_of(value: str) -> Decimal | None:
    """A score as the database keeps it (two decimals), or None if it is not a number.
    (Decimal() ignores surrounding spaces itself.)"""
    try:
        score = Decimal(value)
    except InvalidOperation:
        return None
    if not score.is_finite() or abs(score) >= 1000000:
        return None
    dot = value.find(".")
    return score.quantize(CENT) if dot >= 0 and len(value.rstrip()) - dot > 3 else score


def error_of(value: str) -> tuple[Decimal | None, bool]:
    """A standard error: (value or None when blank, whether it was readable)."""
    if not value.strip():
        return None, True
    error = score_of(value)
    if error is None or not 0 <= error < 10000:
        return None, False
    return error, True


def percentile_of(value: str) -> tuple[int | None, bool]:
    """A whole percentile 0–99 (written "55" or "55.0"): (value or None when blank, readable)."""
    if not value or value.isspace():
        return None, True
    try:
        number = int(value)  # the common case, without a Decimal
    except ValueError:
        try:
            number = int(Decimal(value))
        except (InvalidOperation, ValueError):
            return None, False
    return (number, True) if 0 <= number <= 99 else (None, False)


YES = {"true", "t", "y", "yes", "1"}
NO = {"false", "f", "n", "no", "0"}


def flag_of(value: str, *, blank: bool = True) -> bool | None:
    """TRUE/FALSE, Y/N, Yes/No, 1/0 (any case); `blank` when empty; None if unreadable."""
    value = value.strip().lower()
    if not value:
        return blank
    if value in YES:
        return True
    if value in NO:
        return False
    return None


def us_date(text: str) -> date:
    """MM/DD/YYYY (one-digit months and days too), as the vendors write it; strptime is slow
    for 50,000 rows. Raises ValueError."""
    month, day, year = text.split("/")
    if len(year) != 4:
        raise ValueError(text)
    return date(int(year), int(month), int(day))


def export_date(text: str) -> date:
    """A date, perhaps with a time after it, as exports and Excel write them:
    YYYY-MM-DD[ HH:MM:SS.fff], MM/DD/YYYY[ HH:MM], or Excel's M/D/YY[ H:MM]. Raises ValueError."""
    day_part = text.strip().split(" ", 1)[0].split("T", 1)[0]
    if "-" in day_part:
        year, month, day = day_part.split("-")
        if len(year) != 4:
            raise ValueError(text)
        return date(int(year), int(month), int(day))
    month, day, year = day_part.split("/")
    if len(year) == 2:
        year = "20" + year
    if len(year) != 4:
        raise ValueError(text)
    return date(int(year), int(month), int(day))
