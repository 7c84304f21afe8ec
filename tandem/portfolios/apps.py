from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "tandem.portfolios"
    label = "portfolios"
    verbose_name = "Portfolios"
