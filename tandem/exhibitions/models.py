"""Exhibitions of learning (issue 17): the coordinator's event (dates, rooms, slot length, which
grades), each student's presentation (a slot, a room, the portfolio pieces they chose), the
exhibition's rubric (criteria tied to competencies, levels with descriptors), its raters (staff
members, or community panelists with a name and an e-mail address and no account), the panels
(`PanelSeat`: a rater on a presentation), each rater's scores, and the advisor's final result.

A community panelist opens their pages by the link e-mailed to them: a random token of which
only the SHA-256 is stored (`Rater.token_hash`), working from the day before the exhibition to
the day after (rules.panel_open). A rater's scores are theirs alone until they submit them
(`PanelSeat.submitted_at`); a submitted seat is never edited. A finalised `Result` has written
the competency ratings and the credit report's panel notes (tandem.evidence) once.
"""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.evidence.models import Level as RatingLevel
from tandem.people.models import Student
from tandem.schools.models import School


class Exhibition(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="exhibitions")
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    day_starts_at = models.TimeField(_("first slot starts at"), default=datetime.time(9, 0))
    day_ends_at = models.TimeField(_("last slot ends by"), default=datetime.time(15, 0))
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    rooms = models.TextField(_("rooms"), help_text=_("One room per line."))
    grades = models.CharField(
        _("grades"), max_length=60, blank=True, help_text=_("For example: 12, or 11, 12")
    )
    panel_size = models.PositiveSmallIntegerField(
        _("raters on each panel"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    signup_open = models.BooleanField(_("students choose their own slot"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="exhibition_dates_ordered",
                violation_error_message=_("The last day comes before the first."),
            ),
            models.CheckConstraint(
                condition=Q(day_ends_at__gt=F("day_starts_at")),
                name="exhibition_day_ordered",
                violation_error_message=_("The last slot must end after the first one starts."),
            ),
        ]
        indexes = [models.Index(fields=["school", "starts_on"], name="exhibition_school_day")]

    def __str__(self):
        return self.name

    @property
    def room_list(self) -> list[str]:
        return list(dict.fromkeys(line.strip() for line in self.rooms.splitlines() if line.strip()))

    @property
    def grade_list(self) -> list[int]:
        found = []
        for part in self.grades.replace(";", ",").split(","):
            part = part.strip()
            if part.lstrip("-").isdigit():
                found.append(int(part))
        return sorted(set(found))


class Rubric(models.Model):
    """The exhibition's rubric: its criteria (each tied to a competency) and its levels."""

    exhibition = models.OneToOneField(Exhibition, on_delete=models.CASCADE, related_name="rubric")

    def __str__(self):
        return f"Rubric of {self.exhibition}"


class Level(models.Model):
    """A level of the rubric (1…n), and the competency rating a panel's median there means."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField(_("points"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=80)
    rating = models.CharField(
        _("competency rating it means"), max_length=12, choices=RatingLevel.choices
    )

    class Meta:
        ordering = ["value"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "value"], name="exhibition_level_unique"),
            models.CheckConstraint(condition=Q(value__gte=1), name="exhibition_level_positive"),
        ]

    def __str__(self):
        return f"{self.value} {self.name}"


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    competency = models.ForeignKey(
        "plans.Competency", on_delete=models.PROTECT, related_name="exhibition_criteria"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Descriptor(models.Model):
    """What a presentation at this level looks like on this criterion."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="descriptors")
    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="descriptors")
    text = models.TextField(_("descriptor"), blank=True)

    class Meta:
        ordering = ["level__value"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="exhibition_descriptor")
        ]

    def __str__(self):
        return self.text[:60]


class Presentation(models.Model):
    """One student's presentation: their slot and room (none until assigned or chosen) and the
    portfolio pieces they chose to present."""

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="presentations"
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="presentations")
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    pieces = models.ManyToManyField("portfolios.Piece", blank=True, related_name="presentations")
    # The calendar invitation's UID and SEQUENCE (as a conference's): an update replaces the event.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    invited_at = models.DateTimeField(null=True, blank=True)  # the families were invited

    # Families are invited as to a conference (conferences.services.invitees reads this): a
    # presentation is for every household with rights, never one of them alone.
    household_id = None
    reminded = models.JSONField(default=list, blank=True)  # "2d", "day": each reminder once

    class Meta:
        ordering = ["starts_at", "room", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "student"], name="presentation_once_per_exhibition"
            ),
            models.UniqueConstraint(
                fields=["exhibition", "room", "starts_at"],
                condition=Q(starts_at__isnull=False),
                name="presentation_room_slot_once",
            ),
            models.CheckConstraint(
                condition=(Q(starts_at__isnull=True) & Q(ends_at__isnull=True))
                | Q(ends_at__gt=F("starts_at")),
                name="presentation_slot_ordered",
            ),
        ]
        indexes = [models.Index(fields=["exhibition", "starts_at"], name="presentation_slot")]

    def __str__(self):
        return f"{self.student} at {self.exhibition}"

    @property
    def invited(self) -> bool:
        return self.invited_at is not None


class Rater(models.Model):
    """A rater of one exhibition: a staff member (`user`), or a community panelist (a name and
    an e-mail address, no account) who opens their pages by an e-mailed link."""

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="raters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exhibition_raters",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The most presentations the panel assignment gives them (None: no limit).
    max_presentations = models.PositiveSmallIntegerField(
        _("most presentations"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "user"],
                condition=Q(user__isnull=False),
                name="rater_staff_once",
            ),
            models.UniqueConstraint(
                fields=["exhibition", "email"],
                condition=Q(user__isnull=True),
                name="rater_panelist_once",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | (~Q(email="") & ~Q(name="")),
                name="rater_staff_or_named_panelist",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def is_community(self) -> bool:
        return self.user_id is None

    @property
    def display_name(self) -> str:
        return self.user.full_name if self.user_id else self.name


class RaterAvailability(models.Model):
    """A span of the exhibition when the rater can rate. A rater with none is free for the
    whole exhibition (every day, from its first slot to its last); with some, only then."""

    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="availability")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("to"))

    class Meta:
        ordering = ["rater", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="rater_availability_ordered",
                violation_error_message=_("The end must come after the start."),
            )
        ]

    def __str__(self):
        return f"{self.rater}: {self.starts_at}–{self.ends_at}"


class PanelSeat(models.Model):
    """A rater on a presentation's panel. Their scores and comment stay theirs until they
    submit (`submitted_at`); then they are final, and the rater reads the others'."""

    presentation = models.ForeignKey(Presentation, on_delete=models.CASCADE, related_name="seats")
    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="seats")
    comment = models.TextField(_("notes and feedback for the student"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["presentation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["presentation", "rater"], name="seat_once_per_panel")
        ]

    def __str__(self):
        return f"{self.rater} on {self.presentation}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """One rater's level on one criterion of one presentation."""

    seat = models.ForeignKey(PanelSeat, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="scores")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "criterion"], name="score_once_per_criterion")
        ]

    def __str__(self):
        return f"{self.seat}: {self.criterion} {self.level}"


class Result(models.Model):
    """The advisor's finalisation of a presentation's results: once, with what it wrote."""

    presentation = models.OneToOneField(
        Presentation, on_delete=models.CASCADE, related_name="result"
    )
    note = models.TextField(_("the advisor's note on the panel's feedback"), blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(default=timezone.now)
    ratings = models.ManyToManyField("evidence.CompetencyRating", blank=True, related_name="+")
    panel_notes = models.ManyToManyField("evidence.PanelNote", blank=True, related_name="+")

    def __str__(self):
        return f"Result of {self.presentation}"
