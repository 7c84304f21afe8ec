"""Mail about meeting records, sent after commit by the task worker."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from sesame.utils import get_query_string


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
    path = reverse("records:record", args=[conference.pk])
    if caregiver.user_id and caregiver.user.is_active:
        link = (
            settings.SITE_URL
            + reverse("accounts:signin_link_open")
            + get_query_string(caregiver.user)
            + "&next="
            + path
        )
    else:
        link = settings.SITE_URL + path
    context = {
        "caregiver": caregiver,
        "record": record,
        "conference": conference,
        "student": conference.student,
        "link": link,
    }
    zone = conference.student.school.time_zone
    with translation.override(language), timezone.override(zone):
        subject = " ".join(render_to_string("records/email/final_subject.txt", context).split())
        body = render_to_string("records/email/final.txt", context)
        html = render_to_string("records/email/final.html", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[caregiver.email])
    message.attach_alternative(html, "text/html")
    message.attach(
        pdf_filename(conference), record_pdf(conference, language=language), "application/pdf"
    )
    message.send()
