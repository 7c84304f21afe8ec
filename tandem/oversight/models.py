"""What the coordinator's desk writes: the nudges (who nudged whom about which student's item,
when) and the weekly digest's record of what it last reported."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.people.models import Student
from tandem.schools.models import School


class Nudge(models.Model):
    """One item of one nudge: the coordinator asked `recipient` (an advisor or case manager)
    — or, for the family's items, the family through `message` — to act on a student's item."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nudges_received",
    )
    message = models.ForeignKey(
        "outreach.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(max_length=20)
    state = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["recipient", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | models.Q(message__isnull=False),
                name="nudge_has_an_addressee",
            )
        ]

    def __str__(self):
        return f"Nudge {self.item} for {self.student_id} by {self.sent_by_id}"

    @property
    def label(self) -> str:
        from .compliance import item_label, state_label

        return f"{item_label(self.item)}: {state_label(self.item, self.state)}"


class CoordinatorDigest(models.Model):
    """One weekly digest per coordinator, school and week (the Monday it belongs to), with the
    states it reported ("student:item" -> state) so next week's says what changed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    week = models.DateField()
    states = models.JSONField(default=dict)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "week"], name="coordinator_digest_once_a_week"
            )
        ]

    def __str__(self):
        return f"Weekly digest for {self.user_id} at {self.school_id}, week of {self.week}"
