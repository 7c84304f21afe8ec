"""Mail about meeting records, sent after commit by the task worker."""

from django.urls import reverse
from django_tasks import task

from tandem.core.mail import send_email_with_pdf, sign_in_link


@task()
def send_record_final(*, record_id: int, caregiver_id: int) -> None:
    """The final record to one invited caregiver: in their language, with the PDF attached and
    a sign-in link to the record in Tandem."""
    from tandem.people.models import Caregiver

    from .models import MeetingRecord
    from .pdf import pdf_filename, record_pdf

    record = MeetingRecord.objects.select_related(
        "conference__student__school", "conference__window__term"
    ).get(pk=record_id)
    conference = record.conference
    caregiver = Caregiver.objects.select_related("user").get(pk=caregiver_id)
    language = caregiver.preferred_language
    link = sign_in_link(caregiver, reverse("records:record", args=[conference.pk]))
    context = {
        "caregiver": caregiver,
        "record": record,
        "conference": conference,
        "student": conference.student,
        "link": link,
    }
    send_email_with_pdf(
        to=caregiver.email,
        language=language,
        template="records/email/final",
        context=context,
        pdf=(pdf_filename(conference), record_pdf(conference, language=language)),
        zone=conference.student.school.time_zone,
    )
