from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "tandem.credentials"
    verbose_name = "Verifiable credentials"
