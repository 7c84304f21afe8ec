"""Seconds to archive a demo school year: every student's zip (plan versions as PDF and JSON,
approvals, final meeting records, each term's review packet, access log) and the school zip.

    .venv/bin/python bench/archive.py [--students 300]    (SQLite: var/bench-archive-<N>.sqlite3)
    python3 bin/pgtmp.py -- .venv/bin/python bench/archive.py --students 3000   (PostgreSQL)

Migrates, seeds the demo school (manage.py seed_demo) unless it is there, moves the clock to
two days after the demo year ends (time-machine: only an ended year is archived), then presses
"Archive this year" as the coordinator does — `archive_start`, with the task run in this process
(django-tasks' immediate backend: the work `manage.py db_worker` does) — and prints the
seconds. Then it archives again and checks that nothing changed (same files, same hashes).
Files go to a throwaway folder (MEDIA_ROOT), not the project's var/media.
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
        override_settings(MEDIA_ROOT=media, TASKS=immediate),
        time_machine.travel(after, tick=True),
    ):
        YearArchive.objects.filter(year=year).delete()  # a kept database: start from nothing
        for _run in range(2):
            started, cpu = time.perf_counter(), time.process_time()
            archive = services.archive_start(by=coordinator, year=year)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            archive.refresh_from_db()
            files = {f.student_id: f.sha256 for f in archive.files.all()}
            members = sum(len(f.members) for f in archive.files.all())
            size = sum(f.size for f in archive.files.all()) + archive.school_size
            runs.append((seconds, cpu, archive, files, members, size))

    (first, first_cpu, archive, files, members, size), (again, _c, archive2, files2, _m, _s) = runs
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
    # The machine may be shared: the process's own CPU time (WeasyPrint and matplotlib are
    # most of it; the database's share is not in it) says what the wall time would be alone.
    print(f"  CPU       {first_cpu:.1f} s in this process ({first_cpu * per:.0f} ms a student)")
    loads = [" ".join(f"{n:.1f}" for n in load) for load in (load_before, os.getloadavg())]
    print(f"  load      {loads[0]} before, {loads[1]} after (1, 5, 15 min averages)")
    same = files == files2 and archive.school_sha256 == archive2.school_sha256
    print(f"  again     {again:.1f} s; {'nothing changed' if same else 'CHANGED'}")
    return 0 if archive.status == YearArchive.Status.DONE and same else 1


if __name__ == "__main__":
    sys.exit(main())
