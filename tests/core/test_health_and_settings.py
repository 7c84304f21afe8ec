import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET = "k" * 20 + "x9Q-2vL_pR7mZ" * 4


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        # A database of its own, so runs side by side (SQLite and PostgreSQL passes) never meet.
        env={**clean, "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/settings.sqlite3", **env},
    )


@pytest.mark.parametrize(
    "secret", [None, "short", "tandem-demo-key-not-secret-do-not-use-in-production-0123456789"]
)
def test_production_refuses_a_missing_or_demo_secret(secret):
    env = {"TANDEM_ENV": "production", "ALLOWED_HOSTS": "plp.example.org"}
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = manage(
        "check",
        TANDEM_ENV="production",
        SECRET_KEY=GOOD_SECRET,
        DEBUG="true",
        ALLOWED_HOSTS="plp.example.org",
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_passes_the_deploy_check():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        TANDEM_ENV="production",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="plp.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_nonsense_settings_are_refused_by_name():
    result = manage("check", TANDEM_ENV="staging")
    assert result.returncode != 0 and "TANDEM_ENV" in result.stderr
    result = manage("check", TANDEM_LOCKOUT_FAILURES="many")
    assert result.returncode != 0 and "TANDEM_LOCKOUT_FAILURES" in result.stderr
