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
