"""A portfolio that lasts (issue 17): one per student across their years at the school, made of
pieces of work (a file within the upload rules of conference preparation, a link, an image, a
video link), each with the student's reflection, its date and the competencies it shows, and
staff comments on it. The student marks the pieces of their graduation portfolio, which the
school's inclusion rubric (`InclusionRule`, read by `rubric.completeness`) judges; and shares
chosen pieces by a revocable, expiring showcase link (`ShowcaseLink`, only the token's SHA-256
is stored).

Conference preparation (tandem.records) picks pieces *from* the portfolio: a
`records.WorkPiece` is now the choice of a `Piece` for a term's conference.
"""

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Student
from tandem.records.models import WORK_EXTENSIONS
from tandem.schools.models import School


def piece_path(piece, filename: str) -> str:
    # Never the uploaded name on disk (it may say anything); it is kept in `file_name` instead.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = suffix if suffix in WORK_EXTENSIONS else "bin"
    return f"portfolios/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class Portfolio(models.Model):
    """The student's one portfolio, kept across their years at the school."""

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="portfolio")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Portfolio of {self.student}"


class PieceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    IMAGE = "image", _("Image")
    VIDEO = "video", _("Video link")


class Piece(models.Model):
    """One piece of work: an uploaded file (a file or an image) or a link (a link or a video
    link), with the student's reflection on it."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="pieces")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=PieceKind.choices)
    file = models.FileField(
        _("file"),
        upload_to=piece_path,
        max_length=255,
        blank=True,
        validators=[FileExtensionValidator(WORK_EXTENSIONS)],
    )
    file_name = models.CharField(max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    reflection = models.TextField(_("what this shows, why I chose it"), blank=True)
    date = models.DateField(_("date"))
    competencies = models.ManyToManyField(
        "plans.Competency", blank=True, related_name="portfolio_pieces"
    )
    in_graduation_portfolio = models.BooleanField(_("in my graduation portfolio"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["portfolio", "date"], name="piece_portfolio_date")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=["file", "image"]) & ~Q(file="") & Q(url=""))
                | (Q(kind__in=["link", "video"]) & ~Q(url="") & Q(file="")),
                name="piece_file_or_link",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_upload(self) -> bool:
        return self.kind in (PieceKind.FILE, PieceKind.IMAGE)


class PieceComment(models.Model):
    """A comment on a piece by staff; the student and their family read it."""

    piece = models.ForeignKey(Piece, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.author} on {self.piece}"


class RuleKind(models.TextChoices):
    EACH_AREA = "each_area", _("A piece for each competency area")
    REFLECTION = "reflection", _("A reflection on each piece")
    EACH_YEAR = "each_year", _("A piece from each year at the school")
    AT_LEAST = "at_least", _("At least this many pieces")


class InclusionRule(models.Model):
    """One rule of the school's inclusion rubric for graduation portfolios. A school with no
    rules uses the defaults (`rubric.DEFAULT_RULES`)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="inclusion_rules")
    kind = models.CharField(_("rule"), max_length=12, choices=RuleKind.choices)
    number = models.PositiveSmallIntegerField(
        _("number"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("For “at least this many pieces”: how many."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "kind"], name="inclusion_rule_once")
        ]

    def __str__(self):
        return f"{self.school}: {self.get_kind_display()}"


class ShowcaseLink(models.Model):
    """A read-only link to chosen pieces: revocable, expiring; only the token's hash is kept."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.CASCADE, related_name="showcases")
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("name"), max_length=120, blank=True)
    pieces = models.ManyToManyField(Piece, related_name="showcases")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("works until"))
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Showcase of {self.portfolio.student}"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
