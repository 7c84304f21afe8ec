from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "tandem.evidence"
    verbose_name = "Evidence for the review"
