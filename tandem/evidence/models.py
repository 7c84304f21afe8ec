"""Evidence for the review conference (seed 000, steps 2–5): competency frameworks and ratings,
the advisor's narrative, exhibition panel notes, standardized tests, IEP goals with progress
monitoring, interventions, and the school's graduation requirement.

IEP goals and progress points are restricted records: every view of one is written to the
access log (`tandem.core.policy.log_access`, called from `evidence.access`).
"""

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Student
from tandem.schools.models import School, Term


class Framework(models.Model):
    """A competency framework: a CASE CFDocument, or a list read from a CSV file."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="frameworks")
    identifier = models.CharField(_("identifier"), max_length=255)
    title = models.CharField(_("title"), max_length=300)
    creator = models.CharField(_("publisher"), max_length=300, blank=True)
    version = models.CharField(_("version"), max_length=60, blank=True)
    source = models.CharField(max_length=10, default="case")  # case or csv
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["school", "identifier"], name="framework_identifier")
        ]

    def __str__(self):
        return self.title


class FrameworkItem(models.Model):
    """One node of a framework's tree (a CFItem); `parent` comes from its isChildOf association
    and `sequence` from that association's sequenceNumber."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    identifier = models.CharField(_("identifier"), max_length=255)
    code = models.CharField(_("code"), max_length=40, blank=True)
    statement = models.TextField(_("statement"))
    item_type = models.CharField(_("type"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    sequence = models.IntegerField(default=0)

    class Meta:
        ordering = ["framework", "sequence", "code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "identifier"], name="framework_item_id")
        ]

    def __str__(self):
        return f"{self.code or self.identifier} — {self.statement[:60]}"


class GraduationRule(models.Model):
    """How many competency credits a student needs to graduate, earned over grades 9–12."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="graduation")
    credits_required = models.DecimalField(
        _("credits required to graduate"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("24"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )

    def __str__(self):
        return f"{self.school}: {self.credits_required}"


class Level(models.TextChoices):
    NOT_YET = "not_yet", _("Not yet")
    IN_PROGRESS = "in_progress", _("In progress")
    MASTERED = "mastered", _("Mastered")


class CompetencyRating(models.Model):
    """Where a student stands on one competency in one term, who said so, and on what evidence."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(
        "plans.Competency", on_delete=models.PROTECT, related_name="ratings"
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="ratings")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    rated_on = models.DateField(_("rated on"), default=timezone.localdate)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(_("evidence note"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    # For the API's `updated_since` (a rating is rewritten in place, services.rating_save).
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        ordering = ["competency__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "competency", "term"], name="rating_once_per_term"
            )
        ]

    def __str__(self):
        return f"{self.student} {self.competency.code} {self.term}: {self.level}"


class PanelNote(models.Model):
    """Notes and feedback from an exhibition panel for a term (seed 000, step 2.3)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="panel_notes")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    panelist = models.CharField(_("panelist"), max_length=200)
    note = models.TextField(_("note"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.panelist} on {self.student}"


class Narrative(models.Model):
    """The advisor's narrative for a term, with the seed's two prompts (step 3). Families see it
    only once the advisor finalizes it."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="narratives")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    successes = models.TextField(_("What was the student successful with?"), blank=True)
    challenges = models.TextField(
        _("What challenges did the student have, and how did they work through them (or not)?"),
        blank=True,
    )
    notes = models.TextField(_("Anything else"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)
    finalized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "term"], name="narrative_once_per_term")
        ]

    def __str__(self):
        return f"Narrative for {self.student}, {self.term}"

    @property
    def is_final(self) -> bool:
        return self.finalized_at is not None


class Scale(models.TextChoices):
    """The score scales of the vendors' tests: different scales are never one line on a chart.
    A plain CSV may name its own scale (free text in `AssessmentResult.scale`)."""

    RIT = "rit", _("RIT")
    STAR = "star", _("Star scaled score")
    IREADY = "iready", _("i-Ready scale score")


class AssessmentResult(models.Model):
    """One test event: a standardized test or benchmark score, as the vendor's export lists it.

    `assessment` is the product (NWEA MAP Growth, Renaissance Star, i-Ready Diagnostic, or what a
    plain CSV says), `test` the test within it whose scores share one `scale` (NWEA's Course or
    MeasurementScale — Reading and Language Usage are both the subject "Language Arts" —, Star
    Reading, i-Ready Math …), `subject` the vendor's subject area. `event_id` is the vendor's id
    of the event (NWEA TestID, Star AssessmentID; made from the event's own columns where the
    export has none), so re-importing updates it and a retest on the same day is a second event.
    Only growth-measure events (`growth_measure`: NWEA GrowthMeasureYN; a Star test not
    deactivated; an i-Ready diagnostic not rushed) are drawn on the growth chart.

    Rows without an event id were entered by hand, or imported before event ids were kept; an
    import takes such a row over when it has the same student, assessment, subject and date."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="test_results")
    assessment = models.CharField(_("assessment"), max_length=100)
    subject = models.CharField(_("subject"), max_length=100)
    test = models.CharField(_("test"), max_length=100)
    scale = models.CharField(_("scale"), max_length=60, blank=True)  # a Scale, or a CSV's words
    event_id = models.CharField(_("test event id"), max_length=100, blank=True)
    taken_on = models.DateField(_("date"))
    term_name = models.CharField(_("testing term"), max_length=100, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2)
    standard_error = models.DecimalField(
        _("standard error"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    percentile = models.PositiveSmallIntegerField(
        _("percentile"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    growth_measure = models.BooleanField(_("growth measure"), default=True)
    level = models.CharField(_("level"), max_length=60, blank=True)
    growth = models.JSONField(default=dict, blank=True)  # the vendor's growth columns, as given
    source = models.CharField(max_length=10, default="manual")  # nwea, star, iready, csv, manual
    # For the API's `updated_since`: a re-import updates a result in place. The database's
    # default stamps the rows an import COPYs in (import_apply._insert_results names no time).
    updated_at = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)

    class Meta:
        ordering = ["assessment", "test", "taken_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "assessment", "event_id"],
                condition=~Q(event_id=""),
                name="result_event_once",
            ),
            models.UniqueConstraint(
                fields=["student", "assessment", "subject", "taken_on"],
                condition=Q(event_id=""),
                name="result_without_event_once",
            ),
        ]

    def __str__(self):
        return f"{self.student} {self.assessment} {self.test} {self.taken_on}: {self.score}"

    @property
    def scale_label(self) -> str:
        if self.scale in Scale.values:
            return Scale(self.scale).label
        return self.scale or _("Score")


class IepGoal(models.Model):
    """An IEP goal kept by the case manager. Restricted: every view is logged."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="iep_goals")
    area = models.CharField(_("area"), max_length=100)
    goal = models.TextField(_("goal"))
    baseline = models.DecimalField(_("baseline"), max_digits=8, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=8, decimal_places=2)
    measure = models.CharField(_("measure"), max_length=200, help_text=_("e.g. words per minute"))
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("target date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["area", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="iep_goal_dates_ordered"
            )
        ]

    def __str__(self):
        return f"{self.area}: {self.goal[:60]}"


_PERCENT = ("%", "percent", "per cent", "porcentaje", "por ciento")
_OUT_OF = re.compile(r"(?:\bout of|\bof|\bde|/)\s*(\d+(?:[.,]\d+)?)(?![\d.,]*\s*%)")


def measure_range(measure: str) -> tuple[Decimal, Decimal | None]:
    """The values a goal's measure allows, read from how the case manager wrote it: a
    percentage is 0 to 100, "problems of 10" (or "out of", "de", "/") 0 to 10, and any other
    count or rate (words per minute, minutes, days) 0 or more. Progress monitoring has no
    negative measures."""
    text = (measure or "").lower()
    if any(word in text for word in _PERCENT):
        return Decimal(0), Decimal(100)
    found = _OUT_OF.search(text)
    if found:
        return Decimal(0), Decimal(found.group(1).replace(",", "."))
    return Decimal(0), None


class ProgressPoint(models.Model):
    """One progress-monitoring data point of an IEP goal. Its author corrects or removes it
    with a reason (ProgressPointChange keeps what it said)."""

    goal = models.ForeignKey(IepGoal, on_delete=models.CASCADE, related_name="points")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(
        _("value"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["measured_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="progress_value_not_negative")
        ]

    def __str__(self):
        return f"{self.goal} {self.measured_on}: {self.value}"

    def as_recorded(self) -> dict:
        return {
            "measured_on": self.measured_on.isoformat(),
            "value": str(Decimal(self.value).quantize(Decimal("0.01"))),  # as the column keeps it
            "note": self.note,
        }


class ProgressPointChange(models.Model):
    """A data point corrected or removed by its author, with the reason and what it said
    before: the goal's history (a removed point lives on only here). Never edited."""

    class Kind(models.TextChoices):
        CORRECTED = "corrected", _("Corrected")
        REMOVED = "removed", _("Removed")

    goal = models.ForeignKey(IepGoal, on_delete=models.CASCADE, related_name="point_changes")
    point = models.ForeignKey(
        ProgressPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    before = models.JSONField()  # ProgressPoint.as_recorded()
    after = models.JSONField(null=True, blank=True)  # the same, for a correction
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.before} ({self.reason[:40]})"

    @staticmethod
    def _read(recorded: dict | None) -> dict | None:
        if not recorded:
            return None
        return {
            "measured_on": datetime.date.fromisoformat(recorded["measured_on"]),
            "value": Decimal(recorded["value"]),
            "note": recorded.get("note", ""),
        }

    @property
    def was(self) -> dict:
        """What the point said before, as a date and a number."""
        return self._read(self.before)

    @property
    def now(self) -> dict | None:
        return self._read(self.after)


class InterventionArea(models.TextChoices):
    ELA = "ela", _("English language arts")
    MATH = "math", _("Math")
    CREDITS = "credits", _("Credits")
    ATTENDANCE = "attendance", _("Attendance")
    SEL = "sel", _("Social-emotional")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Under way")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class Intervention(models.Model):
    """A plan to close a learning gap or a credit deficiency."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="interventions")
    area = models.CharField(_("area"), max_length=12, choices=InterventionArea.choices)
    description = models.TextField(_("what we will do"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name=_("owner"),
    )
    starts_on = models.DateField(_("start date"))
    review_on = models.DateField(_("review date"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PLANNED,
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gte=models.F("starts_on")),
                name="intervention_review_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_area_display()} for {self.student}"
