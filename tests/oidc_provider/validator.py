from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """The claims of each person from the provider's configuration: e-mail, `email_verified`
    (under the email scope) and `amr` (always, with the openid scope)."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "amr": "openid"}

    def get_additional_claims(self, request):
        person = settings.CONFIG["people"][request.user.username]
        claims = {
            "name": person["name"],
            "email": person["email"],
            "email_verified": person["email_verified"],
        }
        if person.get("amr") is not None:
            claims["amr"] = person["amr"]
        return claims
