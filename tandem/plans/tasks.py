"""Mail about plans, sent after commit by the task worker."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from tandem.core.dates import school_clock
from tandem.core.deliveries import send_now
from tandem.core.mail import send_email_with_pdf, sign_in_link


@task()
def send_plan_shared(*, version_id: int, caregiver_id: int) -> None:
    """The shared plan to one caregiver: in their language, with the PDF and a sign-in link."""
    from tandem.people.models import Caregiver

    from .models import PlanVersion
    from .pdf import pdf_filename, version_pdf

    version = PlanVersion.objects.select_related("plan__student__school", "plan__term").get(
        pk=version_id
    )
    caregiver = Caregiver.objects.select_related("user").get(pk=caregiver_id)
    language = caregiver.preferred_language
    link = sign_in_link(caregiver, reverse("plans:detail", args=[version.plan_id]))
    context = {
        "caregiver": caregiver,
        "plan": version.plan,
        "version": version,
        "student": version.plan.student,
        "link": link,
    }
    send_email_with_pdf(
        to=caregiver.email,
        language=language,
        template="plans/email/shared",
        context=context,
        pdf=(pdf_filename(version), version_pdf(version, language=language)),
        zone=version.plan.student.school.zone,
    )


@task()
def send_revision_reminder(*, revision_plan_id: int) -> None:
    from .models import RevisionPlan

    revision = RevisionPlan.objects.select_related("plan__student__school", "owner").get(
        pk=revision_plan_id
    )
    if revision.resolved_at or revision.reminded_at:
        return
    owner = revision.owner
    context = {
        "revision": revision,
        "plan": revision.plan,
        "student": revision.plan.student,
        "link": settings.SITE_URL + reverse("plans:detail", args=[revision.plan_id]),
    }
    with school_clock(revision.plan.student.school, owner.preferred_language):
        subject = " ".join(
            render_to_string("plans/email/revision_due_subject.txt", context).split()
        )
        body = render_to_string("plans/email/revision_due.txt", context)
    send_now(
        "email",
        to=owner.email,
        subject=subject,
        body=body,
        purpose="plans/email/revision_due",
        context=context,
    )
    type(revision).objects.filter(pk=revision.pk).update(reminded_at=timezone.now())
