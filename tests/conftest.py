import pytest

from .personas import build_cast


@pytest.fixture(autouse=True)
def _fast_and_synchronous(settings):
    # Argon2 is the production hasher; tests hash thousands of passwords, so use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run in-process, at the point they would be queued (after commit).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def cast(db):
    return build_cast()
