"""A school's provider in the admin: the client secret is sealed at rest and never shown back."""

import pytest
from django.urls import reverse

from tandem.accounts.models import User
from tandem.sso.models import SchoolSignOn
from tandem.sso.sealing import SealBroken, seal, unseal

pytestmark = pytest.mark.django_db
SECRET = "GOCSPX-very-secret-value"


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("it@harbor.test", "pw", full_name="IT"))
    return client


def form(cast, **changes):
    return {
        "school": cast.school.pk,
        "provider_name": "Google",
        "issuer": "https://accounts.google.com",
        "client_id": "1234.apps.googleusercontent.com",
        "client_secret": SECRET,
        "scopes": "openid email profile",
        "is_enabled": "on",
    } | changes


def test_the_secret_is_sealed_and_never_shown_back(admin_client, cast, settings):
    settings.SITE_URL = "https://plp.example.org"
    response = admin_client.post(reverse("admin:sso_schoolsignon_add"), form(cast))
    assert response.status_code == 302, response.context["adminform"].form.errors
    sign_on = SchoolSignOn.objects.get()
    assert SECRET not in sign_on.client_secret_sealed
    assert unseal(sign_on.client_secret_sealed) == SECRET
    assert sign_on.metadata_url == "https://accounts.google.com/.well-known/openid-configuration"

    change = reverse("admin:sso_schoolsignon_change", args=[sign_on.pk])
    page = admin_client.get(change).content.decode()
    assert SECRET not in page
    assert sign_on.client_secret_sealed not in page
    assert "https://plp.example.org/signin/oidc/callback/" in page  # to register

    # Saving without typing the secret keeps it.
    response = admin_client.post(change, form(cast, client_secret="", provider_name="Google"))
    assert response.status_code == 302
    assert unseal(SchoolSignOn.objects.get().client_secret_sealed) == SECRET


def test_the_form_asks_for_what_sign_in_needs(admin_client, cast):
    response = admin_client.post(
        reverse("admin:sso_schoolsignon_add"),
        form(
            cast, client_secret="", scopes="openid profile", is_enabled="", staff_password_off="on"
        ),
    )
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"client_secret", "scopes", "staff_password_off"}
    assert not SchoolSignOn.objects.exists()


def test_a_rotated_secret_key_still_opens_old_secrets(settings):
    sealed = seal(SECRET)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "another-key-" + "x" * 50
    assert unseal(sealed) == SECRET
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(SealBroken):
        unseal(sealed)
