"""The student-led conference, before and after: the student's preparation and the record of
the meeting (seed 002: "what I learned, what I need to learn, how I will learn it", the pieces
of work to show, and the form that records the meeting).

A preparation belongs to the student and the term, not to one conference, so the two meetings
of a household that meets apart share it. A record belongs to one conference. Both carry a
revision number: a save that names an older one is a conflict, never a lost edit. A record is
final once `finalized_at` is set; services refuse every later change.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.conferences.models import Conference
from tandem.people.models import Student
from tandem.schools.models import Term

# What a piece of work may be when uploaded: documents, images, slides, sound and video clips.
WORK_EXTENSIONS = [
    "pdf",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "heic",
    "txt",
    "docx",
    "pptx",
    "xlsx",
    "odt",
    "odp",
    "mp3",
    "m4a",
    "mp4",
    "mov",
]
WORK_MAX_BYTES = 20 * 1024 * 1024


def validate_work_upload(upload) -> None:
    """The upload rule of a piece of work (conference preparation, the portfolio): one of
    WORK_EXTENSIONS and at most WORK_MAX_BYTES; a ValidationError saying which, otherwise."""
    suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if suffix not in WORK_EXTENSIONS:
        raise ValidationError(
            _("This kind of file cannot be added. Use one of: %(kinds)s.")
            % {"kinds": ", ".join(WORK_EXTENSIONS)}
        )
    if upload.size > WORK_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": WORK_MAX_BYTES // 2**20}
        )


def work_path(piece, filename: str) -> str:
    # Never the uploaded name on disk (it may say anything); it is kept in `file_name` instead.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = suffix if suffix in WORK_EXTENSIONS else "bin"
    return f"records/work/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class Preparation(models.Model):
    """What the student will say and show at the term's conference."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="preparations")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    learned = models.TextField(_("What I learned"), blank=True)
    need_to_learn = models.TextField(_("What I need to learn"), blank=True)
    how_to_learn = models.TextField(_("How I will learn it"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "term"], name="preparation_one_per_term")
        ]

    def __str__(self):
        return f"{self.student} — {self.term}"

    TEXT_FIELDS = ("learned", "need_to_learn", "how_to_learn")

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f).strip() for f in self.TEXT_FIELDS)


class WorkPiece(models.Model):
    """A piece of the student's portfolio (tandem.portfolios) chosen to show at the term's
    conference. The piece — its title, reflection, file or link — is the portfolio's; this row
    is only the choice, so removing it from the conference leaves the piece in the portfolio."""

    preparation = models.ForeignKey(Preparation, on_delete=models.CASCADE, related_name="pieces")
    piece = models.ForeignKey(
        "portfolios.Piece", on_delete=models.CASCADE, related_name="conference_choices"
    )
    order = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["preparation", "piece"], name="work_piece_once")
        ]

    def __str__(self):
        return self.title

    # What the conference pages show, read from the portfolio's piece.
    @property
    def title(self) -> str:
        return self.piece.title

    @property
    def why(self) -> str:
        return self.piece.reflection

    @property
    def link(self) -> str:
        return self.piece.url

    @property
    def file(self):
        return self.piece.file

    @property
    def file_name(self) -> str:
        return self.piece.file_name


class PreparationComment(models.Model):
    """A comment on the preparation by the advisor (or other staff); the student reads it."""

    preparation = models.ForeignKey(Preparation, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} on {self.preparation}"


class MeetingRecord(models.Model):
    """The record of one conference, following the seed's form."""

    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="record")
    reflection = models.TextField(_("The student's reflection"), blank=True)
    areas_for_growth = models.TextField(_("Areas for growth"), blank=True)
    long_term_goals = models.TextField(_("Long-term goals"), blank=True)
    graduation_concerns = models.TextField(_("Concerns about graduation progress"), blank=True)
    benchmarks_reviewed = models.TextField(_("Benchmark results reviewed"), blank=True)
    interventions_note = models.TextField(_("Interventions planned"), blank=True)
    family_actions = models.TextField(_("What the family will do"), blank=True)
    interventions = models.ManyToManyField(
        "evidence.Intervention", blank=True, related_name="meeting_records"
    )
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finalized_at = models.DateTimeField(null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(finalized_at__isnull=True) | Q(finalized_by__isnull=False),
                name="record_final_has_who",
            )
        ]

    def __str__(self):
        return f"Record of {self.conference}"

    TEXT_FIELDS = (
        "reflection",
        "areas_for_growth",
        "long_term_goals",
        "graduation_concerns",
        "benchmarks_reviewed",
        "interventions_note",
        "family_actions",
    )

    @property
    def is_final(self) -> bool:
        return self.finalized_at is not None


class NextStep(models.Model):
    """One next step agreed in the meeting: what, who (a person or a name), by when."""

    record = models.ForeignKey(MeetingRecord, on_delete=models.CASCADE, related_name="next_steps")
    what = models.CharField(_("next step"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_name = models.CharField(_("owner (name)"), max_length=200, blank=True)
    due_on = models.DateField(_("due"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | ~Q(owner_name=""), name="next_step_has_owner"
            )
        ]

    def __str__(self):
        return self.what

    @property
    def owner_display(self) -> str:
        if self.owner_id:
            return self.owner.full_name or self.owner.email
        return self.owner_name
