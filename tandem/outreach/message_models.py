"""Messages from an advisor to families: the school's translated templates, each message, and
one recipient row per caregiver and channel with its delivery status."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Caregiver, Student
from tandem.schools.models import School

PLACEHOLDERS = ("caregiver_name", "student_name", "advisor_name")


class MessageTemplate(models.Model):
    """One language of a school's message template; the rows sharing a name are one template
    in several languages. Text may use {caregiver_name}, {student_name} and {advisor_name}."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="message_templates")
    name = models.CharField(_("name"), max_length=100)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["school", "name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name", "language"], name="message_template_language_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"


class MessageKind(models.TextChoices):
    STUDENT = "student", _("About the student (plan, progress, concerns)")
    GENERAL = "general", _("General (events, reminders, logistics)")


class Message(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="messages_written"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MessageKind.choices)
    template_name = models.CharField(_("template"), max_length=100, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["author", "-created_at"])]

    def __str__(self):
        return self.subject


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    TEXT = "text", _("Text message")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    HELD = "held", _("Held for quiet hours")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class MessageRecipient(models.Model):
    """The message as one caregiver receives it on one channel: its own text (names filled in,
    in their language) and what happened to it."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="recipients")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    hold_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=100, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["message", "id"]
        indexes = [models.Index(fields=["status", "hold_until"])]

    def __str__(self):
        return f"{self.message} → {self.address} ({self.status})"
