from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tandem.schools.models import School, sourced_id_field

from . import phones

GRADES = [(g, str(g)) for g in range(6, 13)]


class Student(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(6), MaxValueValidator(12)]
    )
    local_id = models.CharField(_("local id"), max_length=40)
    state_id = models.CharField(_("state id"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, default="en", choices=settings.LANGUAGES
    )
    has_iep = models.BooleanField(_("IEP"), default=False)
    has_504 = models.BooleanField(_("504 plan"), default=False)
    has_est = models.BooleanField(_("EST"), default=False)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_managed_students",
        verbose_name=_("case manager"),
        help_text=_("The family's first contact for IEP, 504 and EST students."),
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counseled_students",
        verbose_name=_("counselor"),
    )
    is_active = models.BooleanField(_("enrolled"), default=True)
    # The day the student started at the school: their first contact, quarterly meetings and
    # initial plan are due from it (schools.calendar). From OneRoster enrollments' beginDate
    # where present, else the day the record was imported or created; staff may correct it.
    # Empty means "since before this year began".
    entered_on = models.DateField(_("entered on"), null=True, blank=True)
    # What the roster import last set `entered_on` to. While the two agree, staff have not
    # corrected it and the next import may; once they differ, the import leaves it alone.
    entered_on_imported = models.DateField(null=True, blank=True, editable=False)
    sourced_id = sourced_id_field()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "local_id"], name="student_local_id_unique"),
            models.UniqueConstraint(
                fields=["school", "sourced_id"],
                condition=~models.Q(sourced_id=""),
                name="student_sourced_id_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "grade"]),
            models.Index(fields=["school", "last_name", "first_name"]),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    @property
    def legal_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def has_support_plan(self) -> bool:
        return self.has_iep or self.has_504 or self.has_est

    @property
    def support_flags(self) -> list[str]:
        return [
            label
            for flag, label in ((self.has_iep, "IEP"), (self.has_504, "504"), (self.has_est, "EST"))
            if flag
        ]


class ContactMethod(models.TextChoices):
    EMAIL = "email", _("E-mail")
    TEXT = "text", _("Text message")
    CALL = "call", _("Phone call")


class Caregiver(models.Model):
    """A parent, guardian or significant adult. Their sign-in (if any) is `user`."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="caregivers")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caregiver",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    mobile_phone = models.CharField(
        _("mobile phone"), max_length=20, blank=True, validators=[phones.validate_e164]
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, default="en", choices=settings.LANGUAGES
    )
    # The family's language may be one Tandem has no catalog for (e.g. Haitian Creole); the
    # interpreter flag is what the school acts on.
    home_language = models.CharField(_("home language"), max_length=40, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    contact_by_email = models.BooleanField(_("contact by e-mail"), default=True)
    contact_by_text = models.BooleanField(_("contact by text"), default=False)
    contact_by_call = models.BooleanField(_("contact by phone call"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    sourced_id = sourced_id_field()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "sourced_id"],
                condition=~models.Q(sourced_id=""),
                name="caregiver_sourced_id_unique",
            ),
        ]
        indexes = [models.Index(Lower("email"), name="caregiver_email_ci")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def mobile_phone_display(self) -> str:
        return phones.display(self.mobile_phone)

    @property
    def contact_methods(self) -> list[str]:
        chosen = (
            (self.contact_by_email, ContactMethod.EMAIL),
            (self.contact_by_text, ContactMethod.TEXT),
            (self.contact_by_call, ContactMethod.CALL),
        )
        return [method.label for flag, method in chosen if flag]


class Household(models.Model):
    """One home a student lives in or belongs to; a student may have several."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="households")
    name = models.CharField(_("name"), max_length=200)
    # The home's address, for home visits. Optional; set in Tandem (the roster import neither
    # sets nor clears it). Shown to staff with access to a student of the household and to the
    # household's own caregivers only (and for a home visit as below, `address_shared`).
    street = models.CharField(_("street address"), max_length=200, blank=True)
    unit = models.CharField(_("apartment, unit"), max_length=40, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    postal_code = models.CharField(
        _("ZIP code"),
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(r"^\d{5}(-\d{4})?$", _("Enter a ZIP code like 02118 or 02118-1234."))
        ],
    )
    # A home visit is at one household's address. The student's other households invited to
    # the conference read "At the student's home" unless this household (or staff) allows
    # them to see it (tandem.conferences.places).
    address_shared = models.BooleanField(
        _("the student's other households may see this address"),
        default=False,
        help_text=_("For a home visit. When off, they read “At the student's home”."),
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def has_address(self) -> bool:
        return bool(self.street and self.city)

    @property
    def address(self) -> str:
        """One line, as a calendar's LOCATION or a map search wants it."""
        if not self.has_address:
            return ""
        street = f"{self.street}, {self.unit}" if self.unit else self.street
        region = " ".join(p for p in (self.state, self.postal_code) if p)
        return ", ".join(p for p in (street, self.city, region) if p)


class Relationship(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Guardian")
    GRANDPARENT = "grandparent", _("Grandparent")
    STEPPARENT = "stepparent", _("Stepparent")
    FOSTER_PARENT = "foster_parent", _("Foster parent")
    RELATIVE = "relative", _("Relative")
    SIGNIFICANT_ADULT = "significant_adult", _("Significant adult")


class Guardianship(models.Model):
    """The tie between a student and a caregiver. Only ties with educational rights open the
    student's record to the caregiver (FERPA; a court order can remove them)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardianships")
    caregiver = models.ForeignKey(Caregiver, on_delete=models.CASCADE, related_name="guardianships")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="guardianships")
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    has_educational_rights = models.BooleanField(_("has educational rights"), default=True)
    lives_with_student = models.BooleanField(_("lives with the student"), default=True)
    receives_mailings = models.BooleanField(_("receives mailings"), default=True)
    # The school's information system lists this tie (OneRoster agentSourcedIds). A later full
    # roster that no longer lists it removes it; ties made only in Tandem are never touched.
    from_roster = models.BooleanField(_("from the roster import"), default=False)

    class Meta:
        ordering = ["household_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["student", "caregiver"], name="guardianship_unique"),
        ]
        indexes = [models.Index(fields=["caregiver", "has_educational_rights"])]

    def __str__(self):
        return f"{self.caregiver} — {self.get_relationship_display()} of {self.student}"
