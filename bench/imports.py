"""Seconds to import files into Tandem: a district's OneRoster package, first and again.

    python3 bin/pgtmp.py -- .venv/bin/python bench/imports.py    PostgreSQL
    .venv/bin/python bench/imports.py                            SQLite (var/bench-imports.sqlite3)
    make bench-imports                                           both

The roster benchmark writes a OneRoster 1.2 bulk package — 20,000 users (students, caregivers,
staff of four schools) with their roles, 60,000 enrollments in 1,000 classes — as a zip, then
imports it into an empty database (read + apply, as `manage.py import_oneroster` does) and
imports it again: the second import must find everything unchanged. The goal (the roster
import issue): first import under 60 s, unchanged re-import under 30 s.

Each benchmark is one function in BENCHMARKS, so other imports (evidence files) add theirs.
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = ROOT / "var" / "bench-imports.sqlite3"
SCHOOLS = 4
FIRST_GOAL_S, AGAIN_GOAL_S = 60.0, 30.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20000, help="people in the package")
    parser.add_argument("--enrollments", type=int, default=60000)
    parser.add_argument("--seed", type=int, default=2026)
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


# -- The package ------------------------------------------------------------------------------


def write_roster(folder: Path, *, users: int, enrollments: int, seed: int) -> dict:
    """A district's OneRoster 1.2 bulk export, deterministic for a seed. Returns its sizes."""
    rng = random.Random(seed)
    staff_count = users // 20
    students_count = users * 11 // 20
    caregivers_count = users - staff_count - students_count
    schools = [f"bench-sch{n + 1}" for n in range(SCHOOLS)]
    rows = {name: [] for name in ("orgs", "sessions", "users", "roles", "courses", "classes")}
    rows["orgs"].append(["bench-district", "", "", "Bench District", "district", "", ""])
    for number, sid in enumerate(schools, start=1):
        rows["orgs"].append([sid, "", "", f"Bench School {number}", "school", "", "bench-district"])
    rows["sessions"] += [
        ["bench-y", "", "", "2026-2027", "schoolYear", "2026-08-24", "2027-06-18", "", "2027"],
        ["bench-s1", "", "", "Fall", "semester", "2026-08-24", "2027-01-22", "bench-y", "2027"],
        ["bench-s2", "", "", "Spring", "semester", "2027-01-25", "2027-06-18", "bench-y", "2027"],
    ]
    for n, (start, end) in enumerate(
        [("2026-08-24", "2026-10-30"), ("2026-11-02", "2027-01-22")], start=1
    ):
        rows["sessions"].append(
            [f"bench-g{n}", "", "", f"Q{n}", "gradingPeriod", start, end, "bench-s1", "2027"]
        )

    def user(sid, given, family, *, email="", agents=(), grades="", identifier="", sms=""):
        rows["users"].append(
            [sid, "", "", "true", sid, "", given, family, "", identifier, email, sms, "",
             ",".join(agents), grades, "", "", "", "", "", "", "", ""]
        )  # fmt: skip

    def role(sid, name, org, kind="primary"):
        rows["roles"].append([f"r-{sid}-{org}-{name}", "", "", sid, kind, name, "", "", org, ""])

    # Families: siblings at one school, one or two caregivers each.
    families = students_count * 10 // 25
    students_of = [[] for _ in range(families)]
    for index in range(students_count):
        students_of[index % families].append(f"stu{index:06d}")
    caregivers_of = [[] for _ in range(families)]
    for index in range(caregivers_count):
        caregivers_of[index % families].append(f"cg{index:06d}")
    students_at = {sid: [] for sid in schools}
    for family, kids in enumerate(students_of):
        school = schools[family % SCHOOLS]
        parents = caregivers_of[family]
        family_name = f"Family{family:05d}"
        for kid in kids:
            user(
                kid,
                rng.choice(["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana"]),
                family_name,
                email=f"{kid}@students.bench.test",
                agents=parents,
                grades=f"{rng.randint(6, 12):02d}",
                identifier=f"B{kid[3:]}",
            )
            role(kid, "student", school)
            students_at[school].append(kid)
        for number, parent in enumerate(parents):
            user(
                parent,
                rng.choice(["Maria", "John", "Wei", "Amina", "Jose", "Linh", "Sarah", "Omar"]),
                family_name,
                email=f"{parent}@family.bench.test" if rng.random() < 0.9 else "",
                agents=kids if number == 0 else (),  # some families say it from both sides
                sms=f"+1617{rng.randint(200, 999)}{rng.randint(1000, 9999)}",
            )
            role(parent, rng.choice(["parent", "parent", "parent", "guardian", "relative"]), school)
    teachers_at = {sid: [] for sid in schools}
    kinds = ["teacher"] * 17 + ["aide", "counselor", "siteAdministrator"]
    for index in range(staff_count):
        sid, school = f"staff{index:05d}", schools[index % SCHOOLS]
        name = "principal" if index < SCHOOLS else rng.choice(kinds)
        user(sid, "Staff", f"Member{index:05d}", email=f"{sid}@bench.test", identifier=sid)
        role(sid, name, school)
        if name == "teacher":
            teachers_at[school].append(sid)
    # Courses, classes and enrollments: read, checked and counted (Tandem has no classes yet).
    classes_count = enrollments // 60
    for n in range(classes_count // 5):
        rows["courses"].append(
            [
                f"course{n}",
                "",
                "",
                "bench-y",
                f"Course {n}",
                f"C{n}",
                "",
                schools[n % SCHOOLS],
                "",
                "",
            ]
        )
    class_school = []
    for n in range(classes_count):
        school = schools[n % SCHOOLS]
        class_school.append(school)
        rows["classes"].append(
            [f"class{n}", "", "", f"Class {n}", "", f"course{n // 5}", "", "scheduled", "", school,
             "bench-s1,bench-s2", "", "", ""]
        )  # fmt: skip
    enrollment_rows = []
    by_school = {
        school: [n for n, s in enumerate(class_school) if s == school] for school in schools
    }
    for n in range(classes_count):  # one teacher per class
        teacher = rng.choice(teachers_at[class_school[n]])
        enrollment_rows.append([f"class{n}", class_school[n], teacher, "teacher", "true"])
    while len(enrollment_rows) < enrollments:
        for school in schools:
            for kid in students_at[school]:
                if len(enrollment_rows) >= enrollments:
                    break
                n = rng.choice(by_school[school])
                enrollment_rows.append([f"class{n}", school, kid, "student", "false"])

    headers = {
        "orgs": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
        "academicSessions": "sourcedId,status,dateLastModified,title,type,startDate,endDate,"
        "parentSourcedId,schoolYear",
        "users": "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,"
        "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,"
        "userMasterIdentifier,resourceSourcedIds,preferredGivenName,preferredMiddleName,"
        "preferredFamilyName,primaryOrgSourcedId,pronouns",
        "roles": "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,"
        "orgSourcedId,userProfileSourcedId",
        "courses": "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,"
        "orgSourcedId,subjects,subjectCodes",
        "classes": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,"
        "classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
        "enrollments": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,"
        "userSourcedId,role,primary,beginDate,endDate",
    }
    data = {
        "orgs": rows["orgs"],
        "academicSessions": rows["sessions"],
        "users": rows["users"],
        "roles": rows["roles"],
        "courses": rows["courses"],
        "classes": rows["classes"],
        "enrollments": [
            [f"enr{n}", "", "", *row[:4], row[4], "", ""] for n, row in enumerate(enrollment_rows)
        ],
    }
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["propertyName", "value"])
        writer.writerows([("manifest.version", "1.0"), ("oneroster.version", "1.2")])
        for name in ("academicSessions", "classes", "courses", "demographics", "enrollments",
                     "orgs", "roles", "users"):  # fmt: skip
            writer.writerow([f"file.{name}", "bulk" if name in data else "absent"])
    for name, content in data.items():
        with (folder / f"{name}.csv").open("w", newline="") as out:
            out.write(headers[name] + "\r\n")
            csv.writer(out).writerows(content)
    archive = folder.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.glob("*.csv")):
            zf.write(path, path.name)
    return {
        "zip": archive,
        "users": len(rows["users"]),
        "students": students_count,
        "caregivers": caregivers_count,
        "staff": staff_count,
        "roles": len(rows["roles"]),
        "enrollments": len(data["enrollments"]),
        "classes": classes_count,
        "megabytes": archive.stat().st_size / 1e6,
    }


def timed_import(path: Path) -> dict:
    from django.db import connection

    from tandem.rosters.oneroster import read_package
    from tandem.rosters.services import roster_import

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    package = read_package(path)
    read = time.perf_counter() - started
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        report = roster_import(package=package)
        applied = time.perf_counter() - started
    if report.errors:
        sys.exit(f"the import failed: {report.errors[:5]}")
    return {
        "read": read,
        "apply": applied,
        "total": read + applied,
        "queries": queries,
        "report": report,
    }


def bench_roster(args) -> list[tuple]:
    from tandem.schools.models import School

    if School.objects.exists():
        # It writes 20,000 people: never into a database that holds a school already.
        sys.exit("This database already has schools: run the benchmark on an empty one.")
    with tempfile.TemporaryDirectory() as scratch:
        sizes = write_roster(
            Path(scratch) / "roster", users=args.users, enrollments=args.enrollments, seed=args.seed
        )
        print(
            f"  package   OneRoster 1.2 bulk, {sizes['megabytes']:.1f} MB zipped: "
            f"{sizes['users']:,} users ({sizes['students']:,} students, "
            f"{sizes['caregivers']:,} caregivers, {sizes['staff']:,} staff), "
            f"{sizes['roles']:,} roles, {sizes['enrollments']:,} enrollments in "
            f"{sizes['classes']:,} classes, {SCHOOLS} schools"
        )
        first = timed_import(sizes["zip"])
        again = timed_import(sizes["zip"])
    counts = first["report"].as_dict()["counts"]
    made = ", ".join(
        f"{counts[kind]['created']:,} {kind}"
        for kind in ("students", "caregivers", "staff", "guardianships")
    )
    print(f"  first     created {made}")
    changed = again["report"].changes
    verdict = f"{changed} CHANGES (expected none)" if changed else "everything unchanged"
    print(f"  again     {verdict}")
    return [
        ("roster: first import", first, FIRST_GOAL_S),
        ("roster: unchanged re-import", again, AGAIN_GOAL_S),
    ]


def bench_nwea(args) -> list[tuple]:
    from evidence import bench_nwea as run  # bench/evidence.py: the NWEA test results import

    return run(args)


BENCHMARKS = [bench_roster, bench_nwea]


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
        results += benchmark(args)
    print()
    header = ("import", "read s", "apply s", "total s", "queries", "goal", "")
    lines = [
        (
            label,
            f"{r['read']:.1f}",
            f"{r['apply']:.1f}",
            f"{r['total']:.1f}",
            f"{r['queries']:,}",
            f"< {goal:.0f} s",
            "meets" if r["total"] < goal else "MISSES",
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
    return 0 if all(r["total"] < goal for _label, r, goal in results) else 1


if __name__ == "__main__":
    sys.exit(main())
