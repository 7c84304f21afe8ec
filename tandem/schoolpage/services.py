"""Writes for the public PLP page: keyword-only, atomic."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.schools.models import Role, School, StaffRole

from .models import SchoolPage, SchoolPageText


def page_for(school) -> SchoolPage:
    page, _created = SchoolPage.objects.get_or_create(school=school)
    return page


@transaction.atomic
def school_page_save(
    *,
    school,
    language: str,
    about: str,
    conferences: str,
    slug: str,
    contact,
    show_contact_name: bool,
    show_contact_email: bool,
    by,
) -> SchoolPage:
    """The page's text in `language` and the school-wide settings (address, contact)."""
    errors = {}
    if language not in school.language_codes:
        errors["language"] = _("The school does not offer this language.")
    about, conferences, slug = about.strip(), conferences.strip(), (slug or "").strip().lower()
    if not about:
        errors["about"] = _("Say what the PLP is.")
    if not conferences:
        errors["conferences"] = _("Say how conferences work.")
    if slug.isdigit():
        errors["slug"] = _("Use at least one letter: an address of digits only is a school's id.")
    elif slug and School.objects.filter(slug=slug).exclude(pk=school.pk).exists():
        errors["slug"] = _("Another school uses this address.")
    if (
        contact is not None
        and not StaffRole.objects.filter(
            user=contact, school=school, role=Role.COORDINATOR
        ).exists()
    ):
        errors["contact"] = _("Choose one of the school's PLP coordinators.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    page = SchoolPage.objects.select_for_update().get(pk=page_for(school).pk)
    page.contact = contact
    page.show_contact_name = show_contact_name
    page.show_contact_email = show_contact_email
    page.updated_at, page.updated_by = now, by
    page.save()
    SchoolPageText.objects.update_or_create(
        page=page,
        language=language,
        defaults={"about": about, "conferences": conferences, "updated_at": now},
    )
    if (school.slug or "") != slug:
        school.slug = slug or None
        try:
            with transaction.atomic():
                school.save(update_fields=["slug"])
        except IntegrityError:
            raise ValidationError({"slug": _("Another school uses this address.")}) from None
    return page
