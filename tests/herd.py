"""A herd of families driven from the outside, for bench/booking.py and the several-machines
test: gunicorn servers and task workers started as bin/demo-server starts them (on loopback),
a real SMTP server (tests/smtp.py) that receives the sign-in links and invitations, and each
family signing in by the e-mailed link, then booking a time others want too.

Bounded: a fixed number of families, threads and tries, and a deadline on every wait."""

from __future__ import annotations

import contextlib
import html
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMES = re.compile(r'name="starts_at" value="([^"]+)"')
BOOK = re.compile(r'href="(/conferences/\d+/book/)"')
LINK = re.compile(r"(https?://\S+/signin/link/open/\?\S+)")
TRIES = 4


def free_port() -> int:
    from tests.smtp import free_port as port

    return port()


@contextlib.contextmanager
def stack(*, env: dict, servers: int = 1, workers: int = 1, logs: Path, ports=None):
    """Start `servers` gunicorn processes (config/gunicorn.py, as bin/demo-server) and
    `workers` task workers (`manage.py db_worker`, niced as bin/demo-server does) with `env`;
    yield the servers' base URLs.
    Each server's access log (request, status, microseconds) is logs/access-<n>.log."""
    logs.mkdir(parents=True, exist_ok=True)
    ports = ports or [free_port() for _ in range(servers)]
    base = {**os.environ, **env}
    procs = []
    try:
        for n, port in enumerate(ports):
            procs.append(
                subprocess.Popen(  # noqa: S603 - our own executables
                    [
                        GUNICORN,
                        "--config",
                        "config/gunicorn.py",
                        "config.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--access-logfile",
                        str(logs / f"access-{n}.log"),
                        "--access-logformat",
                        "%(m)s %(U)s %(s)s %(D)s",
                        "--log-level",
                        "warning",
                    ],
                    cwd=ROOT,
                    env={**base, "SITE_URL": f"http://127.0.0.1:{port}"},
                    stderr=open(logs / f"server-{n}.log", "ab"),  # noqa: SIM115
                )
            )
        for n in range(workers):
            procs.append(
                subprocess.Popen(  # noqa: S603
                    ["nice", "-n", "10", PY, "manage.py", "db_worker", "--interval", "0.2"],
                    cwd=ROOT,
                    env=base,
                    stdout=subprocess.DEVNULL,
                    stderr=open(logs / f"worker-{n}.log", "ab"),  # noqa: SIM115
                )
            )
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            wait_until_up(url)
        SERVERS.update({url: proc.pid for url, proc in zip(urls, procs, strict=False)})
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


SERVERS: dict[str, int] = {}  # a running server's URL -> its gunicorn master's pid


def cpu_seconds(urls) -> float:
    """CPU time (user + system) the gunicorn workers behind these URLs have used so far, read
    from /proc: what the requests cost the machine, whatever else runs on it."""
    masters = {SERVERS[url] for url in urls}
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) in masters:  # ppid: a worker of one of these servers
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url + "/healthz", timeout=5),  # noqa: S310 - loopback
        ):
            return
        time.sleep(0.3)
    sys.exit(f"{url} did not start within {timeout:.0f} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Browser:
    """One family's browser: cookies, a forwarded address (as a load balancer adds), no
    automatic redirects."""

    base: str
    address: str
    jar: CookieJar = field(default_factory=CookieJar)

    def __post_init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def request(self, path, data=None, headers=None) -> tuple[int, dict, str]:
        url = path if path.startswith("http") else self.base + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(  # noqa: S310 - loopback
            url,
            data=body,
            headers={"X-Forwarded-For": self.address, "Referer": url, **(headers or {})},
        )
        try:
            with self.opener.open(req, timeout=60) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def form(self, path) -> tuple[str, str]:
        status, _headers, page = self.request(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return CSRF.search(page).group(1), page


@dataclass
class Outcome:
    email: str
    booked: bool = False
    times_ms: list = field(default_factory=list)  # each booking POST, as the family waited
    statuses: list = field(default_factory=list)
    error: str = ""


def link_for(inbox, email: str, timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(inbox.messages):
            if email in (message["To"] or ""):
                found = LINK.search(inbox.text_of(message))
                if found:
                    return html.unescape(found.group(1))
        time.sleep(0.2)
    raise RuntimeError(f"no sign-in link for {email} within {timeout:.0f} s")


def family(browser: Browser, email: str, inbox, *, start: threading.Barrier, pick) -> Outcome:
    """Sign in by the e-mailed link, open the booking page, wait for the others, book a time
    (`pick(times)` chooses; collisions are the point), and on a lost time take one of the fresh
    times (htmx fragment), up to TRIES times."""
    out = Outcome(email)
    try:
        token, _page = browser.form("/signin/link/")
        browser.request("/signin/link/", {"email": email, "csrfmiddlewaretoken": token})
        link = link_for(inbox, email)
        path = urllib.parse.urlsplit(link)
        opened = f"{path.path}?{path.query}"
        token, page = browser.form(opened)
        sesame = re.search(r'name="t" value="([^"]+)"', page).group(1)
        status, _h, _p = browser.request(
            "/signin/link/open/", {"t": sesame, "csrfmiddlewaretoken": token}
        )
        if status != 302:
            raise RuntimeError(f"sign-in answered {status}")
        _status, _h, home = browser.request("/conferences/")
        book = BOOK.search(home)
        if book is None:
            raise RuntimeError("no booking link on the family's page")
        token, page = browser.form(book.group(1))
        times = TIMES.findall(page)
    except Exception as error:  # noqa: BLE001 - reported per family
        out.error = str(error)
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(timeout=120)
        return out
    with contextlib.suppress(threading.BrokenBarrierError):
        start.wait(timeout=120)
    for _try in range(TRIES):
        if not times:
            break
        began = time.perf_counter()
        status, headers, page = browser.request(
            book.group(1),
            {"starts_at": html.unescape(pick(times)), "csrfmiddlewaretoken": token},
            headers={"HX-Request": "true"},
        )
        out.times_ms.append((time.perf_counter() - began) * 1000)
        out.statuses.append(status)
        if status == 200 and headers.get("HX-Redirect", "").endswith("/conferences/"):
            out.booked = True
            break
        if status == 200 and "HX-Redirect" in headers:  # a co-parent was first
            break
        if status != 409:
            break
        times = TIMES.findall(page)
    return out


def run_herd(urls, families, inbox, *, pick, on_start=None) -> list[Outcome]:
    """Every family at once, spread over the servers; threads, one per family. `on_start` is
    called once, when every family has signed in and the booking begins."""
    start = threading.Barrier(len(families), action=on_start)
    results: list[Outcome] = [None] * len(families)

    def go(n, email):
        browser = Browser(urls[n % len(urls)], f"10.{n // 250}.{n % 250}.{n % 7 + 1}")
        results[n] = family(browser, email, inbox, start=start, pick=pick)

    threads = [threading.Thread(target=go, args=(n, e)) for n, e in enumerate(families)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    return [r or Outcome("?", error="did not finish") for r in results]


def server_times(logs: Path) -> list[float]:
    """Milliseconds the servers spent on each booking POST (gunicorn's access log)."""
    out = []
    for log in logs.glob("access-*.log"):
        for line in log.read_text().splitlines():
            parts = line.split()
            if len(parts) == 4 and parts[0] == "POST" and parts[1].endswith("/book/"):
                out.append(int(parts[3]) / 1000)
    return out


def server_errors(logs: Path) -> int:
    count = 0
    for log in logs.glob("access-*.log"):
        for line in log.read_text().splitlines():
            parts = line.split()
            count += len(parts) == 4 and parts[2].startswith("5")
    return count


def rule_breaks() -> dict:
    """Double bookings (two booked conferences of one person overlapping) and days over an
    advisor's limit, read from the database."""
    from collections import Counter

    from tandem.conferences.models import AdvisorAvailability, Busy, Conference, Status

    overlaps = 0
    by_person: dict[str, list] = {}
    for b in Busy.objects.order_by("person", "starts_at").values_list(
        "person", "starts_at", "ends_at"
    ):
        by_person.setdefault(b[0], []).append((b[1], b[2]))
    for spans in by_person.values():
        overlaps += sum(1 for a, b in zip(spans, spans[1:], strict=False) if b[0] < a[1])
    students = Counter(
        Conference.objects.filter(status=Status.BOOKED, household__isnull=True).values_list(
            "window_id", "student_id"
        )
    )
    twice = sum(1 for n in students.values() if n > 1)
    limits = {(a.window_id, a.advisor_id): a.max_per_day for a in AdvisorAvailability.objects.all()}
    days = Counter()
    for c in Conference.objects.filter(status=Status.BOOKED).select_related(
        "window__term__year__school"
    ):
        days[(c.window_id, c.advisor_id, c.starts_at.astimezone(c.window.school.zone).date())] += 1
    over = sum(1 for (w, a, _d), n in days.items() if n > limits.get((w, a), 8))
    return {"double bookings": overlaps + twice, "daily-limit breaks": over}
