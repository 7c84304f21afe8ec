"""Deliveries: every outgoing e-mail and text is a row, sent by a task, retried until it goes.

`queue_email` / `queue_text` write the `Delivery` in the caller's transaction and queue the
`deliver` task in the same transaction (`tasks.enqueue_on_commit`): the change and its message
commit together, or neither does. `attempt` sends one delivery:

- it claims the row first (state "sending", attempts + 1) in its own transaction, so a
  delivery already sent, failed for good or handled by staff is never sent again;
- a temporary failure (SMTP 4xx, a timeout, a refused connection; an SMS provider's 429/5xx
  or an exception) is retried with exponential backoff and jitter, for up to
  TANDEM_DELIVERY_RETRY_FOR seconds after the delivery was written; then it is "not
  delivered" and staff see it;
- a permanent failure (SMTP 5xx such as "550 no such user"; a provider refusing the number)
  stops at once and flags the caregiver's address for correction (outreach's contact flag).

At-least-once, honestly: a worker that dies after the SMTP server accepted the data but before
the row says "sent" leaves the delivery "sending"; after TANDEM_DELIVERY_LEASE it is sent again
with the same Message-ID (the only duplicate possible, and one a mail client can recognise).
"""

from __future__ import annotations

import contextvars
import logging
import random
import smtplib
from datetime import timedelta
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import Delivery

logger = logging.getLogger(__name__)

State = Delivery.State
DONE = {State.SENT, State.FAILED, State.HANDLED}
UNDELIVERED = [State.RETRYING, State.FAILED]

# The task run asking for deliveries (set by tasks.py from django-tasks' signals): the same
# task run again after a crash asks for the same keys, and finds the rows it wrote before.
_task_run: contextvars.ContextVar[list | None] = contextvars.ContextVar("task_run", default=None)


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    def __init__(self, message: str, *, bad_address: bool = True):
        super().__init__(message)
        self.bad_address = bad_address


# --- writing deliveries -------------------------------------------------------------------


def _next_key() -> str | None:
    run = _task_run.get()
    if run is None:
        return None
    run[1] += 1
    return f"{run[0]}:{run[1]}"


def _message_id() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "tandem.local"
    return make_msgid(idstring="tandem", domain=domain)


def _about(context: dict | None, about) -> dict:
    """What the message is about, its student, school and caregiver, from `about` or from the
    model instances in the template context (so callers need not say)."""
    from tandem.people.models import Caregiver, Student
    from tandem.schools.models import School

    instances = [v for v in (context or {}).values() if isinstance(v, models.Model)]
    if about is None:
        about = next(
            (v for v in instances if not isinstance(v, Caregiver | Student | School)),
            next(iter(instances), None),
        )
    student = next((v for v in instances if isinstance(v, Student)), None)
    caregiver = next((v for v in instances if isinstance(v, Caregiver)), None)
    if student is None and about is not None:
        student = getattr(about, "student", None)
        if not isinstance(student, Student):
            student = None
    school = student.school if student else None
    if school is None:
        school = next((v for v in instances if isinstance(v, School)), None)
    if school is None and caregiver is not None:
        school = caregiver.school
    return {
        "about_type": about._meta.label_lower if about is not None else "",
        "about_id": str(about.pk) if about is not None else "",
        "student": student,
        "school": school,
        "caregiver": caregiver,
    }


def _recipient(fields: dict, channel: str, to: str):
    """The caregiver the address belongs to (at the school, when known), for flagging."""
    if fields["caregiver"] is not None or not to:
        return fields["caregiver"]
    from tandem.people.models import Caregiver

    match = (
        Caregiver.objects.filter(email__iexact=to)
        if channel == Delivery.Channel.EMAIL
        else Caregiver.objects.filter(mobile_phone=to)
    )
    if fields["school"] is not None:
        match = match.filter(school=fields["school"])
    return match.filter(is_active=True).order_by("pk").first()


def _create(
    *, channel: str, to: str, purpose: str, context, about, enqueue: bool = True, **content
) -> Delivery:
    from .tasks import deliver, enqueue_on_commit

    key = _next_key()
    if key is not None:
        existing = Delivery.objects.filter(idempotency_key=key).first()
        if existing is not None:  # this task ran before (a crash): its message exists
            return existing
    fields = _about(context, about)
    fields["caregiver"] = _recipient(fields, channel, to)
    if fields["school"] is None and fields["caregiver"] is not None:
        fields["school"] = fields["caregiver"].school
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                channel=channel,
                to=to,
                purpose=purpose[:120],
                message_id=_message_id(),
                idempotency_key=key,
                **fields,
                **content,
            )
            if enqueue:
                enqueue_on_commit(deliver, delivery_id=delivery.pk)
    except IntegrityError:
        if key is None:
            raise
        return Delivery.objects.get(idempotency_key=key)
    return delivery


def queue_email(
    *,
    to: str,
    subject: str,
    body: str,
    html: str = "",
    attachment: tuple[str, bytes, str] | None = None,
    purpose: str = "",
    context: dict | None = None,
    about=None,
    enqueue: bool = True,
    alternative_type: str = "text/html",
) -> Delivery:
    """Write the delivery of one e-mail and queue its sending, in the caller's transaction.
    `html` is the alternative part (`alternative_type`: an invitation's text/calendar)."""
    name, data, mimetype = attachment or ("", None, "")
    return _create(
        channel=Delivery.Channel.EMAIL,
        to=to,
        purpose=purpose,
        context=context,
        about=about,
        enqueue=enqueue,
        subject=subject,
        body=body,
        html=html,
        alternative_type=alternative_type,
        attachment_name=name,
        attachment=data,
        attachment_type=mimetype,
    )


def queue_text(
    *,
    to: str,
    body: str,
    purpose: str = "",
    context: dict | None = None,
    about=None,
    enqueue: bool = True,
) -> Delivery:
    return _create(
        channel=Delivery.Channel.TEXT,
        to=to,
        purpose=purpose,
        context=context,
        about=about,
        enqueue=enqueue,
        body=body,
    )


def send_now(channel: str, **kwargs) -> Delivery:
    """Write the delivery and make its first attempt here (code that already runs in a task
    and wants the outcome); a temporary failure is retried by the `deliver` task later.
    Run twice by the same task run (a crash), it finds the delivery instead of writing it
    again, and attempts it only if it is still due."""
    if channel == Delivery.Channel.TEXT:
        delivery = queue_text(enqueue=False, **kwargs)
    else:
        delivery = queue_email(enqueue=False, **kwargs)
    attempt(delivery.pk)
    delivery.refresh_from_db()
    return delivery


# --- sending ------------------------------------------------------------------------------


def _claim(delivery_id: int, now) -> Delivery | None:
    """Mark the delivery "sending" if it is due; None when there is nothing to do."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.state in DONE:
            return None
        later = delivery.next_attempt_at and delivery.next_attempt_at > now + timedelta(seconds=1)
        if delivery.state == State.RETRYING and later:
            return None  # a later attempt is scheduled
        lease = timedelta(seconds=settings.TANDEM_DELIVERY_LEASE)
        if delivery.state == State.SENDING and delivery.claimed_at > now - lease:
            # Another worker is sending it right now, or died doing so: look again once
            # the lease is over (sent by then, or sent again with the same Message-ID).
            _schedule(delivery, delivery.claimed_at + lease)
            return None
        delivery.state = State.SENDING
        delivery.attempts += 1
        delivery.claimed_at = now
        delivery.save(update_fields=["state", "attempts", "claimed_at"])
        return delivery


def _schedule(delivery: Delivery, when) -> None:
    from .tasks import deliver

    if deliver.get_backend().supports_defer:
        deliver.using(run_after=when).enqueue(delivery_id=delivery.pk)
    # Else (tests' immediate backend) `recover_tasks` queues it once it is due.


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _send_email(delivery: Delivery) -> None:
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.body,
        to=[delivery.to],
        headers={"Message-ID": delivery.message_id},
    )
    if delivery.html:
        message.attach_alternative(delivery.html, delivery.alternative_type or "text/html")
    if delivery.attachment is not None and delivery.attachment_name:
        message.attach(
            delivery.attachment_name, bytes(delivery.attachment), delivery.attachment_type
        )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _msg in error.recipients.values()]
        text = "; ".join(f"{code} {_text(msg)}" for code, msg in error.recipients.values())
        if codes and all(code >= 500 for code in codes):
            raise PermanentFailure(text) from error
        raise TemporaryFailure(text) from error
    except smtplib.SMTPResponseException as error:
        text = f"{error.smtp_code} {_text(error.smtp_error)}"
        if error.smtp_code >= 500:
            # 550/551/553 at DATA are about the mailbox; other 5xx (auth, sender) are ours.
            raise PermanentFailure(text, bad_address=error.smtp_code in (550, 551, 553)) from error
        raise TemporaryFailure(text) from error
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from error


def _send_text(delivery: Delivery) -> str:
    from .sms import backend_send

    result = backend_send(delivery.to, delivery.body)
    if result.ok:
        return result.provider_id
    if result.temporary:
        raise TemporaryFailure(result.error)
    raise PermanentFailure(result.error)


def backoff(attempts: int) -> timedelta:
    """The wait before attempt `attempts + 1`: base × 2^(attempts − 1), capped at 6 h, with
    ±25 % jitter so a relay coming back is not hit by every queued message at once."""
    base = settings.TANDEM_DELIVERY_BACKOFF * 2 ** max(attempts - 1, 0)
    seconds = min(base, 6 * 3600) * random.uniform(0.75, 1.25)  # noqa: S311 - not crypto
    return timedelta(seconds=seconds)


def attempt(delivery_id: int) -> str:
    """Send the delivery if it is due; returns its state afterwards."""
    now = timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return Delivery.objects.filter(pk=delivery_id).values_list("state", flat=True).first() or ""
    try:
        if delivery.channel == Delivery.Channel.TEXT:
            _send_text(delivery)
        else:
            _send_email(delivery)
    except TemporaryFailure as error:
        _failed_temporarily(delivery, str(error))
    except PermanentFailure as error:
        _failed_for_good(delivery, str(error), bad_address=error.bad_address)
    else:
        Delivery.objects.filter(pk=delivery.pk).update(
            state=State.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
        )
        return State.SENT
    return Delivery.objects.get(pk=delivery.pk).state


def _failed_temporarily(delivery: Delivery, error: str) -> None:
    now = timezone.now()
    when = now + backoff(delivery.attempts)
    give_up = delivery.created_at + timedelta(seconds=settings.TANDEM_DELIVERY_RETRY_FOR)
    logger.warning(
        "delivery %s to %s failed (attempt %s): %s",
        delivery.pk,
        delivery.to,
        delivery.attempts,
        error,
    )
    if when > give_up:
        _failed_for_good(delivery, error, bad_address=False)
        return
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            state=State.RETRYING, next_attempt_at=when, last_error=error[:500]
        )
        _schedule(delivery, when)


def _failed_for_good(delivery: Delivery, error: str, *, bad_address: bool) -> None:
    logger.warning("delivery %s to %s failed for good: %s", delivery.pk, delivery.to, error)
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            state=State.FAILED, next_attempt_at=None, last_error=error[:500]
        )
        if bad_address and delivery.caregiver_id:
            from tandem.outreach.models import ContactDetail
            from tandem.outreach.services import contact_flag

            detail = (
                ContactDetail.EMAIL
                if delivery.channel == Delivery.Channel.EMAIL
                else ContactDetail.PHONE
            )
            contact_flag(caregiver=delivery.caregiver, detail=detail, reason=error[:200])


# --- staff actions and the clock ---------------------------------------------------------


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by) -> Delivery:
    """Staff's "retry now": an undelivered message goes back to the queue, due at once."""
    from .tasks import deliver, enqueue_on_commit

    if delivery.state not in UNDELIVERED:
        return delivery
    delivery.state = State.RETRYING
    delivery.next_attempt_at = timezone.now()
    # A fresh retry window from now: staff may have fixed the address.
    delivery.created_at = timezone.now()
    delivery.save(update_fields=["state", "next_attempt_at", "created_at"])
    enqueue_on_commit(deliver, delivery_id=delivery.pk)
    return delivery


@transaction.atomic
def delivery_mark_handled(*, delivery: Delivery, by) -> Delivery:
    """Staff reached the family another way: no more retries, off the list."""
    if delivery.state not in UNDELIVERED:
        return delivery
    delivery.state = State.HANDLED
    delivery.handled_at = timezone.now()
    delivery.handled_by = by
    delivery.next_attempt_at = None
    delivery.save(update_fields=["state", "handled_at", "handled_by", "next_attempt_at"])
    return delivery


def requeue_due(now=None) -> int:
    """Queue a task for every delivery that is due and may have none (the task was lost, or
    the backend could not defer it): a retry whose time has come, a message pending or
    "sending" for longer than the lease. An extra task for a delivery is harmless."""
    from .tasks import deliver, enqueue_on_commit

    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.TANDEM_DELIVERY_LEASE)
    due = Delivery.objects.filter(
        models.Q(state=State.RETRYING, next_attempt_at__lte=stale)
        | models.Q(state=State.PENDING, created_at__lte=stale)
        | models.Q(state=State.SENDING, claimed_at__lte=stale)
    ).values_list("pk", flat=True)
    count = 0
    for pk in due:
        enqueue_on_commit(deliver, delivery_id=pk)
        count += 1
    return count
