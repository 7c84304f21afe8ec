"""Rows per second to import a district's test results, in each format, first and again.

    .venv/bin/python bench/evidence.py                            SQLite, this benchmark only
    python3 bin/pgtmp.py -- .venv/bin/python bench/evidence.py    PostgreSQL
    make bench-imports                                            with the roster, both databases

For each format — NWEA MAP Growth's AssessmentResults.csv (the 2020+ layout, 143 columns),
Renaissance Star Reading (SR_v2, 126 columns), i-Ready Diagnostic (diagnostic_results_ela, 65
columns) and the plain CSV — writes a 50,000-row file shaped like the real export (the builders
of tests/evidence/vendor_files.py: 5,000 students with 10 test events each, one in fifty a
same-day retest), imports it into a school of its own with `--format auto` (detect + read +
apply, as `manage.py import_assessments` does), then imports it again: the second import must
find every row unchanged. Goal (issue 19): at least 20,000 rows/s on PostgreSQL.
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

GOAL_ROWS_PER_S = 20000
FORMATS = ("nwea", "star", "iready", "csv")
NAMES = {
    "nwea": "AssessmentResults.csv",
    "star": "Star_Reading_SR_v2.csv",
    "iready": "diagnostic_results_ela.csv",
    "csv": "results.csv",
}
TERMS = [
    ("Fall", date(2025, 9, 15)),
    ("Winter", date(2026, 1, 12)),
    ("Spring", date(2026, 5, 11)),
    ("Fall", date(2026, 9, 14)),
    ("Winter", date(2027, 1, 11)),
]


def events(students: int, seed: int):
    """Per student, 10 events: two tests (or two years) × 5 terms, a retest now and then."""
    rng = random.Random(seed)
    for n in range(students):
        for course in ("Reading", "Math K-12"):
            score = rng.randint(180, 230)
            for term, day in TERMS:
                score += rng.randint(-2, 7)
                year = "2025-2026" if day < date(2026, 7, 1) else "2026-2027"
                when = day + timedelta(days=n % 10)
                yield n, course, f"{term} {year}", term, year, when, score, rng


def write(fmt: str, *, students: int, seed: int) -> bytes:
    sys.path.insert(0, ".")
    from tests.evidence import vendor_files

    rows = []
    for n, course, term_name, term, year, when, score, rng in events(students, seed):
        student = f"NW{n:06d}"
        retest = rng.random() < 0.02  # the growth event, then a retest the same day
        if fmt == "nwea":
            row = {"student": student, "course": course, "date": f"{when:%m/%d/%Y}",
                   "rit": str(score), "term": term_name, "pct": str(rng.randint(1, 99)),
                   "test_id": f"{n}{len(rows):07d}"}  # fmt: skip
            rows.append(row)
            if retest:
                rows.append(row | {"growth": "FALSE", "rit": str(score - 6),
                                   "test_id": f"{n}{len(rows):07d}"})  # fmt: skip
        elif fmt == "star":
            row = {"student": student, "completed": f"{when:%Y-%m-%d} 10:{n % 60:02d}:00",
                   "score": str(score * 5), "window": term, "year": year,
                   "assessment_id": f"{n:08x}-4931-b731-{len(rows):012x}",
                   "pct": str(rng.randint(1, 99))}  # fmt: skip
            rows.append(row)
            if retest:  # a deactivated first attempt, earlier the same day
                rows.append(row | {"status": "Deactivated", "assessment_id": row["assessment_id"]
                                   + "r", "completed": f"{when:%Y-%m-%d} 09:00:00"})  # fmt: skip
        elif fmt == "iready":
            subject_shift = 0 if course == "Reading" else 1
            completed = when + timedelta(days=subject_shift * 30)
            row = {"student": student, "completed": f"{completed:%m/%d/%Y}",
                   "score": str(score * 2 + 100), "window": f"{term} (window)", "year": year,
                   "pct": str(rng.randint(1, 99))}  # fmt: skip
            rows.append(row)
            if retest:
                rows.append(row | {"rush": "Y", "duration": "7"})
        else:
            rows.append(
                f"{student},State Benchmark,{course},{when:%Y-%m-%d},{score},"
                f"{rng.randint(1, 99)},{term_name}"
            )
    if fmt == "nwea":
        return vendor_files.nwea(rows)
    if fmt == "star":
        return vendor_files.star("SR", rows)
    if fmt == "iready":
        return vendor_files.iready("ela", rows)
    header = "student_id,assessment,subject,date,score,percentile,term"
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def server_cpu(connection) -> float | None:
    """Seconds of CPU the database server's process for this connection has used, when it is a
    PostgreSQL server on this machine (bin/pgtmp.py's); None otherwise."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def timed(data: bytes, name: str, school) -> dict:
    from django.db import connection

    from tandem.evidence.assessment_files import read
    from tandem.evidence.imports import evidence_apply
    from tandem.rosters.models import ImportRun

    started = time.perf_counter()
    read("auto", data, name=name)  # the read alone, to split the total
    reading = time.perf_counter() - started
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    server = server_cpu(connection)
    with connection.execute_wrapper(count):
        started, cpu = time.perf_counter(), time.process_time()
        report = evidence_apply(
            kind=ImportRun.Kind.ASSESSMENTS, fmt="auto", data=data, name=name, school=school
        )
        total, cpu = time.perf_counter() - started, time.process_time() - cpu
    if server is not None:
        server = server_cpu(connection) - server
    if report.errors or not report.written:
        sys.exit(f"the {name} import failed: {report.errors[:5]}")
    return {
        "read": reading,
        "apply": max(total - reading, 0.0),
        "total": total,
        # CPU seconds of this process and of the database server's process: on a machine other
        # work keeps busy, their sum says what the import itself costs.
        "cpu": cpu,
        "server_cpu": server,
        "queries": queries,  # COPY goes around Django's cursor wrapper: not counted
        "report": report,
    }


def bench_assessments(args) -> list[tuple]:
    from tandem.people.models import Student
    from tandem.schools.models import School

    wanted = getattr(args, "assessment_rows", 50000)
    only = getattr(args, "formats", None) or FORMATS
    students = wanted // 10
    results = []
    for fmt in only:
        school = School.objects.create(name=f"Bench {fmt} school")
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
        data = write(fmt, students=students, seed=getattr(args, "seed", 2026))
        rows = data.count(b"\n") - 1
        first = timed(data, NAMES[fmt], school)
        again = timed(data, NAMES[fmt], school)
        report = first["report"]
        print(
            f"  {fmt:<7} {NAMES[fmt]}: {report.format_label}, {rows:,} rows, "
            f"{len(data) / 1e6:.1f} MB, {students:,} students"
        )
        for label, result in (("first", first), ("again", again)):
            cpu = result["cpu"] + (result["server_cpu"] or 0)
            where = "here + database" if result["server_cpu"] is not None else "here"
            print(
                f"  {label:<7} {rows / result['total']:>9,.0f} rows/s ({result['total']:.2f} s: "
                f"read {result['read']:.2f} s) · CPU {cpu:.2f} s {where} = "
                f"{rows / cpu:,.0f} rows per CPU-second"
            )
        counts = again["report"].as_dict()["counts"]["results"]
        if counts["unchanged"] != rows:
            print(f"  again   {counts} (expected every row unchanged)")
        goal = rows / GOAL_ROWS_PER_S
        results += [(f"{fmt}: first import", first, goal), (f"{fmt}: unchanged", again, goal)]
    return results


if __name__ == "__main__":
    import argparse

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from imports import database_name, setup  # noqa: E402

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assessment-rows", type=int, default=50000)
    parser.add_argument("--formats", nargs="*", choices=FORMATS)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"\nTandem test results import benchmark\n  database  {database_name(connection)}")
    measured = bench_assessments(arguments)
    sys.exit(0 if all(r["total"] < goal for _label, r, goal in measured) else 1)
