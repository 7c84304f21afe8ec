"""Phone numbers: parsed with libphonenumber, stored in E.164 (+15551234567)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "US"


def to_e164(raw: str, region: str = DEFAULT_REGION) -> str:
    """Return the number in E.164, or raise ValidationError with a message a person can act on."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("“%(raw)s” is not a phone number."), code="invalid", params={"raw": raw}
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(raw)s” is not a valid phone number."), code="invalid", params={"raw": raw}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_e164(value: str) -> None:
    if value and to_e164(value) != value:
        raise ValidationError(_("Store phone numbers in E.164 form, like +15551234567."))


def display(value: str) -> str:
    if not value:
        return ""
    number = phonenumbers.parse(value, None)
    if number.country_code == 1:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
