from django.apps import AppConfig


class AdvisoriesConfig(AppConfig):
    name = "tandem.advisories"
    label = "advisories"
