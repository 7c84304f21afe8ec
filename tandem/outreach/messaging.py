"""Messages to families: who receives what, in which language and on which channel; delivery
after commit, with a status per recipient; every message lands in the family's contact log.

- Channel: each caregiver's preferences (e-mail and/or text); a caregiver who prefers calls
  only gets an e-mail if they have an address, else a text, else nothing (logged as not sent).
- Language: a template is written once per language (outreach.message_templates; the
  coordinator's template page); each caregiver gets their own language, else the school's.
  Free text goes out as written, wrapped in the caregiver's language.
- Rights: a caregiver without educational rights receives a message only if it is general and
  the school allows general messages to them (OutreachSettings.no_rights_messages).
- Quiet hours: texts written during the school's quiet hours wait until they end (e-mail does
  not ring a phone, so it goes at once); `manage.py morning_digest` releases them.
"""

import re

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tandem.core import content
from tandem.core.deliveries import send_now
from tandem.core.sms import send_text
from tandem.core.tasks import enqueue_on_commit
from tandem.people.models import Guardianship

from .message_models import (
    PLACEHOLDERS,
    Channel,
    DeliveryStatus,
    Message,
    MessageKind,
    MessageRecipient,
    MessageTemplate,
)
from .models import ContactDetail, ContactLog, ContactMethod, Initiator, Outcome, OutreachSettings
from .services import contact_flag

PLACEHOLDER = re.compile(r"\{(\w*)\}")


def check_placeholders(text: str) -> None:
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(names)s: use %(known)s.")
            % {
                "names": ", ".join("{" + name + "}" for name in unknown),
                "known": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            }
        )


def fill(text: str, values: dict) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def channels(caregiver) -> list[tuple[str, str]]:
    """(channel, address) pairs this caregiver is reached on: what they chose, or whichever
    they have when they chose neither. Conference mail (tandem.conferences.tasks) follows it."""
    chosen = []
    if caregiver.contact_by_email and caregiver.email:
        chosen.append((Channel.EMAIL, caregiver.email))
    if caregiver.contact_by_text and caregiver.mobile_phone:
        chosen.append((Channel.TEXT, caregiver.mobile_phone))
    if not chosen and caregiver.email:
        chosen.append((Channel.EMAIL, caregiver.email))
    elif not chosen and caregiver.mobile_phone:
        chosen.append((Channel.TEXT, caregiver.mobile_phone))
    return chosen


def _receives(guardianship, kind, settings) -> bool:
    if not guardianship.caregiver.is_active or not guardianship.receives_mailings:
        return False
    if guardianship.has_educational_rights:
        return True
    return kind == MessageKind.GENERAL and settings.no_rights_messages == "general"


def _texts_by_language(school, template_name, subject, body) -> dict:
    if not template_name:
        return {None: (subject, body)}
    rows = MessageTemplate.objects.filter(school=school, name=template_name)
    found = {row.language: (row.subject, row.body) for row in rows}
    if not found:
        raise ValidationError(_("That message template no longer exists."))
    return found


@transaction.atomic
def message_send(
    *,
    author,
    school,
    students,
    kind: str,
    subject: str,
    body: str,
    template_name: str = "",
    texts: dict | None = None,
) -> Message:
    """Write the message to every caregiver of `students` who may receive it and queue the
    delivery; returns the message with its recipients. `texts` ({language: (subject, body)},
    written by Tandem, e.g. the coordinator's nudge) gives each caregiver the text in their
    language, as a template does; `subject`/`body` are then the fallback."""
    students = list(students)
    if not students:
        raise ValidationError(_("Choose at least one family."))
    if not template_name:
        if not subject.strip() or not body.strip():
            raise ValidationError(_("Write a subject and a message, or choose a template."))
        check_placeholders(subject + body)
    if texts is not None:
        texts = {None: (subject, body), **texts}
    else:
        texts = _texts_by_language(school, template_name, subject, body)
    # A caregiver whose language the template is not written in gets the school's language.
    own = content.school_language(school)
    fallback = texts.get(None) or texts.get(own) or next(iter(texts.values()))
    settings = OutreachSettings.for_school(school)
    now = timezone.now()
    quiet = settings.is_quiet(now)
    message = Message.objects.create(
        school=school,
        author=author,
        kind=kind,
        template_name=template_name,
        subject=fallback[0],
        body=fallback[1],
        created_at=now,
    )
    guardianships = (
        Guardianship.objects.filter(student__in=students)
        .select_related("caregiver", "student")
        .order_by("student__last_name", "student_id", "caregiver__last_name", "pk")
    )
    recipients, not_sent = [], []
    for g in guardianships:
        if not _receives(g, kind, settings):
            continue
        caregiver, student = g.caregiver, g.student
        language = caregiver.preferred_language
        subject_t, body_t = texts.get(language) or fallback
        values = {
            "caregiver_name": caregiver.full_name,
            "student_name": student.display_name,
            "advisor_name": author.full_name,
        }
        reached_on = channels(caregiver)
        if not reached_on:
            not_sent.append(g)
        for channel, address in reached_on:
            held = channel == Channel.TEXT and quiet
            recipients.append(
                MessageRecipient(
                    message=message,
                    student=student,
                    caregiver=caregiver,
                    channel=channel,
                    address=address,
                    language=language,
                    subject=fill(subject_t, values),
                    body=fill(body_t, values),
                    status=DeliveryStatus.HELD if held else DeliveryStatus.QUEUED,
                    hold_until=settings.quiet_ends_after(now) if held else None,
                )
            )
    if not recipients and not not_sent:
        raise ValidationError(_("None of these families can receive this message."))
    recipients = MessageRecipient.objects.bulk_create(recipients)
    logs = [
        ContactLog(
            student=r.student,
            caregiver=r.caregiver,
            by=author,
            method=ContactMethod.EMAIL if r.channel == Channel.EMAIL else ContactMethod.TEXT,
            initiated_by=Initiator.SCHOOL,
            outcome=Outcome.PENDING,
            note=r.subject,
            contacted_at=now,
            recipient=r,
        )
        for r in recipients
    ]
    logs += [
        ContactLog(
            student=g.student,
            caregiver=g.caregiver,
            by=author,
            method=ContactMethod.EMAIL,
            initiated_by=Initiator.SCHOOL,
            outcome=Outcome.NOT_SENT,
            note=_("%(subject)s — no e-mail address or mobile number") % {"subject": subject_t},
            contacted_at=now,
        )
        for g in not_sent
    ]
    ContactLog.objects.bulk_create(logs)
    from .tasks import deliver_message

    enqueue_on_commit(deliver_message, message_id=message.pk)
    return message


def _email(recipient, connection, school_name: str) -> EmailMultiAlternatives:
    context = {"recipient": recipient, "school": school_name}
    with translation.override(recipient.language):
        text = render_to_string("outreach/email/message.txt", context)
        html = render_to_string("outreach/email/message.html", context)
    mail = EmailMultiAlternatives(
        subject=recipient.subject, body=text, to=[recipient.address], connection=connection
    )
    mail.attach_alternative(html, "text/html")
    return mail


def _record(recipient, *, ok: bool, provider_id: str = "", error: str = "", bounced=False):
    recipient.status = DeliveryStatus.SENT if ok else DeliveryStatus.FAILED
    recipient.sent_at = timezone.now() if ok else None
    recipient.provider_id = provider_id[:100]
    recipient.error = error[:300]
    recipient.save(update_fields=["status", "sent_at", "provider_id", "error"])
    if ok:
        outcome = Outcome.SENT
    elif bounced:
        outcome = Outcome.BOUNCED if recipient.channel == Channel.EMAIL else Outcome.WRONG_NUMBER
    else:
        outcome = Outcome.NOT_SENT
    ContactLog.objects.filter(recipient=recipient).update(outcome=outcome)
    if bounced:
        detail = ContactDetail.EMAIL if recipient.channel == Channel.EMAIL else ContactDetail.PHONE
        contact_flag(caregiver=recipient.caregiver, detail=detail, reason=error[:200])


def deliver(recipients) -> int:
    """Send each recipient's copy now and record what happened; returns how many went."""
    sent = 0
    connection = None
    for recipient in recipients:
        about = {"message": recipient.message, "student": recipient.student}
        about["caregiver"] = recipient.caregiver
        if recipient.channel == Channel.TEXT:
            result = send_text(
                recipient.address,
                f"{recipient.subject}\n{recipient.body}",
                purpose="outreach/message",
                context=about,
            )
            # A provider's refusal of a number is a wrong number to correct; a temporary
            # failure is retried by its delivery (tandem/core/deliveries.py).
            _record(
                recipient,
                ok=result.ok,
                provider_id=result.provider_id,
                error=result.error,
                bounced=not result.ok and not result.temporary,
            )
            sent += result.ok
            continue
        # Each e-mail is a delivery (first attempt now, retried if the relay says "later").
        mail = _email(recipient, connection, recipient.message.school.name)
        delivery = send_now(
            "email",
            to=recipient.address,
            subject=mail.subject,
            body=mail.body,
            html=mail.alternatives[0][0],
            purpose="outreach/email/message",
            context=about,
        )
        if delivery.state == delivery.State.SENT:
            _record(recipient, ok=True)
            sent += 1
        else:
            bounced = delivery.state == delivery.State.FAILED and delivery.last_error[:1] == "5"
            _record(recipient, ok=False, error=delivery.last_error, bounced=bounced)
    if connection is not None:
        connection.close()
    return sent


def deliver_message(message_id: int) -> int:
    queued = MessageRecipient.objects.filter(
        message_id=message_id, status=DeliveryStatus.QUEUED
    ).select_related("message__school", "message__author", "caregiver")
    return deliver(list(queued))


def release_held_texts(now=None) -> int:
    """Send the texts held for quiet hours whose hours have ended. Each row is claimed by a
    conditional update first, so two runs at once never send a text twice."""
    due = MessageRecipient.objects.filter(
        status=DeliveryStatus.HELD, hold_until__lte=now or timezone.now()
    ).select_related("message__school", "message__author", "caregiver")
    claimed = []
    for recipient in due:
        won = MessageRecipient.objects.filter(pk=recipient.pk, status=DeliveryStatus.HELD).update(
            status=DeliveryStatus.QUEUED
        )
        if won:
            recipient.status = DeliveryStatus.QUEUED
            claimed.append(recipient)
    return deliver(claimed)
