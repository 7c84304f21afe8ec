import pytest

from tandem.sso.models import SchoolSignOn
from tandem.sso.sealing import seal
from tests.oidc import Person, oidc_provider

# Who the provider knows. Alice advises at Harbor High; Cora coordinates there; Sam is a student
# there; Carla is his mother (a family's account); nobody@ has no account in Tandem; Bob's
# address is not verified by the provider.
PEOPLE = {
    "alice": Person("alice@harbor.test", name="Alice Advisor"),
    "alice-shouting": Person("ALICE@Harbor.Test", name="Alice Advisor"),
    "cora": Person("cora@harbor.test", amr=["pwd", "mfa"], name="Cora Coordinator"),
    "casey": Person("casey@harbor.test", amr=None, name="Casey Manager"),
    "bob": Person("bob@harbor.test", email_verified=False, name="Bob Advisor"),
    "nobody": Person("nobody@harbor.test", name="No Body"),
    "carla": Person("carla@family.test", name="Carla Rivera"),
    "sam": Person("sam@student.harbor.test", name="Sam Rivera"),
}
CALLBACK = "http://testserver/signin/oidc/callback/"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    with oidc_provider(
        folder=tmp_path_factory.mktemp("oidc"), redirect_uris=[CALLBACK], people=PEOPLE
    ) as running:
        yield running


@pytest.fixture
def sign_on(cast, provider, settings):
    """Harbor High signs in with the test provider; Tandem's address is the test client's."""
    settings.SITE_URL = "http://testserver"
    return SchoolSignOn.objects.create(
        school=cast.school,
        provider_name="Test IdP",
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret_sealed=seal(provider.client_secret),
    )
