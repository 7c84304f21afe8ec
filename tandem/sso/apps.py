from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "tandem.sso"
    label = "sso"
    verbose_name = "Single sign-on"
