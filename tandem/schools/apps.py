from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "tandem.schools"
    label = "schools"
