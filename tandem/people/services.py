"""Writes to people records. Each is atomic and keeps the sign-in identity in step with the
record: a caregiver or student with an e-mail address can receive a sign-in link."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import phones
from .models import Caregiver, Guardianship, Household, Student

User = get_user_model()


def _login_for(*, email: str, full_name: str, language: str, current=None):
    """The User an e-mail address signs in as: the record's own, or one found or made."""
    email = (email or "").strip().lower()
    if not email:
        return None
    if current is not None:
        if current.email != email:
            current.email = email
            current.save(update_fields=["email"])
        return current
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, full_name=full_name, preferred_language=language
        )
    return user


@transaction.atomic
def caregiver_save(*, caregiver: Caregiver) -> Caregiver:
    """Validate and save a caregiver, storing the phone in E.164 and linking their sign-in."""
    caregiver.mobile_phone = phones.to_e164(caregiver.mobile_phone)
    caregiver.email = (caregiver.email or "").strip().lower()
    caregiver.full_clean(exclude=["user"])
    user = _login_for(
        email=caregiver.email,
        full_name=caregiver.full_name,
        language=caregiver.preferred_language,
        current=caregiver.user,
    )
    if user is not None and Caregiver.objects.filter(user=user).exclude(pk=caregiver.pk).exists():
        raise ValidationError(
            {"email": _("Another caregiver record already signs in with this e-mail.")}
        )
    caregiver.user = user
    caregiver.save()
    return caregiver


@transaction.atomic
def student_save(*, student: Student, email: str = "") -> Student:
    student.full_clean(exclude=["user"])
    student.user = _login_for(
        email=email,
        full_name=student.display_name,
        language=student.preferred_language,
        current=student.user,
    )
    student.save()
    return student


@transaction.atomic
def guardianship_add(
    *,
    student: Student,
    caregiver: Caregiver,
    household: Household,
    relationship: str,
    has_educational_rights: bool = True,
    lives_with_student: bool = True,
    receives_mailings: bool = True,
) -> Guardianship:
    if not (student.school_id == caregiver.school_id == household.school_id):
        raise ValidationError(_("The student, caregiver and household must be of one school."))
    guardianship = Guardianship(
        student=student,
        caregiver=caregiver,
        household=household,
        relationship=relationship,
        has_educational_rights=has_educational_rights,
        lives_with_student=lives_with_student,
        receives_mailings=receives_mailings,
    )
    guardianship.full_clean()
    guardianship.save()
    return guardianship


@transaction.atomic
def household_address_save(*, by, household: Household, **fields) -> Household:
    """The household's address (for home visits); empty fields clear it."""
    for name, value in fields.items():
        setattr(household, name, value)
    household.full_clean()
    household.save(update_fields=[*fields])
    return household
