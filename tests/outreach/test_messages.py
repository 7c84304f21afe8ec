"""Messages to families: a bulk message to 30 families reaches a real SMTP server in each
family's language and lands in each family's contact log; texts respect quiet hours; rights
decide who receives what; refused numbers are flagged."""

import datetime

import pytest

from tandem.advisories.models import Advisory
from tandem.core.sms import SmsResult
from tandem.outreach.message_models import DeliveryStatus, MessageRecipient, MessageTemplate
from tandem.outreach.messaging import message_send, release_held_texts
from tandem.outreach.models import ContactFlag, ContactLog, OutreachSettings
from tandem.people.models import Caregiver, Guardianship, Household, Student
from tests.smtp import Inbox

D = datetime.date
pytestmark = pytest.mark.django_db


def add_families(cast, count: int) -> list[Student]:
    """`count` advisees for Alice, each with one caregiver; every third speaks Spanish."""
    students = []
    for n in range(count):
        student = Student.objects.create(
            school=cast.school, first_name=f"Kid{n}", last_name="Bulk", grade=9, local_id=f"B-{n}"
        )
        caregiver = Caregiver.objects.create(
            school=cast.school,
            first_name=f"Parent{n}",
            last_name="Bulk",
            email=f"parent{n}@bulk.test",
            preferred_language="es" if n % 3 == 0 else "en",
        )
        home = Household.objects.create(school=cast.school, name=f"Bulk {n}")
        Guardianship.objects.create(
            student=student, caregiver=caregiver, household=home, relationship="parent"
        )
        Advisory.objects.create(student=student, advisor=cast.advisor, year=cast.year)
        students.append(student)
    return students


def templates(school):
    MessageTemplate.objects.create(
        school=school,
        name="Conference week",
        language="en",
        subject="Conference week for {student_name}",
        body="Dear {caregiver_name}, please book a time for {student_name}. — {advisor_name}",
    )
    MessageTemplate.objects.create(
        school=school,
        name="Conference week",
        language="es",
        subject="Semana de conferencias de {student_name}",
        body="Estimado/a {caregiver_name}, reserve una hora para {student_name}. — {advisor_name}",
    )


def test_bulk_message_to_30_families_in_their_languages(
    client, harbor, smtp, sms, django_capture_on_commit_callbacks
):
    students = add_families(harbor, 30)
    templates(harbor.school)
    client.force_login(harbor.advisor)
    form = {"audience": "all", "kind": "general", "template": "Conference week"}
    preview = client.post("/advisor/messages/new/", form).content.decode()
    assert "Check before sending" in preview and "This will send 32 messages" in preview
    assert not MessageRecipient.objects.exists()  # the preview wrote nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/advisor/messages/new/", form | {"confirm": "1"})
    assert response.status_code == 302
    smtp.wait_for(31)  # 30 bulk families + Carla's e-mail; Carla also gets a text
    for n, student in enumerate(students):
        (mail,) = smtp.to(f"parent{n}@bulk.test")
        text = Inbox.text_of(mail)
        if n % 3 == 0:
            assert mail["Subject"] == f"Semana de conferencias de {student.display_name}"
            assert f"Estimado/a Parent{n} Bulk" in text and "Alice Advisor" in text
        else:
            assert mail["Subject"] == f"Conference week for {student.display_name}"
            assert f"Dear Parent{n} Bulk, please book a time for {student.display_name}" in text
        (log,) = ContactLog.objects.filter(student=student)
        assert (log.caregiver.email, log.method, log.outcome) == (
            f"parent{n}@bulk.test",
            "email",
            "sent",
        )
    # Sam's mother prefers e-mail and texts; his father has no rights and this school sends
    # nothing to caregivers without rights.
    assert [to for to, _body in sms] == ["+16175550101"]
    assert not smtp.to("ned@family.test")
    assert ContactLog.objects.filter(caregiver=harbor.caregiver_no_rights).count() == 0


def test_free_text_needs_known_placeholders(client, harbor):
    client.force_login(harbor.advisor)
    response = client.post(
        "/advisor/messages/new/",
        {"audience": str(harbor.student.pk), "kind": "student", "subject": "Hi", "body": "{nme}"},
    )
    assert "Unknown placeholder {nme}" in response.content.decode()


def test_texts_wait_for_quiet_hours_to_end(harbor, travel, sms, django_capture_on_commit_callbacks):
    travel(D(2026, 9, 1), hour=21)  # after 20:00 at school
    with django_capture_on_commit_callbacks(execute=True):
        message = message_send(
            author=harbor.advisor,
            school=harbor.school,
            students=[harbor.student],
            kind="student",
            subject="Tonight",
            body="Hello {caregiver_name}",
        )
    text = message.recipients.get(channel="text")
    assert text.status == DeliveryStatus.HELD and sms == []
    assert text.hold_until == datetime.datetime(2026, 9, 2, 12, 0, tzinfo=datetime.UTC)  # 08:00
    assert message.recipients.get(channel="email").status == DeliveryStatus.SENT
    travel(D(2026, 9, 2), hour=7)
    assert release_held_texts() == 0
    travel(D(2026, 9, 2), hour=8)
    assert release_held_texts() == 1
    assert sms == [("+16175550101", "Tonight\nHello Carla Rivera")]
    assert ContactLog.objects.get(recipient=text).outcome == "sent"


def test_caregivers_without_rights_get_general_messages_only_if_the_school_allows(
    harbor, sms, django_capture_on_commit_callbacks
):
    def receivers(kind):
        message = message_send(
            author=harbor.advisor,
            school=harbor.school,
            students=[harbor.student],
            kind=kind,
            subject="S",
            body="B",
        )
        return {r.caregiver for r in message.recipients.all()}

    assert receivers("general") == {harbor.caregiver}
    OutreachSettings.objects.create(school=harbor.school, no_rights_messages="general")
    assert receivers("general") == {harbor.caregiver, harbor.caregiver_no_rights}
    assert receivers("student") == {harbor.caregiver}


class RefusingBackend:
    def send(self, to, body):
        return SmsResult(ok=False, error="invalid number")


def test_a_refused_number_is_flagged(harbor, settings, django_capture_on_commit_callbacks):
    settings.TANDEM_SMS_BACKEND = "tests.outreach.test_messages.RefusingBackend"
    harbor.caregiver.contact_by_email = False
    harbor.caregiver.save()
    with django_capture_on_commit_callbacks(execute=True):
        message = message_send(
            author=harbor.advisor,
            school=harbor.school,
            students=[harbor.student],
            kind="student",
            subject="S",
            body="B",
        )
    recipient = message.recipients.get()
    assert (recipient.status, recipient.error) == ("failed", "invalid number")
    assert ContactLog.objects.get(recipient=recipient).outcome == "wrong_number"
    assert ContactFlag.objects.get().detail == "phone"


def test_the_author_and_the_coordinator_read_the_delivery_report(client, harbor, sms):
    message = message_send(
        author=harbor.advisor,
        school=harbor.school,
        students=[harbor.student],
        kind="student",
        subject="Report card",
        body="B",
    )
    for user, status in [
        (harbor.advisor, 200),
        (harbor.coordinator, 200),
        (harbor.other_advisor, 404),
    ]:
        client.force_login(user)
        assert client.get(f"/messages/{message.pk}/").status_code == status


def test_the_footer_is_in_the_caregivers_language(
    harbor, smtp, sms, django_capture_on_commit_callbacks
):
    """Free text goes out as written, wrapped in the caregiver's language (needs the catalog)."""
    harbor.caregiver.preferred_language = "es"
    harbor.caregiver.save()
    with django_capture_on_commit_callbacks(execute=True):
        message_send(
            author=harbor.advisor,
            school=harbor.school,
            students=[harbor.student],
            kind="student",
            subject="Hola",
            body="Hola {caregiver_name}",
        )
    (mail,) = smtp.wait_for(1)
    assert "Enviado por Alice Advisor" in Inbox.text_of(mail)
