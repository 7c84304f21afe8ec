"""Server time and SQL queries of the JSON API's lists (tandem/api), a page of 100, on a demo
school of 3,000 students.

    python3 bin/pgtmp.py -- .venv/bin/python bench/api.py [--students 3000]
    .venv/bin/python bench/api.py                      (SQLite: var/bench.sqlite3, kept)

Seeds as bench/pages.py does (the same demo school; an existing one of another size is kept and
said so), adds the demo's plans (as `seed_demo` does) and what the second part's lists read
(`seed_records`: ratings, test results, frameworks, final meeting records), makes a read token
for the coordinator, then requests each list in-process with django.test.Client: warm-up
requests, timed ones, then one more to count the queries. Each list is asked twice: its first
page, and a page deep in the list (by the cursor), which must cost the same. The goal (issue
18): under 100 ms median, a query count that does not grow.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402  (bench/pages.py: setup, seeding, the database's name)

GOAL_MS = 100.0
LISTS = [
    "/api/v1/students",
    "/api/v1/advisories",
    "/api/v1/plans",
    "/api/v1/conferences",
    "/api/v1/frameworks",
    "/api/v1/competency-ratings",
    "/api/v1/assessment-results",
    "/api/v1/meeting-records",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=3000, help="school size (default 3000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--runs", type=int, default=30)
    return parser.parse_args()


def measure(client, url, headers, *, warmup, runs) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        response = client.get(url, **headers)
        if response.status_code != 200:
            sys.exit(f"GET {url} answered {response.status_code}: {response.content[:200]}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, **headers)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return {
        "median": statistics.median(times),
        "queries": len(queries.captured_queries),
        "items": len(response.json()["items"]),
        "next": response.json()["next_cursor"],
    }


def seed_records(school, *, seed: int) -> str:
    """What the second part's lists read, when bench/pages.py's school has none: the demo's
    ratings and test results (`seed_demo_evidence`, as seed_demo does), three CASE-like
    frameworks of 200 items, and a final meeting record (with a next step) for every booked or
    held conference, written in bulk (seed_demo_meetings finishes each meeting through the
    services, minutes at this size; the list reads the same rows)."""
    from django.utils import timezone

    from tandem.accounts.models import User
    from tandem.conferences.models import Conference, Status
    from tandem.demo import generator
    from tandem.demo.evidence import seed_demo_evidence
    from tandem.evidence.models import CompetencyRating, Framework, FrameworkItem
    from tandem.records.models import MeetingRecord, NextStep

    said = ""
    if not CompetencyRating.objects.filter(student__school=school).exists():
        seed_demo_evidence(school, seed=seed)
        said += "; ratings and results seeded"
    if not Framework.objects.filter(school=school).exists():
        for n in range(3):
            framework = Framework.objects.create(
                school=school, identifier=f"urn:bench:{n}", title=f"Framework {n}"
            )
            FrameworkItem.objects.bulk_create(
                FrameworkItem(
                    framework=framework,
                    identifier=f"urn:bench:{n}:{i}",
                    code=f"F{n}.{i}",
                    statement=f"Statement {i}",
                    sequence=i,
                )
                for i in range(200)
            )
        said += "; frameworks made"
    if not MeetingRecord.objects.filter(conference__student__school=school).exists():
        coordinator = User.objects.get(email=generator.COORDINATOR_EMAIL)
        now, today = timezone.now(), timezone.localdate()
        conferences = Conference.objects.filter(
            student__school=school, status__in=[Status.BOOKED, Status.HELD]
        )
        records = MeetingRecord.objects.bulk_create(
            MeetingRecord(
                conference_id=pk,
                reflection="What I learned this term.",
                areas_for_growth="Writing with evidence.",
                family_actions="Read together at home.",
                finalized_at=now,
                finalized_by=coordinator,
            )
            for pk in conferences.values_list("pk", flat=True)
        )
        NextStep.objects.bulk_create(
            NextStep(record=r, what="Check in on the plan", owner_name="Advisor", due_on=today)
            for r in records
        )
        said += f"; {len(records)} final meeting records made"
    if said:
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    return said


def main() -> int:
    args = parse_args()
    pages.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from tandem.accounts.models import User
    from tandem.api.services import token_create
    from tandem.demo import generator
    from tandem.people.models import Student

    call_command("migrate", verbosity=0)
    seeded = pages.seed(args.students, args.seed, full=False)
    school = generator.demo_school()
    from tandem.plans.models import Plan

    if not Plan.objects.filter(student__school=school).exists():
        # bench/pages.py's school has no plans (seed_demo adds them): the plans list needs some.
        from tandem.demo.plans import seed_demo_plans

        seed_demo_plans(school, seed=args.seed)
        seeded += "; plans seeded"
    seeded += seed_records(school, seed=args.seed)
    students = Student.objects.filter(school=school).count()
    coordinator = User.objects.get(email=generator.COORDINATOR_EMAIL)
    _row, token = token_create(
        user=coordinator, school=school, name="bench", days=1, can_write=False
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    results = []
    with override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], API_RATE_LIMIT=10**9
    ):
        client = Client()
        for url in LISTS:
            first = measure(client, f"{url}?limit=100", headers, warmup=args.warmup, runs=args.runs)
            results.append((f"{url}?limit=100", first))
            deep = client.get(f"{url}?limit=100", **headers).json()
            cursor = deep["next_cursor"]
            for _ in range(4):  # a few pages in
                if cursor is None:
                    break
                body = client.get(f"{url}?limit=100&cursor={cursor}", **headers).json()
                cursor = body["next_cursor"] or cursor
            if cursor and cursor != first["next"]:
                later = f"{url}?limit=100&cursor={cursor}"
                results.append(
                    (
                        f"{url}?limit=100&cursor=… (page 5)",
                        measure(client, later, headers, warmup=args.warmup, runs=args.runs),
                    )
                )

    print()
    print(f"Tandem API benchmark: {school.name}")
    print(f"  database  {pages.database_name(connection)}")
    print(f"  students  {students} ({seeded})")
    print(f"  requests  {args.warmup} warm-up + {args.runs} timed each, in-process, read token")
    print()
    width = max(len(url) for url, _ in results)
    print(f"  {'list':<{width}}  median ms  queries  items")
    for url, f in results:
        print(f"  {url:<{width}}  {f['median']:9.1f}  {f['queries']:7d}  {f['items']:5d}")
    print()
    for url, f in results:
        verdict = "meets" if f["median"] < GOAL_MS else "MISSES"
        print(f"  {url}: median {f['median']:.1f} ms {verdict} the {GOAL_MS:.0f} ms goal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
