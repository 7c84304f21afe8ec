import pytest
from django.core.exceptions import ValidationError

from tandem.accounts.models import User
from tandem.people import phones, services
from tandem.people.models import Caregiver, Household
from tests.personas import make_school

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "raw,stored",
    [
        ("(617) 555-0199", "+16175550199"),
        ("617.555.0199", "+16175550199"),
        ("+44 20 7946 0958", "+442079460958"),
        ("", ""),
    ],
)
def test_phone_numbers_are_stored_in_e164(raw, stored):
    assert phones.to_e164(raw) == stored


@pytest.mark.parametrize("raw", ["12", "not a phone", "555-0199", "+1 999 000 0000"])
def test_nonsense_phone_numbers_are_refused_with_a_message(raw):
    with pytest.raises(ValidationError) as error:
        phones.to_e164(raw)
    assert raw in error.value.messages[0]


def test_caregiver_save_normalises_and_gives_a_sign_in():
    school, _ = make_school()
    caregiver = services.caregiver_save(
        caregiver=Caregiver(
            school=school,
            first_name="Rosa",
            last_name="Diaz",
            email=" Rosa@Example.COM ",
            mobile_phone="617 555 0142",
            preferred_language="es",
        )
    )
    assert caregiver.mobile_phone == "+16175550142"
    assert caregiver.user.email == "rosa@example.com"
    assert caregiver.user.preferred_language == "es"
    assert not caregiver.user.has_usable_password()


def test_caregiver_save_refuses_a_bad_phone_and_writes_nothing():
    school, _ = make_school()
    with pytest.raises(ValidationError):
        services.caregiver_save(
            caregiver=Caregiver(
                school=school,
                first_name="Rosa",
                last_name="Diaz",
                email="rosa@example.com",
                mobile_phone="call me maybe",
            )
        )
    assert not Caregiver.objects.exists()
    assert not User.objects.filter(email="rosa@example.com").exists()


def test_guardianship_across_schools_is_refused(cast):
    other, _ = make_school("Hilltop Middle")
    household = Household.objects.create(school=other, name="Elsewhere")
    with pytest.raises(ValidationError):
        services.guardianship_add(
            student=cast.student,
            caregiver=cast.caregiver,
            household=household,
            relationship="mother",
        )


def test_email_is_unique_whatever_its_case(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="ALICE@harbor.test", full_name="Alice Again")
