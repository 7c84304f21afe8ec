from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "tandem.participation"
    label = "participation"
