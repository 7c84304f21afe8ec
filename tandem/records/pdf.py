"""The meeting record as a PDF (WeasyPrint, as tandem.plans.pdf): the record's fields, next
steps, interventions, the plan changes made in the meeting and the plan's approvals, labelled
in the reader's language. Text stays text (DejaVu fonts), so the PDF can be searched."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .selectors import record_document


def record_pdf(conference, *, language: str) -> bytes:
    import weasyprint  # imported here: loading Pango is not free, and most requests need none

    document = record_document(conference)
    school = conference.student.school
    with translation.override(language), timezone.override(school.time_zone):
        html = render_to_string(
            "records/pdf/record.html",
            {
                "doc": document,
                "conference": conference,
                "student": conference.student,
                "school": conference.student.school,
                "language": language,
            },
        )
    return weasyprint.HTML(string=html).write_pdf()


def pdf_filename(conference) -> str:
    student = conference.student
    safe = "".join(c if c.isalnum() else "-" for c in student.display_name).strip("-")
    day = timezone.localtime(conference.starts_at, conference.window.school.zone).date()
    return f"Conference-record-{safe}-{day}.pdf"
