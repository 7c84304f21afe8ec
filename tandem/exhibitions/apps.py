from django.apps import AppConfig


class ExhibitionsConfig(AppConfig):
    name = "tandem.exhibitions"
    label = "exhibitions"
    verbose_name = "Exhibitions"
