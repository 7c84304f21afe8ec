from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """Who looked at a restricted record, when and why (IEP records, referrals). Written by
    `tandem.core.policy.log_access`; never edited; exported by the school."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_logs"
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="access_logs"
    )
    student = models.ForeignKey(
        "people.Student",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_logs",
    )
    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.CharField(_("record id"), max_length=64)
    purpose = models.CharField(_("purpose"), max_length=200)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["school", "-at"]),
            models.Index(fields=["student", "-at"]),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.record_type}#{self.record_id}"

    # The CSV export (the admin's action and the school's own export share it).
    CSV_HEADER = ["at", "user", "student", "record_type", "record_id", "purpose", "ip"]

    def csv_row(self, zone=None) -> list[str]:
        """Needs `user` and `student` selected. The time is on the school's clock (`zone`,
        else the entry's school's), written as every page writes it."""
        from tandem.core.dates import format_datetime

        return [
            format_datetime(self.at, zone or (self.school.zone if self.school_id else None)),
            self.user.email,
            str(self.student or ""),
            self.record_type,
            self.record_id,
            self.purpose,
            self.ip_address or "",
        ]


class Delivery(models.Model):
    """One outgoing e-mail or text, written in the transaction of the change that causes it
    and sent by the `tandem.core.tasks.deliver` task (tandem/core/deliveries.py).

    The Message-ID is fixed here, once: every attempt sends the same message, so a retry after
    an uncertain send (a crash after the server took the data) is recognisable downstream."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        TEXT = "text", _("text message")

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        RETRYING = "retrying", _("not delivered yet, will retry")
        FAILED = "failed", _("not delivered")
        HANDLED = "handled", _("handled by staff")

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    to = models.CharField(_("to"), max_length=254)
    purpose = models.CharField(_("purpose"), max_length=120, blank=True)
    # What the message is about: "app_label.model" and its id (any model, no generic FK).
    about_type = models.CharField(max_length=80, blank=True)
    about_id = models.CharField(max_length=64, blank=True)
    school = models.ForeignKey(
        "schools.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    caregiver = models.ForeignKey(
        "people.Caregiver", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message_id = models.CharField(max_length=255, unique=True)
    # Set when a task asked for the message: the same task run twice finds its delivery.
    idempotency_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    subject = models.TextField(blank=True)
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)  # the alternative part: HTML, or a calendar invitation
    alternative_type = models.CharField(max_length=100, default="text/html")
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment = models.BinaryField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["school", "state"]),
            models.Index(fields=["student", "state"]),
            models.Index(fields=["state", "next_attempt_at"]),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} to {self.to}: {self.state}"


class WorkerBeat(models.Model):
    """A task worker that is alive: `manage.py db_worker` (tandem/core/management/commands)
    writes its row every few seconds; `recover_tasks` re-queues only the tasks of workers
    whose row has gone quiet."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.IntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.worker_id} on {self.host} ({self.pid})"
