"""Family conferences: the window after a term, who is free when, and the booked meetings.

No time is ever booked twice: each booked conference holds one `Busy` row per person it
occupies (the advisor, the interpreter, the student, every invited caregiver). On PostgreSQL
an exclusion constraint (migration 0002, btree_gist) forbids two overlapping rows for the same
person, so a race cannot beat it; on SQLite the write transactions are IMMEDIATE (settings), so
bookings are serialized and the service's check runs alone.
"""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Caregiver, Household, Student
from tandem.schools.models import School, Term


class HouseholdMode(models.TextChoices):
    JOINT = "joint", _("One meeting with every household")
    SEPARATE = "separate", _("One meeting per household")


class Mode(models.TextChoices):
    SCHOOL = "school", _("At school")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")
    HOME = "home", _("Home visit")


class ConferenceWindow(models.Model):
    """The days a term's review conferences are held (by default the school days in the
    school's `conference_window_days` after the term ends)."""

    term = models.OneToOneField(Term, on_delete=models.CASCADE, related_name="conference_window")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    day_starts_at = models.TimeField(_("conferences start at"), default=datetime.time(8))
    day_ends_at = models.TimeField(_("conferences end by"), default=datetime.time(19))
    holidays = models.JSONField(_("days without conferences"), default=list, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per conference"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(180)],
    )
    step_minutes = models.PositiveSmallIntegerField(
        _("start times every (minutes)"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(60)],
    )
    household_mode = models.CharField(
        _("two-household students"),
        max_length=10,
        choices=HouseholdMode.choices,
        default=HouseholdMode.JOINT,
    )
    change_cutoff_hours = models.PositiveSmallIntegerField(
        _("families may change or cancel until (hours before)"), default=24
    )
    booking_open = models.BooleanField(_("families may book"), default=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="window_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(day_ends_at__gt=models.F("day_starts_at")), name="window_hours_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.term} conferences"

    @property
    def school(self) -> School:
        return self.term.year.school

    def days(self) -> list:
        from datetime import date, timedelta

        off = {date.fromisoformat(d) for d in self.holidays}
        out, day = [], self.starts_on
        while day <= self.ends_on:
            if day.weekday() < 5 and day not in off:
                out.append(day)
            day += timedelta(days=1)
        return out


class AdvisorAvailability(models.Model):
    """An advisor's conference settings for a window; hours come from `WeeklyHours` (or the
    window's hours when there are none) less `HoursException`s."""

    window = models.ForeignKey(ConferenceWindow, on_delete=models.CASCADE, related_name="advisors")
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    max_per_day = models.PositiveSmallIntegerField(
        _("most conferences a day"), default=8, validators=[MinValueValidator(1)]
    )
    languages = models.CharField(
        _("languages the advisor speaks"),
        max_length=100,
        default="en",
        help_text=_("Comma-separated language codes, e.g. en,es."),
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    home_travel_minutes = models.PositiveSmallIntegerField(
        _("travel time to a home visit (minutes, each way)"), default=20
    )
    video_link = models.URLField(_("video link"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["window", "advisor"], name="advisor_availability_unique"
            )
        ]

    def __str__(self):
        return f"{self.advisor} ({self.window})"

    @property
    def language_codes(self) -> list[str]:
        return [c.strip().lower() for c in self.languages.split(",") if c.strip()]


class WeeklyHours(models.Model):
    availability = models.ForeignKey(
        AdvisorAvailability, on_delete=models.CASCADE, related_name="weekly"
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), validators=[MaxValueValidator(6)], help_text=_("0 = Monday")
    )
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="weekly_hours_ordered"
            )
        ]

    def __str__(self):
        return f"{self.weekday}: {self.starts_at}–{self.ends_at}"


class HoursException(models.Model):
    """One day that differs from the pattern: off all day (no hours) or these hours only."""

    availability = models.ForeignKey(
        AdvisorAvailability, on_delete=models.CASCADE, related_name="exceptions"
    )
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["day", "starts_at"]

    def __str__(self):
        return f"{self.day}: {self.starts_at or '-'}–{self.ends_at or '-'}"


class Interpreter(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="interpreters")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=100, help_text=_("Comma-separated, e.g. es,ht.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return [c.strip().lower() for c in self.languages.split(",") if c.strip()]


class InterpreterHours(models.Model):
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="hours")
    window = models.ForeignKey(ConferenceWindow, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        ordering = ["day", "starts_at"]

    def __str__(self):
        return f"{self.interpreter_id} {self.day} {self.starts_at}–{self.ends_at}"


class FamilyAvailability(models.Model):
    """A time that works for a caregiver, ranked 1–3 (best = 3), for the scheduler."""

    window = models.ForeignKey(ConferenceWindow, on_delete=models.CASCADE, related_name="+")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    preference = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(3)]
    )

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.caregiver_id} {self.starts_at} ({self.preference})"


class MeetingPreference(models.Model):
    """How a student's family prefers to meet in a window (the family says it on the times form;
    the advisor or the coordinator may set it). The scheduler and booking use it; none means
    at school."""

    window = models.ForeignKey(ConferenceWindow, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.SCHOOL)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["window", "student"], name="one_meeting_preference_per_student"
            )
        ]

    def __str__(self):
        return f"{self.student_id} {self.mode}"


class Status(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


class Conference(models.Model):
    window = models.ForeignKey(
        ConferenceWindow, on_delete=models.CASCADE, related_name="conferences"
    )
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="conferences")
    # Set when the school meets each household apart; null for the one joint meeting.
    household = models.ForeignKey(Household, on_delete=models.PROTECT, null=True, blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.PROTECT, null=True, blank=True, related_name="conferences"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.SCHOOL)
    travel_minutes = models.PositiveSmallIntegerField(default=0)
    # The room or the video link: the same for every invitee. Never a household's phone number
    # or address (each reader's place is derived by tandem.conferences.places.place_for).
    place = models.CharField(_("where"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reminded = models.JSONField(default=list, blank=True)  # "2d", "day" once sent
    # A no-show: when staff offered the family new times (booking reopened for this student).
    rebook_offered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "student"],
                condition=Q(status="booked", household__isnull=True),
                name="one_booked_conference_per_student",
            ),
            models.UniqueConstraint(
                fields=["window", "student", "household"],
                condition=Q(status="booked", household__isnull=False),
                name="one_booked_conference_per_household",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="conference_times_ordered"
            ),
        ]
        indexes = [models.Index(fields=["advisor", "starts_at"])]

    def __str__(self):
        return f"{self.student} {self.starts_at:%Y-%m-%d %H:%M}"


class Busy(models.Model):
    """One person held by one booked conference, from `starts_at` to `ends_at` (a home visit
    holds the advisor for the travel too). `person` is "advisor:<user id>",
    "interpreter:<id>", "student:<id>" or "caregiver:<id>"."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="busy")
    person = models.CharField(max_length=40)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["person", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="busy_times_ordered"
            )
        ]

    def __str__(self):
        return f"{self.person} {self.starts_at}–{self.ends_at}"


class AdvisorDay(models.Model):
    """How many booked conferences an advisor has on one school-local day, held by the
    database against their "most conferences a day": `booked` never passes `most`. The one
    writer is `services._hold` / `services._release` (every booking, move, cancellation, mark,
    undo and advisory follow goes through them); it raises `booked` by an upsert that also
    stamps `most` with the advisor's limit in the window at that moment, so two families who
    take the last place at once cannot both commit — on PostgreSQL the second waits for the
    first's row lock and then fails the check, on SQLite the IMMEDIATE transactions run one at
    a time and the check fails the same way."""

    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    booked = models.PositiveSmallIntegerField(default=0)
    most = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["advisor", "day"], name="advisor_day_unique"),
            models.CheckConstraint(
                condition=Q(booked__lte=models.F("most")), name="advisor_day_within_limit"
            ),
            models.CheckConstraint(condition=Q(booked__gte=0), name="advisor_day_not_negative"),
        ]

    def __str__(self):
        return f"{self.advisor_id} {self.day}: {self.booked}/{self.most}"


class ScheduleRun(models.Model):
    """The scheduler's proposal for a window, kept for review until published."""

    window = models.ForeignKey(ConferenceWindow, on_delete=models.CASCADE, related_name="runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    result = models.JSONField(default=dict)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.window} run {self.created_at:%Y-%m-%d %H:%M}"


from .history_models import ConferenceStatusChange  # noqa: E402, F401
