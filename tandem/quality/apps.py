from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "tandem.quality"
    label = "quality"
