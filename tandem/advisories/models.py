from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Student
from tandem.schools.models import AcademicYear


class AdvisoryQuerySet(models.QuerySet):
    def current(self, today=None):
        """Assignments in force: not ended, in a year that has not ended."""
        return self.filter(ended_at__isnull=True, year__ends_on__gte=today or timezone.localdate())


class Advisory(models.Model):
    """An advisor's responsibility for a student in a year. Reassigning ends the current row
    and starts a new one, so the history is the table itself."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="advisories")
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advisories"
    )
    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="advisories")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = AdvisoryQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name_plural = "advisories"
        constraints = [
            # At most one current advisor per student per year, whatever races.
            models.UniqueConstraint(
                fields=["student", "year"],
                condition=Q(ended_at__isnull=True),
                name="advisory_one_current_per_year",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="advisory_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(
                fields=["advisor", "year"],
                condition=Q(ended_at__isnull=True),
                name="advisory_current_by_advisor",
            ),
        ]

    def __str__(self):
        return f"{self.advisor} advises {self.student} ({self.year.name})"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


class Handover(models.Model):
    """A departure's handover, on record: what a person left behind at a school (advisees, booked
    conferences, revision plans, next steps, open referrals, IEP caseload), to whom it went,
    who handed it over and when (advisories.departures lists what is still left)."""

    class Kind(models.TextChoices):
        ADVISEES = "advisees", _("Advisees")
        CONFERENCES = "conferences", _("Booked conferences")
        REVISION_PLANS = "revision_plans", _("Revision plans")
        NEXT_STEPS = "next_steps", _("Next steps from meeting records")
        REFERRALS = "referrals", _("Open referrals")
        CASE_MANAGER = "case_manager", _("IEP caseload (case manager)")
        COUNSELOR = "counselor", _("Caseload (counselor)")

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="handovers")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["school", "-at"], name="handover_school_at")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person} → {self.successor}"
