"""Rows per second to import a district's NWEA MAP Growth export, first and again.

    .venv/bin/python bench/evidence.py                            SQLite, this benchmark only
    python3 bin/pgtmp.py -- .venv/bin/python bench/evidence.py    PostgreSQL
    make bench-imports                                            with the roster, both databases

Writes a 50,000-row AssessmentResults.csv (5,000 students × 2 subjects × 5 testing terms, in
today's NWEA headers with the growth columns), imports it into a school of its own (read +
apply, as `manage.py import_assessments --format nwea` does), then imports it again: the second
import must find every row unchanged. Goal (the evidence issue): at least 5,000 rows/s each.
"""

import random
import sys
import time
from datetime import date, timedelta

GOAL_ROWS_PER_S = 5000
HEADER = (
    "TermName,DistrictName,SchoolName,StudentLastName,StudentFirstName,StudentID,StudentGrade,"
    "Subject,Course,TestType,TestName,TestStartDate,TestDurationMinutes,TestRITScore,"
    "TestStandardError,TestPercentile,AchievementQuintile,FallToWinterProjectedGrowth,"
    "FallToWinterObservedGrowth,FallToWinterConditionalGrowthIndex"
)


def write_nwea(*, students: int, seed: int) -> bytes:
    rng = random.Random(seed)
    terms = [
        ("Fall 2025-2026", date(2025, 9, 15)),
        ("Winter 2025-2026", date(2026, 1, 12)),
        ("Spring 2026-2027", date(2026, 5, 11)),
        ("Fall 2026-2027", date(2026, 9, 14)),
        ("Winter 2026-2027", date(2027, 1, 11)),
    ]
    lines = [HEADER]
    for n in range(students):
        for subject in ("Mathematics", "Reading"):
            rit = rng.randint(180, 230)
            for term, day in terms:
                rit += rng.randint(-2, 7)
                when = day + timedelta(days=n % 10)
                lines.append(
                    f"{term},Bench,Bench NWEA School,Family{n:05d},Kid,NW{n:06d},9,{subject},"
                    f"{subject} 6+,Survey With Goals,Growth: {subject},{when:%m/%d/%Y},45,{rit},"
                    f"3.1,{rng.randint(1, 99)},Avg,5,{rng.randint(-3, 12)},0.{rng.randint(0, 9)}"
                )
    return ("\r\n".join(lines) + "\r\n").encode()


def timed(data: bytes, school) -> dict:
    from django.db import connection

    from tandem.evidence.imports import evidence_apply
    from tandem.rosters.models import ImportRun

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        report = evidence_apply(
            kind=ImportRun.Kind.ASSESSMENTS,
            fmt="nwea",
            data=data,
            name="AssessmentResults.csv",
            school=school,
        )
        total = time.perf_counter() - started
    if report.errors or not report.written:
        sys.exit(f"the NWEA import failed: {report.errors[:5]}")
    return {"read": 0.0, "apply": total, "total": total, "queries": queries, "report": report}


def bench_nwea(args) -> list[tuple]:
    from tandem.people.models import Student
    from tandem.schools.models import School

    rows = getattr(args, "nwea_rows", 50000)
    students = rows // 10
    school = School.objects.create(name="Bench NWEA School")
    Student.objects.bulk_create(
        (
            Student(
                school=school,
                first_name="Kid",
                last_name=f"Family{n:05d}",
                grade=9,
                local_id=f"NW{n:06d}",
            )
            for n in range(students)
        ),
        batch_size=2000,
    )
    data = write_nwea(students=students, seed=getattr(args, "seed", 2026))
    print(
        f"  nwea      AssessmentResults.csv, {rows:,} rows, {len(data) / 1e6:.1f} MB, "
        f"{students:,} students"
    )
    first = timed(data, school)
    again = timed(data, school)
    counts = again["report"].as_dict()["counts"]["results"]
    for label, result in (("first", first), ("again", again)):
        print(f"  {label:<9} {rows / result['total']:,.0f} rows/s ({result['total']:.1f} s)")
    if counts["unchanged"] != rows:
        print(f"  again     {counts} (expected every row unchanged)")
    goal = rows / GOAL_ROWS_PER_S
    return [("nwea: first import", first, goal), ("nwea: unchanged re-import", again, goal)]


if __name__ == "__main__":
    import argparse
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from imports import database_name, setup  # noqa: E402

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nwea-rows", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"\nTandem NWEA import benchmark\n  database  {database_name(connection)}")
    results = bench_nwea(arguments)
    sys.exit(0 if all(r["total"] < goal for _label, r, goal in results) else 1)
