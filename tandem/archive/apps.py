from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "tandem.archive"
    label = "archive"
    verbose_name = "The year's archive and retention"
