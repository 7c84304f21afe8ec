from django.apps import AppConfig


class RostersConfig(AppConfig):
    name = "tandem.rosters"
    label = "rosters"
