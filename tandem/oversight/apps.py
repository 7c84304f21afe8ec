from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "tandem.oversight"
    label = "oversight"
