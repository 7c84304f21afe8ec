import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a time zone name."), params={"value": value})


def validate_language_codes(value: str) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise ValidationError(_("Offer at least one language."))
    unknown = sorted(set(codes) - known)
    if unknown:
        raise ValidationError(
            _("Tandem has no catalog for %(codes)s (known: %(known)s)."),
            params={"codes": ", ".join(unknown), "known": ", ".join(sorted(known))},
        )


def sourced_id_field():
    """The record's id in the school's information system (OneRoster `sourcedId`); blank for
    records made in Tandem. Imports match on it, so importing again updates, never duplicates."""
    return models.CharField(_("SIS id (sourcedId)"), max_length=255, blank=True, default="")


def days(default: int, *, low: int = 0, high: int = 365):
    return {
        "default": default,
        "validators": [MinValueValidator(low), MaxValueValidator(high)],
    }


class School(models.Model):
    """A school and the numbers of its PLP rules (PRODUCT.md, "The year"); each school may
    change them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # The school's address on the public PLP page (/s/<slug>/); without one the page answers
    # at /s/<id>/. Migration 0004 derived it from the name for the schools that existed then.
    slug = models.SlugField(
        _("web address"),
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Lowercase letters, digits and hyphens, e.g. harbor-high."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    languages = models.CharField(
        _("languages offered"),
        max_length=100,
        default="en,es",
        validators=[validate_language_codes],
        help_text=_("Comma-separated language codes, e.g. en,es."),
    )
    first_contact_days = models.PositiveSmallIntegerField(
        _("days to contact every family"), **days(14)
    )
    meetings_per_quarter = models.PositiveSmallIntegerField(
        _("advisor meetings per advisee per quarter"), **days(1, low=1, high=20)
    )
    draft_lead_days = models.PositiveSmallIntegerField(
        _("days the draft goes to families before the conference"), **days(2, high=30)
    )
    conference_window_days = models.PositiveSmallIntegerField(
        _("days after the term ends to hold the conference"), **days(14, low=1, high=90)
    )
    family_meetings_per_year = models.PositiveSmallIntegerField(
        _("family review meetings per student per year (minimum)"), **days(1, low=1, high=12)
    )
    # The coordinator's participation page draws it as a target line (seed 002: "more than 90
    # percent of our parents take advantage of this opportunity").
    participation_target = models.PositiveSmallIntegerField(
        _("participation target (percent)"), **days(90, low=0, high=100)
    )
    require_staff_two_factor = models.BooleanField(
        _("staff must use a second factor (TOTP)"), default=False
    )
    sourced_id = sourced_id_field()
    plan_approval_rule = models.CharField(
        _("who must approve a plan"),
        max_length=20,
        choices=[
            ("each_household", _("At least one caregiver with rights in each household")),
            ("any_caregiver", _("Any one caregiver with rights")),
            ("all_caregivers", _("Every caregiver with rights")),
        ],
        default="each_household",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sourced_id"],
                condition=~models.Q(sourced_id=""),
                name="school_sourced_id_unique",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class AcademicYear(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="years")
    name = models.CharField(_("name"), max_length=40, help_text=_("e.g. 2026–2027"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    sourced_id = sourced_id_field()

    class Meta:
        ordering = ["school", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="year_name_unique"),
            models.UniqueConstraint(
                fields=["school", "sourced_id"],
                condition=~models.Q(sourced_id=""),
                name="year_sourced_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="year_dates_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.school} {self.name}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("The year must end after it starts.")})


class Period(models.Model):
    """A stretch of an academic year that must fall inside it."""

    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        abstract = True
        ordering = ["year", "starts_on"]

    def clean(self):
        if not (self.starts_on and self.ends_on):
            return
        if self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("It must end after it starts.")})
        if self.year_id and not (
            self.year.starts_on <= self.starts_on and self.ends_on <= self.year.ends_on
        ):
            raise ValidationError(_("It must fall inside the academic year."))

    def contains(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class Term(Period):
    """A PLP term: each one ends with a plan review conference."""

    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("name"), max_length=60)
    sourced_id = sourced_id_field()

    class Meta(Period.Meta):
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="term_name_unique"),
            models.UniqueConstraint(
                fields=["year", "sourced_id"],
                condition=~models.Q(sourced_id=""),
                name="term_sourced_id_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="term_dates_ordered"
            ),
        ]

    def __str__(self):
        return self.name


class Quarter(Period):
    """The unit of the "meet each advisee at least once a quarter" rule."""

    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="quarters")
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )

    class Meta(Period.Meta):
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="quarter_number_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="quarter_dates_ordered",
            ),
        ]

    def __str__(self):
        return _("Quarter %(number)s") % {"number": self.number}


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("PLP coordinator")
    ADVISOR = "advisor", _("Advisor")
    COUNSELOR = "counselor", _("Counselor")
    CASE_MANAGER = "case_manager", _("Case manager")
    SCHOOL_ADMIN = "school_admin", _("School admin")


class StaffRole(models.Model):
    """One role one person holds at one school; a person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Set on roles that came from a roster import (the person's OneRoster sourcedId): an import
    # adds and removes only these, so roles given in Tandem (coordinator, case manager) stay.
    sourced_id = sourced_id_field()

    class Meta:
        ordering = ["school", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school", "role"], name="staff_role_unique"),
        ]
        indexes = [
            models.Index(fields=["school", "role"]),
            models.Index(fields=["school", "sourced_id"], name="staff_role_sourced_id"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.school})"
