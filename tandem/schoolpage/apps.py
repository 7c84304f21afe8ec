from django.apps import AppConfig


class SchoolPageConfig(AppConfig):
    name = "tandem.schoolpage"
    label = "schoolpage"
