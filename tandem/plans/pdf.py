"""A plan version as a PDF: the same content as the page, with every approval and how it was
given, labelled in the reader's language."""

from django.template.loader import render_to_string

from tandem.core.dates import school_clock

from .models import PlanVersion


def version_pdf(version: PlanVersion, *, language: str) -> bytes:
    import weasyprint  # imported here: loading Pango is not free, and most requests need none

    approvals = version.approvals.select_related("caregiver", "recorded_by").order_by(
        "approved_at", "pk"
    )
    # The signed PDF is the school's document: its times are on the school's clock, whoever
    # opens it and wherever it is rendered (a page, or the task that mails it).
    with school_clock(version.plan.student.school, language):
        html = render_to_string(
            "plans/pdf/version.html",
            {
                "version": version,
                "plan": version.plan,
                "content": version.content,
                "approvals": approvals,
                "school": version.plan.student.school,
                "language": language,
            },
        )
    return weasyprint.HTML(string=html).write_pdf()


def pdf_filename(version: PlanVersion) -> str:
    student = version.plan.student
    safe = "".join(c if c.isalnum() else "-" for c in student.display_name).strip("-")
    return f"PLP-{safe}-{version.plan.term.name}-v{version.number}.pdf".replace(" ", "-")
