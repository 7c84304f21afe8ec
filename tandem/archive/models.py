"""The year's archive (one zip per student and a school zip with the manifest of hashes) and
the school's retention: how many years records are kept, and every destruction that was done.

The files live in the default storage (`default_storage`: the file system, or S3 through
django-storages); these rows say where, how large and with which SHA-256.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Student
from tandem.schools.models import AcademicYear, School


class YearArchive(models.Model):
    """The archive of one school year; built by the task worker, one student at a time."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        BUILDING = "building", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Stopped by an error")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="year_archives")
    # PROTECT: a year with an archive cannot be deleted by accident; retention removes the
    # archive first.
    year = models.OneToOneField(AcademicYear, on_delete=models.PROTECT, related_name="archive")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    language = models.CharField(max_length=10)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    students_total = models.PositiveIntegerField(default=0)
    students_done = models.PositiveIntegerField(default=0)
    school_file = models.CharField(max_length=300, blank=True)
    school_size = models.PositiveBigIntegerField(default=0)
    school_sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["school", "-year__starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(students_done__lte=F("students_total")), name="archive_done_le_total"
            ),
        ]

    def __str__(self):
        return f"Archive of {self.year}"

    @property
    def folder(self) -> str:
        return f"archives/school-{self.school_id}/year-{self.year_id}"


class ArchiveFile(models.Model):
    """One student's zip: where it is stored, its size and hash, and the hash of every file in
    it (`members`: [{"path", "size", "sha256"}], the manifest's rows for this student)."""

    archive = models.ForeignKey(YearArchive, on_delete=models.CASCADE, related_name="files")
    # PROTECT: an archived student is not deleted while the archive holds their records.
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=300)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    members = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["archive", "student__last_name", "student__first_name", "student_id"]
        constraints = [
            models.UniqueConstraint(fields=["archive", "student"], name="archive_file_per_student"),
        ]

    def __str__(self):
        return self.name


class RetentionSetting(models.Model):
    """How many years after a year ends its records are kept (no row: DEFAULT_YEARS)."""

    DEFAULT_YEARS = 5

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="retention")
    years = models.PositiveSmallIntegerField(
        _("years to keep records after a school year ends"),
        default=DEFAULT_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(years__gte=1) & Q(years__lte=50), name="retention_years_range"
            ),
        ]

    def __str__(self):
        return f"{self.school}: {self.years} years"


class Destruction(models.Model):
    """A destruction of records past retention, confirmed by a coordinator or school admin:
    who, when, what (per year and kind, `summary`) and how many rows and files in all."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="destructions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    retention_years = models.PositiveSmallIntegerField()
    summary = models.JSONField(default=list)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.school} {self.at:%Y-%m-%d}: {self.count}"
