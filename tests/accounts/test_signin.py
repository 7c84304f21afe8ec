"""Sign-in: staff passwords with lockout and a second factor; families and students by link."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/signin/link/open/\?t=\S+")


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:signin"), {"username": email, "password": password, **extra}
    )


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_signs_in_with_password_and_lands_on_their_home(client, cast):
    response = sign_in(client, "ALICE@harbor.test")
    assert response.status_code == 302
    assert client.get(response["Location"]).url == reverse("advisories:advisor_home")


def test_wrong_password_says_so_without_saying_which_part(client, cast):
    response = sign_in(client, "alice@harbor.test", "not the password")
    assert response.status_code == 200
    assert "That e-mail and password do not match an account." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_ignores_a_foreign_next_url(client, cast):
    response = sign_in(client, "alice@harbor.test", next="https://evil.example/")
    assert response["Location"] == reverse("core:home")


def test_lockout_after_repeated_failures(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice@harbor.test", "wrong password")
    response = sign_in(client, "alice@harbor.test")  # right password, too late
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "alice@harbor.test", "wrong password")
    assert sign_in(client, "bob@harbor.test").status_code == 302


def test_second_factor_is_asked_for_and_checked(client, cast):
    device = TOTPDevice.objects.create(user=cast.advisor, name="phone", confirmed=True)
    response = sign_in(client, "alice@harbor.test")
    assert response["Location"] == reverse("accounts:signin_code")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("accounts:signin_code"), {"code": "000000"})
    assert "That code is not right" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    right = client.post(reverse("accounts:signin_code"), {"code": current_code(device)})
    assert right.status_code == 302
    assert client.get(reverse("advisories:advisor_home")).status_code == 200


def test_too_many_wrong_codes_start_over(client, cast):
    TOTPDevice.objects.create(user=cast.advisor, name="phone", confirmed=True)
    sign_in(client, "alice@harbor.test")
    for _ in range(5):
        response = client.post(reverse("accounts:signin_code"), {"code": "000000"})
    assert response["Location"] == reverse("accounts:signin")
    assert client.get(reverse("accounts:signin_code"))["Location"] == reverse("accounts:signin")


def test_school_that_requires_a_second_factor_sends_staff_to_set_one_up(client, cast):
    cast.school.require_staff_two_factor = True
    cast.school.save()
    sign_in(client, "alice@harbor.test")
    response = client.get(reverse("advisories:advisor_home"))
    assert response["Location"] == reverse("accounts:two_factor")

    setup = client.get(reverse("accounts:two_factor"))
    assert "Turn on two-step sign-in" in setup.content.decode()
    device = TOTPDevice.objects.get(user=cast.advisor, confirmed=False)
    client.post(reverse("accounts:two_factor"), {"code": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("advisories:advisor_home")).status_code == 200


def test_families_are_not_held_by_the_staff_second_factor_rule(client, cast):
    cast.school.require_staff_two_factor = True
    cast.school.save()
    client.force_login(cast.caregiver.user)
    assert client.get(reverse("people:family_home")).status_code == 200


def request_link(client, email):
    return client.post(reverse("accounts:signin_link"), {"email": email})


def test_caregiver_gets_a_link_that_signs_in_once(
    client, cast, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = request_link(client, "Carla@Family.test")
    assert "Check your e-mail" in response.content.decode()
    (message,) = smtp.wait_for(1)
    assert message["To"] == "carla@family.test"
    link = LINK.search(smtp.text_of(message)).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    confirm = client.get("/" + path)  # a mail scanner following the link signs nobody in
    assert confirm.status_code == 200
    assert "_auth_user_id" not in client.session
    token = path.split("t=", 1)[1]
    signed_in = client.post(reverse("accounts:signin_link_open"), {"t": token})
    assert signed_in["Location"] == reverse("core:home")
    assert client.get(reverse("people:family_home")).status_code == 200

    client.logout()
    again = client.post(reverse("accounts:signin_link_open"), {"t": token})
    assert again.status_code == 400
    assert "This link no longer works" in again.content.decode()


def test_link_expires(client, cast, smtp, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request_link(client, "carla@family.test")
    token = LINK.search(smtp.text_of(smtp.wait_for(1)[0])).group(0).split("t=", 1)[1]
    later = timezone.now() + timedelta(minutes=settings.TANDEM_SIGNIN_LINK_MINUTES, seconds=60)
    with time_machine.travel(later):
        response = client.post(reverse("accounts:signin_link_open"), {"t": token})
    assert response.status_code == 400


@pytest.mark.parametrize("email", ["alice@harbor.test", "nobody@nowhere.test"])
def test_staff_and_unknown_addresses_get_no_link_and_the_same_answer(
    client, cast, smtp, email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = request_link(client, email)
    assert "Check your e-mail" in response.content.decode()
    assert callbacks == []
    assert smtp.messages == []


def test_forged_token_signs_nobody_in(client, cast):
    response = client.post(reverse("accounts:signin_link_open"), {"t": "forged-token"})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_link_email_is_in_the_caregivers_language(
    client, cast, smtp, django_capture_on_commit_callbacks
):
    user = cast.caregiver.user
    user.preferred_language = "es"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        request_link(client, "carla@family.test")
    (message,) = smtp.wait_for(1)
    assert "Tandem" in message["Subject"]
    assert "enlace" in message["Subject"].lower()


def test_sign_out_everywhere_ends_other_sessions(client, cast):
    from django.test import Client

    phone = Client()
    phone.force_login(cast.caregiver.user)
    client.force_login(cast.caregiver.user)
    assert phone.get(reverse("people:family_home")).status_code == 200
    client.post(reverse("accounts:signout_everywhere"))
    assert phone.get(reverse("people:family_home"))["Location"].startswith(
        reverse("accounts:signin")
    )


def test_sign_out(client, cast):
    client.force_login(cast.advisor)
    client.post(reverse("accounts:signout"))
    assert "_auth_user_id" not in client.session


def test_caregiver_may_choose_a_password_and_then_use_it(client, cast):
    user = cast.caregiver.user
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    page = client.get(reverse("accounts:password"))
    assert "Choose a password" in page.content.decode()
    client.post(
        reverse("accounts:password"),
        {"new_password1": "a long family password", "new_password2": "a long family password"},
    )
    client.logout()
    assert sign_in(client, "carla@family.test", "a long family password").status_code == 302


def test_password_reset_by_email(client, cast, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "alice@harbor.test"})
    (message,) = smtp.wait_for(1)
    link = re.search(r"https?://\S+/password-reset/\S+/\S+/", smtp.text_of(message)).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(path, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand new secret 42", "new_password2": "brand new secret 42"},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert sign_in(client, "alice@harbor.test", "brand new secret 42").status_code == 302


def test_language_choice_is_kept_on_the_account(client, cast):
    client.force_login(cast.caregiver.user)
    client.post(reverse("accounts:set_language"), {"language": "es", "next": "/family/"})
    cast.caregiver.user.refresh_from_db()
    assert cast.caregiver.user.preferred_language == "es"
    response = client.get(reverse("people:family_home"))
    assert response["Content-Language"] == "es"


def test_language_switch_refuses_unknown_languages_and_foreign_redirects(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("core:home")
    assert "django_language" not in response.cookies
