"""Text messages through a pluggable backend, like Django's e-mail backends.

TANDEM_SMS_BACKEND names a class with `send(to: str, body: str) -> SmsResult`. The default
prints to the console (the demo and development); `tandem.core.sms.MemoryBackend` keeps
messages in `MemoryBackend.outbox` for tests of code that sends texts. A school plugs in its
provider (Twilio, Vonage, a district gateway) with a small class of its own.
"""

import logging
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    provider_id: str = ""
    error: str = ""
    # A provider's "try again later" (HTTP 429 or 5xx, a timeout): the delivery is retried.
    # False with ok=False means the number was refused: it is flagged for correction.
    temporary: bool = False


class ConsoleBackend:
    def send(self, to: str, body: str) -> SmsResult:
        sys.stdout.write(f"-- text message to {to} --\n{body}\n-- end --\n")
        sys.stdout.flush()
        return SmsResult(ok=True, provider_id="console")


class MemoryBackend:
    outbox: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> SmsResult:
        MemoryBackend.outbox.append((to, body))
        return SmsResult(ok=True, provider_id=f"memory-{len(MemoryBackend.outbox)}")


def backend_send(to: str, body: str) -> SmsResult:
    """One attempt through the configured backend; an exception is a temporary failure."""
    backend = import_string(settings.TANDEM_SMS_BACKEND)()
    try:
        return backend.send(to, body)
    except Exception as error:  # noqa: BLE001 - a provider failure is a delivery status
        logger.warning("text message to %s failed: %s", to, error)
        return SmsResult(ok=False, error=str(error)[:300], temporary=True)


def send_text(to: str, body: str, *, purpose: str = "", context: dict | None = None) -> SmsResult:
    """Send one text to an E.164 number now (from a task); never raises for a provider's
    refusal. The text is a delivery (tandem/core/deliveries.py): a temporary failure is
    retried later (the result says so: ok=False, temporary=True), a refused number flagged."""
    if not to:
        return SmsResult(ok=False, error="no mobile number")
    from .deliveries import send_now

    delivery = send_now("text", to=to, body=body, purpose=purpose, context=context)
    if delivery.state == delivery.State.SENT:
        return SmsResult(ok=True, provider_id=f"delivery-{delivery.pk}")
    return SmsResult(
        ok=False,
        provider_id=f"delivery-{delivery.pk}",
        error=delivery.last_error[:300],
        temporary=delivery.state in (delivery.State.RETRYING, delivery.State.SENDING),
    )
