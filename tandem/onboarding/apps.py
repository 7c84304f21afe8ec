from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "tandem.onboarding"
    label = "onboarding"
