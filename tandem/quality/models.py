"""Plan quality (issue 16): the school's rubric, each term's sampled reviews, their scores.

A rubric is the school's: criteria (ordered; retired, never deleted, so old scores stay
readable), levels (1…n, with names) and a descriptor per criterion and level. Each term the
coordinator draws a sample of shared plans per advisor (`Sample`, with the seed that reproduces
it); each `Review` reads one exact `PlanVersion` and scores every criterion in use at a level.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.plans.models import Plan, PlanVersion
from tandem.schools.models import School, Term


class Rubric(models.Model):
    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="quality_rubric")
    per_advisor = models.PositiveSmallIntegerField(
        _("plans sampled per advisor each term"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    peer_review = models.BooleanField(
        _("advisors review each other's plans"),
        default=False,
        help_text=_("Otherwise the coordinator reviews the sample."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Rubric of {self.school}"


class Level(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["value"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "value"], name="quality_level_unique"),
            models.CheckConstraint(condition=Q(value__gte=1), name="quality_level_positive"),
        ]

    def __str__(self):
        return f"{self.value} {self.name}"


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Descriptor(models.Model):
    """What a plan at this level looks like on this criterion."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="descriptors")
    level = models.PositiveSmallIntegerField()
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="quality_descriptor_unique")
        ]

    def __str__(self):
        return f"{self.criterion} at {self.level}"


class Sample(models.Model):
    """The plans drawn for review in one term; `seed` reproduces the draw."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="quality_samples")
    term = models.OneToOneField(Term, on_delete=models.CASCADE, related_name="quality_sample")
    seed = models.PositiveBigIntegerField()
    per_advisor = models.PositiveSmallIntegerField()
    peer_review = models.BooleanField(default=False)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    drawn_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Sample of {self.term}"


class Review(models.Model):
    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="reviews")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="quality_reviews")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    # The plan's advisor when the sample was drawn (the stratum); the feedback is theirs.
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_quality_feedback"
    )
    # A peer reviewer; empty means the school's coordinators (and admins) review it.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_quality_reviews",
    )
    feedback = models.TextField(_("feedback to the advisor"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "plan"], name="quality_review_plan_unique"),
            models.CheckConstraint(
                condition=~Q(reviewer=models.F("advisor")), name="quality_review_not_own"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(feedback=""),
                name="quality_review_feedback_when_submitted",
            ),
        ]

    def __str__(self):
        return f"Review of {self.plan}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="quality_score_unique"),
            models.CheckConstraint(condition=Q(level__gte=1), name="quality_score_level_positive"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.level}"
