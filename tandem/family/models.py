"""What families did that their advisor hears of (FamilyEvent), and which final meeting
records a caregiver has read (RecordRead)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FamilyEvent(models.Model):
    """A family commented, asked for changes, approved, booked, moved or cancelled. Written by
    the task that tells the student's advisor (tandem.family.news), at once or in the morning
    digest, as the advisor chose on their account page; `told_at` says when they were told."""

    class Kind(models.TextChoices):
        COMMENTED = "commented", _("Commented")
        CHANGES_ASKED = "changes_asked", _("Asked for changes")
        APPROVED = "approved", _("Approved")
        BOOKED = "booked", _("Booked")
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")

    # The task's key: a task run again after a crash finds the row instead of writing two.
    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey("people.Student", on_delete=models.CASCADE, related_name="+")
    caregiver = models.ForeignKey("people.Caregiver", on_delete=models.CASCADE, related_name="+")
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family_events"
    )
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    conference = models.ForeignKey(
        "conferences.Conference",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.TextField(blank=True)  # the family's words (a comment)
    previous_at = models.DateTimeField(null=True, blank=True)  # a moved conference's old time
    at = models.DateTimeField(default=timezone.now)
    told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(
                fields=["advisor", "at"],
                condition=models.Q(told_at__isnull=True),
                name="family_event_untold",
            )
        ]

    def __str__(self):
        return f"{self.caregiver} {self.kind} ({self.student})"


class RecordRead(models.Model):
    """A caregiver opened a final meeting record: it leaves their list of next steps."""

    record = models.ForeignKey("records.MeetingRecord", on_delete=models.CASCADE, related_name="+")
    caregiver = models.ForeignKey("people.Caregiver", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "caregiver"], name="record_read_once")
        ]

    def __str__(self):
        return f"{self.caregiver} read {self.record}"
