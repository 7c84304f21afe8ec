from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "tandem.conferences"
    label = "conferences"
