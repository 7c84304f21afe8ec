"""A desk list as CSV (through the project's one CSV writer) or XLSX. Both neutralise formulas:
the CSV by core.csv_export.safe_cell, the XLSX by writing every cell as a string (data_type
's'), so a name like `=HYPERLINK(...)` opens as text."""

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from tandem.core import dates
from tandem.core.csv_export import csv_response, safe_cell

from .compliance import item_label, state_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header() -> list[str]:
    return [
        _("Student"),
        _("Local id"),
        _("Grade"),
        _("Advisor"),
        _("Item"),
        _("State"),
        _("Due by"),
    ]


def lines(desk, rows) -> list[list[str]]:
    zone = desk.school.zone
    out = []
    for row in rows:
        advisor = desk.advisors.get(row.advisor_id)
        out.append(
            [
                row.student.display_name,
                row.student.local_id,
                str(row.student.grade),
                advisor.full_name if advisor else "",
                str(item_label(row.item)),
                str(state_label(row.item, row.state)),
                dates.format_date(row.due_on, zone) if row.due_on else "",
            ]
        )
    return out


def as_csv(desk, rows, filename: str) -> HttpResponse:
    return csv_response(f"{filename}.csv", header(), lines(desk, rows))


def as_xlsx(desk, rows, filename: str) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Students"))[:31]
    for r, values in enumerate([header(), *lines(desk, rows)], start=1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c)
            # A string cell is never evaluated; the CSV's quote prefix is kept too, so both
            # downloads read the same.
            cell.value = str(safe_cell(value))
            cell.data_type = "s"
    stream = io.BytesIO()
    book.save(stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
