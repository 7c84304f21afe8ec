"""Seconds to import files into Tandem: a district's OneRoster package, first and again.

    python3 bin/pgtmp.py -- .venv/bin/python bench/imports.py    PostgreSQL
    .venv/bin/python bench/imports.py                            SQLite (var/bench-imports.sqlite3)
    make bench-imports                                           both
    python3 bin/pgtmp.py -- .venv/bin/python bench/imports.py --users 250000 --only roster

The roster benchmark (bench/roster.py) writes a OneRoster 1.2 bulk package — 20,000 users
(students, caregivers, staff of four schools) with their roles, courses, classes and 60,000
enrollments; `--users 250000` is a district's, with 1.5 million enrollments — as a zip, then
imports it into an empty database (read + apply, as `manage.py import_oneroster` does, in a
process of its own whose peak memory is printed) and imports it again: the second import must
find everything unchanged. The goals: 20,000 people first in under 60 s and again in under
30 s (the roster import issue); 250,000 on PostgreSQL first in under 3 minutes and again in
under 90 s, each under 1.5 GB (issue 19).

Each benchmark is one function in BENCHMARKS, so other imports (evidence files) add theirs.
"""

import argparse
import os
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "var" / "bench-imports.sqlite3"
SCHOOLS = 4
# The district goals (issue 19): 250,000 people on PostgreSQL.
DISTRICT_FIRST_S, DISTRICT_AGAIN_S, PEAK_GOAL_MB = 180.0, 90.0, 1500.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--users", type=int, default=20000, help="people in the package (250000: a district)"
    )
    parser.add_argument(
        "--enrollments", type=int, default=None, help="3 per person up to 20,000, else 6"
    )
    parser.add_argument(
        "--grades", action="store_true", help="a final grade for every student enrollment"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--only", help="run only the benchmarks whose name has this (roster, assessments)"
    )
    return parser.parse_args()


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    warnings.filterwarnings("ignore", "No directory at")
    if "DATABASE_URL" not in os.environ:
        # The benchmark's own scratch database: start from empty every time.
        DEFAULT_SQLITE.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_SQLITE}"
    import django

    django.setup()


def database_name(connection) -> str:
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    return connection.vendor


def bench_roster(args) -> list[tuple]:
    from roster import default_enrollments, load_average, timed_import, write_roster

    from tandem.schools.models import School

    if School.objects.exists():
        # It writes a district's people: never into a database that holds a school already.
        sys.exit("This database already has schools: run the benchmark on an empty one.")
    district = args.users > 20000
    first_goal, again_goal = (DISTRICT_FIRST_S, DISTRICT_AGAIN_S) if district else (60.0, 30.0)
    enrollments = args.enrollments or default_enrollments(args.users)
    with tempfile.TemporaryDirectory() as scratch:
        sizes = write_roster(
            Path(scratch) / "roster",
            users=args.users,
            enrollments=enrollments,
            seed=args.seed,
            grades=args.grades,
        )
        print(
            f"  package   OneRoster 1.2 bulk, {sizes['megabytes']:.1f} MB zipped: "
            f"{sizes['users']:,} users ({sizes['students']:,} students, "
            f"{sizes['caregivers']:,} caregivers, {sizes['staff']:,} staff), "
            f"{sizes['roles']:,} roles, {sizes['courses']:,} courses, {sizes['classes']:,} "
            f"classes, {sizes['enrollments']:,} enrollments"
            + (f", {sizes['results']:,} final grades" if sizes["results"] else "")
            + f", {SCHOOLS} schools"
        )
        print(f"  load      {load_average()} (1, 5, 15 min) on {os.cpu_count()} cores, before")
        first = timed_import(sizes["zip"])
        print(f"  load      {load_average()} after the first import")
        again = timed_import(sizes["zip"])
        print(f"  load      {load_average()} after the second")
    counts = first["counts"]
    made = ", ".join(
        f"{counts[kind]['created']:,} {kind.replace('_', ' ')}"
        for kind in ("students", "caregivers", "staff", "guardianships", "course_records")
    )
    print(f"  first     created {made}")
    changed = again["changes"]
    verdict = f"{changed} CHANGES (expected none)" if changed else "everything unchanged"
    print(f"  again     {verdict}")
    for label, run in (("first", first), ("again", again)):
        server = run.get("server_cpu")
        print(
            f"  {label:<8}  peak {run['peak_mb']:,.0f} MB (reading the package "
            f"{run['read_peak_mb']:,.0f} MB); CPU {run['cpu']:.1f} s"
            + (f" + the database server's {server:.1f} s" if server is not None else "")
            + f" in {run['total']:.1f} s"
        )
    for run in (first, again):
        run["goal_mb"] = PEAK_GOAL_MB if district else None
    return [
        ("roster: first import", first, first_goal),
        ("roster: unchanged re-import", again, again_goal),
    ]


def bench_assessments(args) -> list[tuple]:
    from evidence import bench_assessments as run  # bench/evidence.py: every results format

    return run(args)


BENCHMARKS = [bench_roster, bench_assessments]


def main() -> int:
    args = parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print()
    print("Tandem import benchmark")
    print(f"  database  {database_name(connection)}")
    results = []
    for benchmark in BENCHMARKS:
        if not args.only or args.only in benchmark.__name__:
            results += benchmark(args)
    print()
    header = ("import", "read s", "apply s", "total s", "queries", "peak MB", "goal", "")
    lines = [
        (
            label,
            f"{r['read']:.1f}",
            f"{r['apply']:.1f}",
            f"{r['total']:.1f}",
            f"{r['queries']:,}",
            f"{r['peak_mb']:,.0f}" if "peak_mb" in r else "—",
            f"< {goal:.0f} s" + (f", {r['goal_mb']:,.0f} MB" if r.get("goal_mb") else ""),
            "meets" if meets(r, goal) else "MISSES",
        )
        for label, r, goal in results
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *lines]:
        print(
            "  "
            + "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    print()
    return 0 if all(meets(r, goal) for _label, r, goal in results) else 1


def meets(result: dict, goal: float) -> bool:
    memory = result.get("goal_mb")
    return result["total"] < goal and (not memory or result["peak_mb"] < memory)


if __name__ == "__main__":
    sys.exit(main())
