"""A real OpenID Connect provider for the single sign-on tests: a small Django project on
django-oauth-toolkit with OIDC on, run in its own process on its own port and SQLite file by
tests/oidc.py. Its RSA signing key is made when it starts; PKCE (S256 only) is required; each
person it knows has an e-mail, an `email_verified` claim and an `amr` (tests/oidc.py, Person)."""
