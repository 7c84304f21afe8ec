"""Advisors' onboarding and voice (seed 001, "PLP Staff Advisor Expectations").

- The school's advisor expectations are versioned: each edit by the coordinator freezes a new
  `ExpectationsVersion` (the items' texts, in order), and an advisor's `Acknowledgement` names
  the version read, so an edit asks every advisor to acknowledge again (as a plan's approval
  binds to the version approved).
- The first-weeks checklist (`StartTask`) is the coordinator's list; each advisor ticks their
  own tasks, once per academic year (`StartTaskDone`).
- `Suggestion`: an advisor's suggestion or concern about the PLP process, which the
  coordinator answers (`SuggestionReply`) and closes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.schools.models import AcademicYear, School


class ExpectationsVersion(models.Model):
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="expectations_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    items = models.JSONField(_("expectations"), default=list)  # the texts, in order
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["school", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="expectations_version_unique")
        ]

    def __str__(self):
        return f"{self.school} expectations v{self.number}"


class Acknowledgement(models.Model):
    version = models.ForeignKey(
        ExpectationsVersion, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "advisor"], name="acknowledgement_unique")
        ]

    def __str__(self):
        return f"{self.advisor} acknowledged {self.version}"


class StartTask(models.Model):
    """One item of the school's first-weeks checklist for advisors."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="start_tasks")
    text = models.CharField(_("task"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class StartTaskDone(models.Model):
    task = models.ForeignKey(StartTask, on_delete=models.CASCADE, related_name="done")
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task", "advisor", "year"], name="start_task_done_unique"
            )
        ]

    def __str__(self):
        return f"{self.task} done by {self.advisor}"


class SuggestionKind(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion")
    CONCERN = "concern", _("Concern")


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Suggestion(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="suggestions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SuggestionKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("what you would like to say"))
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed") | Q(closed_at__isnull=True),
                name="suggestion_closed_at_only_when_closed",
            )
        ]

    def __str__(self):
        return self.subject


class SuggestionReply(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="replies")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("reply"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Reply to {self.suggestion}"
