import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.schools.models import School


def package_path(run, filename: str) -> str:
    # Never the uploaded name: it is the school's, and may say anything. Only its kind of file
    # is kept (evidence imports are JSON or CSV).
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = suffix if suffix in {"zip", "json", "csv", "txt"} else "zip"
    return f"rosters/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class ImportRun(models.Model):
    """One roster import: who ran it, when, on which file, and what it did (the report).

    A page import is previewed first (a dry run); the uploaded zip is kept, server-side, only
    until it is confirmed or discarded, then deleted: the summary stays, the students' data in
    the file does not."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        APPLIED = "applied", _("Imported")
        CHECKED = "checked", _("Checked only (dry run)")
        REJECTED = "rejected", _("Not imported: the file has errors")
        DISCARDED = "discarded", _("Discarded")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        # The roster is this app's; the others are the evidence imports (tandem.evidence) and
        # transcripts (tandem.transcripts), which reuse the run record, the report and the
        # preview → confirm flow.
        ROSTER = "roster", _("Roster (OneRoster)")
        FRAMEWORK = "framework", _("Competency framework")
        ASSESSMENTS = "assessments", _("Test results")
        TRANSCRIPT = "transcript", _("Transcript (course records)")

    class Source(models.TextChoices):
        PAGE = "page", _("Roster page")
        COMMAND = "command", _("Command line")

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ROSTER)
    schools = models.ManyToManyField(School, related_name="roster_imports", blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Who ran it when that is not a Tandem user (the command line).
    by_label = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PAGE)
    file_name = models.CharField(_("file"), max_length=255)
    package = models.FileField(upload_to=package_path, blank=True)
    version = models.CharField(_("OneRoster version"), max_length=5, blank=True)
    mode = models.CharField(max_length=10, blank=True)  # bulk, delta or mixed
    dry_run = models.BooleanField(default=False)
    skip_bad_rows = models.BooleanField(default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["status", "-started_at"])]

    def __str__(self):
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def who(self) -> str:
        return self.by.full_name if self.by_id else self.by_label

    @property
    def totals(self) -> dict[str, int]:
        """created/updated/unchanged/deactivated over every kind, for the history list."""
        totals = dict.fromkeys(("created", "updated", "unchanged", "deactivated"), 0)
        for counts in self.summary.get("counts", {}).values():
            for action in totals:
                totals[action] += counts.get(action, 0)
        return totals

    @property
    def errors_total(self) -> int:
        return self.summary.get("errors_total", 0)

    @property
    def warnings_total(self) -> int:
        return self.summary.get("warnings_total", 0)
