from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "tandem.outreach"
    label = "outreach"
