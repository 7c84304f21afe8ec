from django.apps import AppConfig


class TranscriptsConfig(AppConfig):
    name = "tandem.transcripts"
    verbose_name = "Transcripts and the diploma"
