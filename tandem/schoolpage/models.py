"""The school's public PLP page (seed 001: "Create and maintain PLP link on school website"):
what the PLP is and how conferences work, in each of the school's languages (one
`SchoolPageText` row per language; a language without a row reads the default text), and who
the families' contact is (`SchoolPage`: a coordinator, and what of them the page shows). It
holds no student data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.schools.models import School


class SchoolPage(models.Model):
    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="public_page")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("families' contact"),
    )
    show_contact_name = models.BooleanField(_("show the contact's name"), default=True)
    show_contact_email = models.BooleanField(_("show the contact's e-mail address"), default=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Public PLP page of {self.school}"


class SchoolPageText(models.Model):
    page = models.ForeignKey(SchoolPage, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10)
    about = models.TextField(_("what the PLP is"))
    conferences = models.TextField(_("how conferences work"))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="school_page_text_unique")
        ]

    def __str__(self):
        return f"{self.page} ({self.language})"
