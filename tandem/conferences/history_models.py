"""A conference's status history: every mark (held, no-show) and every undo, with who, when and
why. An undo needs a reason (held by the database too)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Conference, Status


class ConferenceStatusChange(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, choices=Status.choices)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status=Status.BOOKED) | ~Q(reason=""),
                name="conference_undo_has_reason",
            )
        ]

    def __str__(self):
        return f"{self.conference_id}: {self.from_status} → {self.to_status}"

    @property
    def is_undo(self) -> bool:
        return self.to_status == Status.BOOKED
