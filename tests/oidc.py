"""The test OpenID Connect provider (tests/oidc_provider) in its own process, and a person
signing in there, as a browser would, with requests."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "provider-password"  # noqa: S105 - a test provider's


@dataclass
class Person:
    """Someone the provider knows, and the claims it asserts about them."""

    email: str
    email_verified: bool = True
    amr: list[str] | None = field(default_factory=lambda: ["pwd"])
    name: str = "Test Person"


@dataclass
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    people: dict[str, Person]

    @property
    def base_url(self) -> str:
        return self.issuer.removesuffix("/o")

    def sign_in(self, session: requests.Session, username: str) -> None:
        """Sign `username` in at the provider in this requests session."""
        login = self.base_url + "/login/"
        page = session.get(login, timeout=10)
        page.raise_for_status()
        token = CSRF.search(page.text).group(1)
        done = session.post(
            login,
            data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
            headers={"Referer": login},
            allow_redirects=False,
            timeout=10,
        )
        assert done.status_code == 302, f"the provider refused {username}: {done.status_code}"

    def authorize(self, authorize_url: str, username: str) -> str:
        """Follow Tandem's authorization URL as `username`: the provider's answer (the redirect
        back to Tandem, with code and state)."""
        with requests.Session() as session:
            self.sign_in(session, username)
            answer = session.get(authorize_url, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text[:500]
        back = answer.headers["Location"]
        assert "code" in parse_qs(urlsplit(back).query), back
        return back


@contextlib.contextmanager
def oidc_provider(*, folder: Path, redirect_uris: list[str], people: dict[str, Person]):
    """Start the provider on a free port with its own SQLite file in `folder`; yield it."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = {
        "port": port,
        "database": str(folder / "provider.sqlite3"),
        "client_id": "tandem-test-client",
        "client_secret": "tandem-test-secret-0123456789",
        "password": PASSWORD,
        "redirect_uris": redirect_uris,
        "people": {username: asdict(person) for username, person in people.items()},
    }
    (folder / "provider.json").write_text(json.dumps(config))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_CONFIG": str(folder / "provider.json"),
    }
    log = open(folder / "provider.log", "ab")  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [PY, "-m", "tests.oidc_provider.serve"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    provider = Provider(
        issuer=f"http://127.0.0.1:{port}/o",
        client_id=config["client_id"],
        client_secret=config["client_secret"],
        people=people,
    )
    try:
        _wait_until_up(provider, process, folder)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_until_up(provider: Provider, process, folder: Path, timeout: float = 60) -> None:
    url = provider.issuer + "/.well-known/openid-configuration"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (folder / "provider.log").read_text()[-2000:]
            raise RuntimeError(f"the OIDC provider stopped: {log}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the OIDC provider did not start within {timeout:.0f} s")
