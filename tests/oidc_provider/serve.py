"""`python -m tests.oidc_provider.serve` (run by tests/oidc.py): migrate the provider's own SQLite
file, create its people and Tandem's client, and serve on its port until terminated."""

import os

import django
from django.core.management import call_command


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    config = settings.CONFIG
    # Their claims are read per request from the configuration (validator.Validator).
    for username in config["people"]:
        User.objects.create_user(username=username, password=config["password"])
    Application.objects.create(
        name="Tandem",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(config["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    run("127.0.0.1", config["port"], get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
