"""Roster imports: apply a OneRoster package (all or nothing), and keep a record of each run.

`roster_import` is the one write: it takes a read package and applies it in one transaction. If
any row has an error, nothing is written, unless bad rows may be skipped; a dry run does all the
work and rolls it back, so its report is exactly what the import would do. The command and the
page both come through here; the page's preview is a dry run kept as an ImportRun with its zip
until the school admin confirms it.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from tandem.schools.models import School

from . import advisories_csv
from .apply import Abort, Context, place_schools, resolve_deferred
from .apply_calendar import place_calendar
from .apply_courses import CourseStep
from .apply_people import PeopleStep
from .models import ImportRun
from .oneroster import Limits, Package, read_package
from .report import KEEP_PROBLEMS, Report


class NotWaiting(Exception):
    """The run was confirmed or discarded already (another tab, another admin)."""


def upload_limits() -> Limits:
    return Limits(
        member_bytes=settings.TANDEM_ROSTER_MAX_UNZIPPED_MB * 1024 * 1024,
        total_bytes=settings.TANDEM_ROSTER_MAX_UNZIPPED_MB * 1024 * 1024,
    )


def roster_import(
    *,
    package: Package,
    school: School | None = None,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    advisories: Path | None = None,
    by=None,
    today=None,
) -> Report:
    """Apply a read package to the schools it names (or only to `school`, for the page)."""
    report = Report(
        version=package.version,
        files=package.modes,
        dry_run=dry_run,
        skip_bad_rows=skip_bad_rows,
        ignored=package.counted.copy(),
        files_ignored=list(package.files_ignored),
        errors=list(package.errors),
        warnings=list(package.warnings),
    )
    if not package.readable:
        report.fatal = True
        return report
    ctx = Context(
        package=package,
        report=report,
        today=today or timezone.localdate(),
        fixed_today=today,
        scope=school,
        skip_bad_rows=skip_bad_rows,
    )
    try:
        with transaction.atomic():
            resolve_deferred(ctx)
            ctx.check()
            place_schools(ctx)
            place_calendar(ctx)
            ctx.check()
            people = PeopleStep(ctx)
            people.run()
            CourseStep(ctx, people.student_ids()).run()
            if advisories is not None:
                rows = advisories_csv.read_advisories(advisories, ctx)
                ctx.check()
                advisories_csv.apply_advisories(advisories, rows, ctx, by=by)
            ctx.check()
            if dry_run:
                transaction.set_rollback(True)
    except Abort:
        report.counts.clear()  # nothing was (or would be) written
        report.matched.clear()
        report.fatal = ctx.fatal
    else:
        report.written = not dry_run
    report.schools = sorted({s.pk for s in ctx.schools.values()})
    report.errors.sort(key=lambda p: (p.file, p.row or 0))
    return report


def _mode(report: Report) -> str:
    modes = set(report.files.values())
    return modes.pop() if len(modes) == 1 else ("mixed" if modes else "")


def _status(report: Report) -> str:
    if report.written:
        return ImportRun.Status.APPLIED
    if report.fatal or (report.errors and not report.skip_bad_rows):
        return ImportRun.Status.REJECTED
    return ImportRun.Status.CHECKED


def _record(run: ImportRun, report: Report, status: str) -> ImportRun:
    run.version = report.version
    run.mode = _mode(report)
    run.dry_run = report.dry_run
    run.skip_bad_rows = report.skip_bad_rows
    run.status = status
    run.summary = report.as_dict(limit=KEEP_PROBLEMS)
    run.finished_at = timezone.now()
    run.save()
    # A dry run's new schools were rolled back: record only those that exist.
    run.schools.add(*School.objects.filter(pk__in=report.schools))
    return run


def roster_import_path(
    *,
    path: Path,
    by=None,
    by_label: str = "",
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    advisories: Path | None = None,
) -> tuple[ImportRun, Report]:
    """The command: import a zip or a folder, and record the run."""
    run = ImportRun(
        by=by,
        by_label=by_label,
        source=ImportRun.Source.COMMAND,
        file_name=str(path)[-255:],
        started_at=timezone.now(),
    )
    with _failure_recorded(run):
        report = roster_import(
            package=read_package(path),
            dry_run=dry_run,
            skip_bad_rows=skip_bad_rows,
            advisories=advisories,
            by=by,
        )
    return _record(run, report, _status(report)), report


def roster_preview(*, upload, school: School, by) -> ImportRun:
    """The page, step one: keep the upload, report what importing it would do (a dry run that
    skips bad rows, so the counts show what a confirmation with bad rows skipped would do)."""
    run = ImportRun(
        by=by,
        source=ImportRun.Source.PAGE,
        file_name=Path(upload.name).name[-255:],
        started_at=timezone.now(),
        status=ImportRun.Status.PREVIEW,
    )
    run.package.save(run.file_name, File(upload), save=False)
    with run.package.open("rb") as stored:
        package = read_package(stored, limits=upload_limits())
    with _failure_recorded(run, school=school):
        report = roster_import(
            package=package, school=school, dry_run=True, skip_bad_rows=True, by=by
        )
    report.schools = [school.pk]
    status = ImportRun.Status.REJECTED if report.fatal else ImportRun.Status.PREVIEW
    _record(run, report, status)
    if status != ImportRun.Status.PREVIEW:
        _forget_package(run)
    # One preview waits per school: an older one is discarded (and its file deleted).
    older = ImportRun.objects.filter(
        schools=school, status=ImportRun.Status.PREVIEW, kind=ImportRun.Kind.ROSTER
    ).exclude(pk=run.pk)
    for stale in older:
        roster_discard(run=stale)
    return run


def roster_confirm(*, run: ImportRun, by, skip_bad_rows: bool) -> ImportRun:
    """The page, step two: import the file that was previewed, for real."""
    with _failure_recorded(run), transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportRun.Status.PREVIEW:
            raise NotWaiting
        school = run.schools.get()
        with run.package.open("rb") as stored:
            package = read_package(stored, limits=upload_limits())
        report = roster_import(package=package, school=school, skip_bad_rows=skip_bad_rows, by=by)
        run.by = by
        run.started_at = timezone.now()
        _record(run, report, _status(report))
        _forget_package(run)
    return run


@contextmanager
def _failure_recorded(run: ImportRun, school: School | None = None):
    """An import that breaks (a bug, a lost database) stays on the record, as failed. Only the
    error's kind is kept: its text may quote the roster's data."""
    try:
        yield
    except NotWaiting:
        raise
    except Exception as error:
        run.status = ImportRun.Status.FAILED
        run.finished_at = timezone.now()
        run.summary = {"failure": type(error).__name__}
        run.save()
        if school is not None:
            run.schools.add(school)
        _forget_package(run)
        raise


def roster_discard(*, run: ImportRun) -> None:
    if run.status != ImportRun.Status.PREVIEW:
        return
    run.status = ImportRun.Status.DISCARDED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    _forget_package(run)


PREVIEW_KEPT = timedelta(days=1)


def discard_stale_previews(*, now=None) -> int:
    """Previews nobody confirmed within a day are dropped with their uploaded file (it holds
    a school's roster or test results); the run stays on record as discarded."""
    now = now or timezone.now()
    stale = ImportRun.objects.filter(
        status=ImportRun.Status.PREVIEW, started_at__lt=now - PREVIEW_KEPT
    )
    count = 0
    for run in stale:
        with transaction.atomic():
            roster_discard(run=run)
        count += 1
    return count


def _forget_package(run: ImportRun) -> None:
    """The zip holds the school's whole roster: once it is imported or dropped, delete it."""
    if run.package:
        name = run.package.name
        run.package = ""
        run.save(update_fields=["package"])
        transaction.on_commit(lambda: run.package.storage.delete(name))
