"""Every CSV Tandem writes goes through here, so a spreadsheet opens each cell as text.

A name from the student information system such as `=HYPERLINK("http://x")` or `@SUM(A1)`
would otherwise open as a live formula. OWASP's rule (CSV injection): a text cell that starts
with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with a single quote. Numbers
(int, Decimal, float) are written as they are; only text is neutralised.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> object:
    """The value as the CSV should hold it: text that a spreadsheet would read as a formula gets
    a leading `'`; None is empty; anything else is unchanged."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeWriter:
    """csv.writer with every cell through safe_cell."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download: the header, then the rows, each cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = SafeWriter(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
