"""A plan version as a PDF: the same content as the page, with every approval and how it was
given, labelled in the reader's language."""

from django.template.loader import render_to_string
from django.utils import translation

from .models import PlanVersion


def version_pdf(version: PlanVersion, *, language: str) -> bytes:
    import weasyprint  # imported here: loading Pango is not free, and most requests need none

    approvals = version.approvals.select_related("caregiver", "recorded_by").order_by(
        "approved_at", "pk"
    )
    with translation.override(language):
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
