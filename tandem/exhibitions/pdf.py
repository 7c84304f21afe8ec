"""An exhibition's results as a PDF (WeasyPrint, as tandem.records.pdf and tandem.plans.pdf):
each presentation's scores per criterion with the median and the spread, the panel's notes,
and whether the advisor has finalised them. Text stays text (DejaVu fonts)."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import selectors


def results_pdf(exhibition, *, language: str | None = None) -> bytes:
    import weasyprint  # imported here: loading Pango is not free, and most requests need none

    language = language or translation.get_language()
    with translation.override(language), timezone.override(exhibition.school.zone):
        html = render_to_string(
            "exhibitions/pdf/results.html",
            {
                "exhibition": exhibition,
                "school": exhibition.school,
                "all_results": selectors.exhibition_results(exhibition),
                "language": language,
            },
        )
    return weasyprint.HTML(string=html).write_pdf()


def results_pdf_filename(exhibition) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in exhibition.name).strip("-")
    return f"Exhibition-results-{safe}-{exhibition.starts_on}.pdf"
