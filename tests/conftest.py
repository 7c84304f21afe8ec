import pytest

from .personas import build_cast


@pytest.fixture(autouse=True)
def _fast_and_synchronous(settings, tmp_path):
    # Argon2 is the production hasher; tests hash thousands of passwords, so use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tasks run in-process, at the point they would be queued (after commit).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads never land in the project's var/
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language. A request activates its reader's language
    and Django leaves it active afterwards; the school's content (tandem/core/content.py)
    reads and filters by the active language, so a Spanish page in one test must not make
    the next test's `terms.get(name="Fall")` look for a Spanish name."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def cast(db):
    return build_cast()


@pytest.fixture
def smtp(settings):
    """Route Django's mail through a real SMTP server; yields its inbox."""
    from .smtp import start_smtp

    controller, inbox = start_smtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()
