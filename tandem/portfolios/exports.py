"""The portfolio to keep: a PDF (WeasyPrint, as tandem.plans.pdf and tandem.records.pdf) and a
zip — every uploaded file and an index.html that opens without Tandem (no scripts, no styles
from elsewhere), for the student to keep after they leave."""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile

from django.template.loader import render_to_string

from tandem.core.dates import school_clock
from tandem.schools import calendar

from . import rubric, selectors


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-") or "portfolio"


def filename(student, suffix: str) -> str:
    return f"Portfolio-{_safe(student.display_name)}-{calendar.today(student.school)}.{suffix}"


def _context(student, language: str) -> dict:
    return {
        "student": student,
        "school": student.school,
        "pieces": selectors.export_pieces(student),
        "completeness": rubric.student_completeness(student),
        "language": language,
        "today": calendar.today(student.school),
    }


def portfolio_pdf(student, *, language: str) -> bytes:
    import weasyprint  # imported here: loading Pango is not free, and most requests need none

    with school_clock(student.school, language):
        html = render_to_string("portfolios/pdf/portfolio.html", _context(student, language))
    return weasyprint.HTML(string=html).write_pdf()


def member_name(number: int, piece) -> str:
    """A piece's file in the zip: its number and its uploaded name, made safe."""
    name = piece.file_name or piece.file.name.rsplit("/", 1)[-1]
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    stem = re.sub(r"[^\w-]+", "-", stem).strip("-")[:60] or "file"
    suffix = re.sub(r"\W+", "", suffix)[:8]
    return f"files/{number:02d}-{stem}{'.' + suffix if suffix else ''}"


def portfolio_zip(student, *, language: str):
    """A temporary file holding the zip (files are copied in a piece at a time, never all held
    in memory); the caller streams it and it is gone once closed."""
    context = _context(student, language)
    out = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, piece in enumerate(context["pieces"], start=1):
            piece.member = None  # where the index links to: the file in the zip
            if not piece.file:
                continue
            name = member_name(number, piece)
            try:
                with piece.file.open("rb") as source, archive.open(name, "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
            except FileNotFoundError:
                continue  # the index says the file is missing
            piece.member = name
        with school_clock(student.school, language):
            index = render_to_string("portfolios/export/index.html", context)
        archive.writestr("index.html", index)
    out.seek(0)
    return out
