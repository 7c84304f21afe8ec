"""Seconds to archive a demo school year: every student's zip (plan versions as PDF and JSON,
approvals, final meeting records, each term's review packet, access log) and the school zip.

    .venv/bin/python bench/archive.py [--students 300]    (SQLite: var/bench-archive-<N>.sqlite3)
    python3 bin/pgtmp.py -- .venv/bin/python bench/archive.py --students 3000   (PostgreSQL)
    .venv/bin/python bench/archive.py --students 3000 --processes 2 --once     (time a big year)

Migrates, seeds the demo school (manage.py seed_demo) unless it is there, moves the clock to
two days after the demo year ends (time-machine: only an ended year is archived), then presses
"Archive this year" as the coordinator does — `archive_start`, with the task run in this process
(django-tasks' immediate backend: the work `manage.py db_worker` does; `--processes N` lets it
fork N processes to draw the zips, as TANDEM_ARCHIVE_PROCESSES does) — and prints the seconds.
Then it archives again and checks that nothing changed (same files, same hashes), that every
file the manifest lists exists with its size and SHA-256 (each student zip and each file in it),
and that a sample of plan versions' PDFs in the students' zips are the very PDFs Tandem renders
for those versions. Exits 1 if any check fails. Files go to a throwaway folder (MEDIA_ROOT), not
the project's var/media.
"""

import argparse
import io
import os
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=300, help="school size (default 300)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="processes drawing the zips (TANDEM_ARCHIVE_PROCESSES; default 1: the worker alone)",
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="archive once and skip the re-run check (for timing a large school; the re-run "
        "and manifest checks still run at the default size and in tests/archive)",
    )
    return parser.parse_args()


def setup(students: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    warnings.filterwarnings("ignore", "No directory at")
    os.environ.setdefault(
        "DATABASE_URL", f"sqlite:///{ROOT / 'var' / f'bench-archive-{students}.sqlite3'}"
    )
    import django

    django.setup()


def cpu_seconds() -> float:
    """CPU time of this process and of the processes it forked and waited for."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


def sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def check_manifest(archive) -> tuple[int, list[str]]:
    """(entries checked, problems): every student zip and every file in it, as the school zip's
    manifest lists them, exists with its size and SHA-256."""
    import json
    import zipfile

    from django.core.files.storage import default_storage

    with default_storage.open(archive.school_file, "rb") as handle:
        school = handle.read()
    problems = [] if sha256(school) == archive.school_sha256 else ["the school zip's hash"]
    with zipfile.ZipFile(io.BytesIO(school)) as opened:
        rows = json.loads(opened.read("manifest.json"))["files"]
    opened_zip, checked = None, 0
    for row in rows:
        if row["member"] == "":  # a student's zip; its files follow it
            with default_storage.open(f"{archive.folder}/{row['path']}", "rb") as handle:
                data = handle.read()
            opened_zip = zipfile.ZipFile(io.BytesIO(data))
        else:
            data = opened_zip.read(row["member"])
        if (len(data), sha256(data)) != (row["size"], row["sha256"]):
            problems.append(f"{row['path']} {row['member']}")
        checked += 1
    return checked, problems


def check_plan_pdfs(archive, sample: int = 25) -> tuple[int, list[str]]:
    """(PDFs checked, problems): plan versions' PDFs in the students' zips are the PDFs Tandem
    renders for those versions (plans.pdf.version_pdf), for a sample of versions."""
    import zipfile

    from django.core.files.storage import default_storage

    from tandem.archive.build import slug
    from tandem.archive.models import ArchiveFile
    from tandem.plans.models import PlanVersion
    from tandem.plans.pdf import version_pdf

    versions = (
        PlanVersion.objects.filter(plan__term__year=archive.year)
        .select_related("plan__term", "plan__student__school")
        .order_by("pk")
    )
    count = versions.count()
    step = max(1, count // sample)
    problems, checked = [], 0
    for version in versions[::step][:sample]:
        entry = ArchiveFile.objects.get(archive=archive, student=version.plan.student)
        with default_storage.open(entry.name, "rb") as handle:
            opened = zipfile.ZipFile(io.BytesIO(handle.read()))
        path = f"plans/{slug(version.plan.term.name)}/v{version.number}.pdf"
        if sha256(opened.read(path)) != sha256(version_pdf(version, language=archive.language)):
            problems.append(f"{entry.name} {path}")
        checked += 1
    return checked, problems


def main() -> int:
    args = parse_args()
    setup(args.students)
    import time_machine
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    from tandem.accounts.models import User
    from tandem.archive import services
    from tandem.archive.models import YearArchive
    from tandem.demo import generator
    from tandem.schools import calendar

    call_command("migrate", verbosity=0)
    if generator.demo_school() is None:
        started = time.perf_counter()
        call_command("seed_demo", students=args.students, seed=args.seed, stdout=io.StringIO())
        seeded = f"seeded in {time.perf_counter() - started:.1f} s"
    else:
        seeded = "already seeded"
    school = generator.demo_school()
    year = calendar.current_year(school)
    coordinator = User.objects.get(email=generator.COORDINATOR_EMAIL)
    after = datetime.combine(year.ends_on + timedelta(days=2), clock(12), tzinfo=school.zone)

    media = tempfile.mkdtemp(prefix="tandem-archive-bench-")
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    runs = []
    load_before = os.getloadavg()
    with (
        override_settings(
            MEDIA_ROOT=media, TASKS=immediate, TANDEM_ARCHIVE_PROCESSES=args.processes
        ),
        time_machine.travel(after, tick=True),
    ):
        YearArchive.objects.filter(year=year).delete()  # a kept database: start from nothing
        for _run in range(1 if args.once else 2):
            started, cpu = time.perf_counter(), cpu_seconds()
            archive = services.archive_start(by=coordinator, year=year)
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            archive.refresh_from_db()
            files = {f.student_id: f.sha256 for f in archive.files.all()}
            members = sum(len(f.members) for f in archive.files.all())
            size = sum(f.size for f in archive.files.all()) + archive.school_size
            runs.append((seconds, cpu, archive, files, members, size))
        entries, bad_entries = check_manifest(runs[0][2])
        pdfs, bad_pdfs = check_plan_pdfs(runs[0][2])

    first, first_cpu, archive, files, members, size = runs[0]
    vendor = connection.vendor
    print()
    print(f"Tandem archive benchmark: {school.name}, {year.name}")
    print(f"  database  {vendor}; {seeded}")
    print(f"  students  {archive.students_total} ({archive.status})")
    print(
        f"  files     {members} in {len(files)} student zips + the school zip, {size / 1e6:.1f} MB"
    )
    per = 1000 / max(1, len(files))
    print(f"  archive   {first:.1f} s ({first * per:.0f} ms a student)")
    # The machine may be shared: the CPU time (WeasyPrint and matplotlib are most of it; the
    # database's share is not in it) says what the wall time would be with the cores free.
    print(
        f"  CPU       {first_cpu:.1f} s in {args.processes} process(es) drawing the zips "
        f"({first_cpu * per:.0f} ms a student)"
    )
    loads = [" ".join(f"{n:.1f}" for n in load) for load in (load_before, os.getloadavg())]
    print(f"  load      {loads[0]} before, {loads[1]} after (1, 5, 15 min averages)")
    same = True
    if len(runs) == 2:
        again, _cpu, archive2, files2, _members, _size = runs[1]
        same = files == files2 and archive.school_sha256 == archive2.school_sha256
        print(f"  again     {again:.1f} s; {'nothing changed' if same else 'CHANGED'}")
    else:
        print("  again     not run (--once)")
    print(
        f"  manifest  {entries} entries, each there with its size and SHA-256"
        if not bad_entries
        else f"  manifest  {len(bad_entries)} of {entries} entries WRONG: {bad_entries[:5]}"
    )
    print(
        f"  PDFs      {pdfs} plan versions' PDFs are the ones Tandem renders"
        if not bad_pdfs
        else f"  PDFs      {len(bad_pdfs)} of {pdfs} DIFFER from Tandem's: {bad_pdfs[:5]}"
    )
    good = archive.status == YearArchive.Status.DONE and same and not bad_entries
    return 0 if good and not bad_pdfs else 1


if __name__ == "__main__":
    sys.exit(main())
