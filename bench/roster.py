"""The roster import benchmark (run by bench/imports.py): a district's OneRoster 1.2 package,
imported into an empty database and then again, each import in a process of its own so its
peak memory (resident set, `resource.getrusage`) is the import's and nothing else's.

    .venv/bin/python bench/imports.py --users 250000               the district (1.5 million
                                                                   enrollments), SQLite
    python3 bin/pgtmp.py -- .venv/bin/python bench/imports.py --users 250000    PostgreSQL

The package is written row by row (deterministic for a seed): 55 % students (siblings at one
school), 40 % caregivers, 5 % staff of SCHOOLS schools, their roles, courses (a subject area
and a credit value each), classes (a section of a course, in the fall, the spring or all
year), one teacher per class and each student in distinct courses: 3 enrollments per person
up to 20,000 people, 6 per person above (250,000 people: 1.5 million). `--grades` adds the
gradebook: a "Final grade" line item per class and a result for every student enrollment.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHOOLS = 4
SUBJECTS = [
    ("English", "01"),
    ("Mathematics", "02"),
    ("Science", "03"),
    ("Social Studies", "04"),
    ("Arts", "05"),
    ("Physical Education", "08"),
    ("World Languages", "24"),
]
TERMS = ["bench-s1", "bench-s2", "bench-y"]  # a course is taught in the fall, spring or year
HEADERS = {
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
    "orgSourcedId,subjects,subjectCodes,metadata.credits",
    "classes": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,"
    "classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
    "enrollments": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,"
    "userSourcedId,role,primary,beginDate,endDate",
    "lineItems": "sourcedId,status,dateLastModified,title,description,assignDate,dueDate,"
    "classSourcedId,categorySourcedId,gradingPeriodSourcedId,resultValueMin,resultValueMax",
    "results": "sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,"
    "scoreStatus,score,textScore,scoreDate,comment",
}
GRADES = ["A", "A-", "B+", "B", "B-", "C+", "C", "D", "F"]


def default_enrollments(users: int) -> int:
    return users * (3 if users <= 20000 else 6)


class Files:
    """One CSV writer per file of the package."""

    def __init__(self, folder: Path, names):
        folder.mkdir(parents=True, exist_ok=True)
        self.handles, self.writers, self.rows = {}, {}, {}
        for name in names:
            handle = (folder / f"{name}.csv").open("w", newline="")
            handle.write(HEADERS[name] + "\r\n")
            self.handles[name], self.writers[name] = handle, csv.writer(handle)
            self.rows[name] = 0

    def write(self, name: str, row) -> None:
        self.writers[name].writerow(row)
        self.rows[name] += 1

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def write_roster(folder: Path, *, users: int, enrollments: int, seed: int, grades=False) -> dict:
    """A district's OneRoster 1.2 bulk export, written row by row. Returns its sizes."""
    rng = random.Random(seed)
    staff_count = users // 20
    students_count = users * 11 // 20
    caregivers_count = users - staff_count - students_count
    schools = [f"bench-sch{n + 1}" for n in range(SCHOOLS)]
    names = ["orgs", "academicSessions", "users", "roles", "courses", "classes", "enrollments"]
    names += ["lineItems", "results"] if grades else []
    out = Files(folder, names)
    out.write("orgs", ["bench-district", "", "", "Bench District", "district", "", ""])
    for number, sid in enumerate(schools, start=1):
        out.write("orgs", [sid, "", "", f"Bench School {number}", "school", "", "bench-district"])
    for row in [
        ["bench-y", "", "", "2026-2027", "schoolYear", "2026-08-24", "2027-06-18", "", "2027"],
        ["bench-s1", "", "", "Fall", "semester", "2026-08-24", "2027-01-22", "bench-y", "2027"],
        ["bench-s2", "", "", "Spring", "semester", "2027-01-25", "2027-06-18", "bench-y", "2027"],
        ["bench-g1", "", "", "Q1", "gradingPeriod", "2026-08-24", "2026-10-30", "bench-s1", "2027"],
        ["bench-g2", "", "", "Q2", "gradingPeriod", "2026-11-02", "2027-01-22", "bench-s1", "2027"],
    ]:
        out.write("academicSessions", row)

    def user(sid, given, family, *, email="", agents=(), grade="", identifier="", sms=""):
        out.write(
            "users",
            [sid, "", "", "true", sid, "", given, family, "", identifier, email, sms, "",
             ",".join(agents), grade, "", "", "", "", "", "", "", ""],
        )  # fmt: skip

    def role(sid, name, org):
        out.write("roles", [f"r-{sid}-{org}-{name}", "", "", sid, "primary", name, "", "", org, ""])

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
                grade=f"{rng.randint(6, 12):02d}",
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
    del students_of, caregivers_of
    teachers_at = {sid: [] for sid in schools}
    kinds = ["teacher"] * 17 + ["aide", "counselor", "siteAdministrator"]
    for index in range(staff_count):
        sid, school = f"staff{index:05d}", schools[index % SCHOOLS]
        name = "principal" if index < SCHOOLS else rng.choice(kinds)
        user(sid, "Staff", f"Member{index:05d}", email=f"{sid}@bench.test", identifier=sid)
        role(sid, name, school)
        if name == "teacher":
            teachers_at[school].append(sid)

    # Courses (five sections each) and classes, a school's own; one teacher per class.
    classes_count = max(enrollments // 60, 5 * SCHOOLS)
    courses_count = classes_count // 5
    sections: dict[str, list[list[int]]] = {sid: [] for sid in schools}
    for n in range(courses_count):
        school = schools[n % SCHOOLS]
        subject, code = SUBJECTS[n % len(SUBJECTS)]
        term = TERMS[n % len(TERMS)]
        credits = "1" if term == "bench-y" else "0.5"
        out.write(
            "courses",
            [f"course{n}", "", "", "bench-y", f"{subject} {n}", f"C{n:05d}", "", school,
             subject, f"{code}{n % 1000:03d}", credits],
        )  # fmt: skip
        sections[school].append([])
        for section in range(5):
            k = n * 5 + section
            sections[school][-1].append(k)
            out.write(
                "classes",
                [f"class{k}", "", "", f"{subject} {n}.{section + 1}", "", f"course{n}", "",
                 "scheduled", "", school, term, "", "", ""],
            )  # fmt: skip
            teacher = rng.choice(teachers_at[school])
            out.write(
                "enrollments",
                [f"enr-t{k}", "", "", f"class{k}", school, teacher, "teacher", "true", "", ""],
            )
            if grades:
                out.write(
                    "lineItems",
                    [f"li{k}", "", "", "Final grade", "", "2026-08-24", "2027-06-18",
                     f"class{k}", "", "", "", ""],
                )  # fmt: skip
    # Each student in distinct courses of their school, one section of each.
    remaining = enrollments - out.rows["enrollments"]
    students = [(school, kid) for school in schools for kid in students_at[school]]
    each, extra = divmod(max(remaining, 0), len(students))
    number = 0
    for index, (school, kid) in enumerate(students):
        offered = sections[school]
        count = min(each + (index < extra), len(offered))
        for course in rng.sample(range(len(offered)), count):
            k = rng.choice(offered[course])
            out.write(
                "enrollments",
                [f"enr{number}", "", "", f"class{k}", school, kid, "student", "false",
                 "2026-08-24", ""],
            )  # fmt: skip
            if grades:
                out.write(
                    "results",
                    [f"res{number}", "", "", f"li{k}", kid, "fully graded", "",
                     rng.choice(GRADES), "2027-01-22", ""],
                )  # fmt: skip
            number += 1
    out.close()
    with (folder / "manifest.csv").open("w", newline="") as manifest:
        writer = csv.writer(manifest)
        writer.writerow(["propertyName", "value"])
        writer.writerows([("manifest.version", "1.0"), ("oneroster.version", "1.2")])
        for name in ("academicSessions", "categories", "classes", "courses", "demographics",
                     "enrollments", "lineItems", "orgs", "results", "roles", "users"):  # fmt: skip
            writer.writerow([f"file.{name}", "bulk" if name in out.rows else "absent"])
    archive = folder.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.glob("*.csv")):
            zf.write(path, path.name)
            path.unlink()
    return {
        "zip": archive,
        "users": out.rows["users"],
        "students": students_count,
        "caregivers": caregivers_count,
        "staff": staff_count,
        "roles": out.rows["roles"],
        "courses": courses_count,
        "classes": classes_count,
        "enrollments": out.rows["enrollments"],
        "results": out.rows.get("results", 0),
        "megabytes": archive.stat().st_size / 1e6,
    }


# -- One import, in a process of its own ------------------------------------------------------


def import_once(path: Path) -> dict:
    """Run in the child: read and apply the package as `manage.py import_oneroster` does."""
    import resource

    from django.db import connection

    from tandem.rosters.oneroster import read_package
    from tandem.rosters.services import roster_import

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    server = server_cpu(connection)
    started = time.perf_counter()
    package = read_package(path)
    read = time.perf_counter() - started
    read_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        report = roster_import(package=package)
        applied = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    server = server_cpu(connection) - server if server is not None else None
    return {
        "server_cpu": server,
        "read": read,
        "apply": applied,
        "total": read + applied,
        "queries": queries,
        "peak_mb": usage.ru_maxrss / 1024,  # Linux: kilobytes
        "read_peak_mb": read_peak,
        "cpu": usage.ru_utime + usage.ru_stime,
        "counts": report.as_dict()["counts"],
        "changes": report.changes,
        "errors": [str(problem) for problem in report.errors[:5]],
    }


def server_cpu(connection) -> float | None:
    """CPU seconds the database server's process for this connection has used (PostgreSQL on
    this machine: /proc), or None."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_import(path: Path) -> dict:
    """The import in a fresh interpreter (as the command would run), its figures as JSON."""
    done = subprocess.run(
        [sys.executable, __file__, "--import", str(path)],
        capture_output=True,
        text=True,
        check=False,
        env=os.environ.copy(),
    )
    if done.returncode != 0:
        sys.exit(f"the import failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["errors"]:
        sys.exit(f"the import failed: {result['errors']}")
    return result


def load_average() -> str:
    try:
        return ", ".join(f"{n:.1f}" for n in os.getloadavg())
    except OSError:
        return "?"


if __name__ == "__main__" and sys.argv[1:2] == ["--import"]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import warnings

    import django

    warnings.filterwarnings("ignore", "No directory at")
    django.setup()
    print(json.dumps(import_once(Path(sys.argv[2]))))
