"""Server time and SQL queries of the busiest pages (the lists, the conference window and the
meeting page), on a demo school of 2,000 students with its conferences.

    python3 bin/pgtmp.py -- .venv/bin/python bench/pages.py [--students 2000]   (make bench)
    .venv/bin/python bench/pages.py                      (SQLite: var/bench.sqlite3, kept)

Migrates, seeds the demo school unless it is there, then requests each page in-process with
django.test.Client as its everyday user: warm-up requests first, then timed ones, then one more
to count the queries (counting them makes Django record every query, which would slow the timed
ones). The goal (PRODUCT.md, "Performance"): under 100 ms median each, with a query count that
does not grow with the school.

The demo is its people, advisories and conferences; `--full` seeds the whole demo instead
(manage.py seed_demo: plans, contacts, meetings, narratives, IEP goals — what the compliance desk
reads; slow to seed at 3,000 students). Besides the wall time, each page's median CPU time in
this process is printed: on a shared machine it says what the page costs when the machine is
not busy (the database's own work is not in it).
"""

import argparse
import os
import re
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 100.0
PAGES = [
    # (label, URL or a function of the school giving it, e-mail of the user who opens it:
    # attribute of tandem.demo.generator)
    ("coordinator's student list", "/coordinator/", "COORDINATOR_EMAIL"),
    ("advisor's home", "/advisor/", "ADVISOR_EMAIL"),
    ("conference window, booked", lambda s: _window_url(s, "booked"), "COORDINATOR_EMAIL"),
    ("conference window, not booked", lambda s: _window_url(s, "waiting"), "COORDINATOR_EMAIL"),
    ("advisor's conferences", "/advisor/conferences/", "ADVISOR_EMAIL"),
    ("meeting page", lambda s: _meeting_url(s), "ADVISOR_EMAIL"),
    ("compliance desk, by advisor", "/coordinator/desk/", "COORDINATOR_EMAIL"),
    (
        "compliance desk: first contacts due",
        "/coordinator/desk/students/?item=first_contact&state=due",
        "COORDINATOR_EMAIL",
    ),
    (
        "participation (rates, breakdowns, charts)",
        "/coordinator/participation/",
        "COORDINATOR_EMAIL",
    ),
    (
        "participation: invited students",
        "/coordinator/participation/students/",
        "COORDINATOR_EMAIL",
    ),
]


def _window_url(school, show: str) -> str:
    from tandem.conferences.models import ConferenceWindow

    # The demo has the last term's window (its conferences ran) and the next one (booked).
    window = (
        ConferenceWindow.objects.filter(term__year__school=school).order_by("-starts_on").first()
    )
    return f"/coordinator/terms/{window.term_id}/conferences/?show={show}"


def _meeting_url(school) -> str:
    from tandem.conferences.models import Conference
    from tandem.demo import generator

    conference = (
        Conference.objects.filter(advisor__email=generator.ADVISOR_EMAIL, status="booked")
        .order_by("starts_at")
        .first()
    )
    return f"/meetings/{conference.pk}/"


STUDENT_ROW = re.compile(r'<small class="muted">RCH\d{6}</small>')


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=2000, help="school size (default 2000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page")
    parser.add_argument("--runs", type=int, default=50, help="timed requests per page")
    parser.add_argument(
        "--full", action="store_true", help="seed the whole demo (manage.py seed_demo)"
    )
    parser.add_argument(
        "--only", default="", help="only the pages whose label contains this, e.g. 'desk'"
    )
    return parser.parse_args()


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # WhiteNoise looks for collectstatic's output, which the benchmark does not need.
    warnings.filterwarnings("ignore", "No directory at")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    import django

    django.setup()


def database_name(connection) -> str:
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    return connection.vendor


def seed(students: int, seed_value: int, *, full: bool) -> str:
    from tandem.demo import generator

    if generator.demo_school() is not None:
        return "already seeded"
    from tandem.demo.conferences import seed_demo_conferences

    started = time.perf_counter()
    if full:
        import io

        from django.core.management import call_command

        call_command("seed_demo", students=students, seed=seed_value, stdout=io.StringIO())
    else:
        generator.build_demo_school(students=students, seed=seed_value)
        seed_demo_conferences(generator.demo_school(), seed=seed_value)  # the conference pages
    from django.db import connection

    if connection.vendor == "postgresql":
        # Statistics for every table seeded, as autovacuum would gather them on a live school
        # (without them the planner takes the empty-at-migrate tables for empty).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    what = "the whole demo" if full else "conferences included"
    return f"seeded in {time.perf_counter() - started:.1f} s ({what})"


def measure(client, url: str, *, warmup: int, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"GET {url} answered {response.status_code}, not 200")
    times, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    return {
        "median": statistics.median(times),
        "p95": statistics.quantiles(times, n=20, method="inclusive")[18],
        "cpu": statistics.median(cpu),
        "queries": len(queries.captured_queries),
        # Of the counted request, as the database driver saw it (round trips included).
        "sql": sum(float(query["time"]) for query in queries.captured_queries) * 1000,
        "rows": len(STUDENT_ROW.findall(html)),
        "kb": len(response.content) / 1024,
    }


def main() -> int:
    args = parse_args()
    setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from tandem.accounts.models import User
    from tandem.demo import generator
    from tandem.people.models import Student

    call_command("migrate", verbosity=0)
    seeded = seed(args.students, args.seed, full=args.full)
    school = generator.demo_school()
    students = Student.objects.filter(school=school, is_active=True).count()

    # Plain static storage: the pages render without collectstatic's manifest.
    overrides = override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
    )
    results = []
    with overrides:
        for label, url, email_name in [page for page in PAGES if args.only in page[0]]:
            url = url(school) if callable(url) else url
            user = User.objects.get(email=getattr(generator, email_name))
            client = Client()
            client.force_login(user)
            figures = measure(client, url, warmup=args.warmup, runs=args.runs)
            results.append((f"GET {url}", label, user.email, figures))

    print()
    print(f"Tandem page benchmark: {school.name}")
    print(f"  database  {database_name(connection)}")
    if students != args.students:
        seeded += f"; not the {args.students} asked for: start from an empty database"
    print(f"  students  {students} ({seeded})")
    print(
        f"  requests  {args.warmup} warm-up + {args.runs} timed per page, in-process "
        f"(django.test.Client), DEBUG={settings.DEBUG}"
    )
    load = " ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"  load      {load} (1, 5, 15 min averages, {os.cpu_count()} cores)")
    print()
    header = (
        "page",
        "signed in as",
        "median ms",
        "p95 ms",
        "CPU ms",
        "queries",
        "SQL ms",
        "rows",
        "KB",
    )
    lines = [
        (
            f"{request} ({label})",
            email,
            f"{f['median']:.1f}",
            f"{f['p95']:.1f}",
            f"{f['cpu']:.1f}",
            str(f["queries"]),
            f"{f['sql']:.1f}",
            str(f["rows"]),
            f"{f['kb']:.0f}",
        )
        for request, label, email, f in results
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

    def show(row) -> None:
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  " + "  ".join(cells))

    show(header)
    print("  " + "  ".join("-" * width for width in widths))
    for line in lines:
        show(line)
    print()
    for request, _label, _email, figures in results:
        verdict = "meets" if figures["median"] < GOAL_MS else "MISSES"
        print(f"  {request}: median {figures['median']:.1f} ms {verdict} the {GOAL_MS:.0f} ms goal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
