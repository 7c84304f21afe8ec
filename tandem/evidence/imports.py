"""Evidence imports — competency frameworks and test results — with the roster import's safety:
a dry run that reports exactly what would change, all or nothing unless bad rows are skipped,
the same file twice changes nothing, and every run is an `ImportRun` (tandem.rosters) with the
same report (`created`, `updated`, `unchanged`, `errors` by file, row and column).

`evidence_import` is the one write; the commands and the school admin's page come through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.rosters.models import ImportRun
from tandem.rosters.report import Report
from tandem.rosters.services import (  # the run record is the roster import's, reused
    NotWaiting,
    _failure_recorded,
    _forget_package,
    _record,
    _status,
    roster_discard,
)
from tandem.schools.models import School

from .assessment_files import AUTO, READERS, ResultsFile
from .assessment_files import read as read_results
from .framework_files import FrameworkFile, read_framework
from .import_apply import apply_framework, apply_results

FRAMEWORK_KINDS = {
    "frameworks": gettext_lazy("Frameworks"),
    "items": gettext_lazy("Framework items"),
    "competencies": gettext_lazy("Competencies"),
}
RESULT_KINDS = {"results": gettext_lazy("Test results")}
KINDS = {ImportRun.Kind.FRAMEWORK: FRAMEWORK_KINDS, ImportRun.Kind.ASSESSMENTS: RESULT_KINDS}
FORMATS = {
    ImportRun.Kind.FRAMEWORK: ("case", "csv"),
    ImportRun.Kind.ASSESSMENTS: (AUTO, *READERS),
}
PREVIEW_ROWS = 5  # the first rows of a test results file, as Tandem maps them


@dataclass
class ResultsReport(Report):
    """A test results import's report: also the format read (and whether it was recognised
    from the header), and the first rows as Tandem mapped them — for the preview page."""

    format: str = ""
    format_label: str = ""
    detected: bool = False
    preview: list[dict] = field(default_factory=list)

    def as_dict(self, *, limit: int | None = None) -> dict:
        return super().as_dict(limit=limit) | {
            "format": self.format,
            "format_label": self.format_label,
            "detected": self.detected,
            "preview": self.preview,
        }

    def as_text(self) -> str:
        how = _("detected from the header") if self.detected else _("as chosen")
        return f"{_('Format')}: {self.format_label} ({how})\n\n{super().as_text()}"


def mapped(row) -> dict:
    """One row as the preview shows it (text only: it is kept in the run's JSON summary)."""
    return {
        "row": row.row,
        "student": row.student_key,
        "test": f"{row.test} ({row.assessment})",
        "event_id": row.event_id,
        "date": row.taken_on.isoformat(),
        "score": str(row.score),
        "standard_error": "" if row.standard_error is None else str(row.standard_error),
        "percentile": "" if row.percentile is None else str(row.percentile),
        "growth_measure": row.growth_measure,
        "term": row.term_name,
    }


class Rollback(Exception):
    """Bad rows and no permission to skip them: undo everything."""


def parse(kind: str, fmt: str, data: bytes, name: str) -> FrameworkFile | ResultsFile:
    if kind == ImportRun.Kind.FRAMEWORK:
        return read_framework(data, name=name if fmt != "case" else name + ".json")
    return read_results(fmt, data, name=name)


def evidence_apply(
    *,
    kind: str,
    fmt: str,
    data: bytes,
    name: str,
    school: School,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
) -> Report:
    """Read and apply one file to one school, in one transaction."""
    parsed = parse(kind, fmt, data, name)
    options = {
        "version": getattr(parsed, "version", ""),
        "files": {name: getattr(parsed, "format", fmt)},  # the format detected, for "auto"
        "dry_run": dry_run,
        "skip_bad_rows": skip_bad_rows,
        "errors": list(parsed.errors),
        "warnings": list(getattr(parsed, "warnings", [])),
        "schools": [school.pk],
        "kinds": KINDS[kind],
    }
    if kind == ImportRun.Kind.FRAMEWORK:
        report = Report(**options)
    else:
        report = ResultsReport(
            **options,
            format=parsed.format,
            format_label=parsed.label,
            detected=parsed.detected,
            preview=[mapped(row) for row in parsed.rows[:PREVIEW_ROWS]],
        )
    if not parsed.readable:
        report.fatal = True
        return report
    try:
        with transaction.atomic():
            if kind == ImportRun.Kind.FRAMEWORK:
                apply_framework(parsed, school=school, report=report)
            else:
                apply_results(parsed, school=school, report=report)
            if report.errors and not skip_bad_rows:
                raise Rollback
            if dry_run:
                transaction.set_rollback(True)
    except Rollback:
        report.counts.clear()  # nothing was (or would be) written
    else:
        report.written = not dry_run
    report.errors.sort(key=lambda p: (p.file, p.row or 0))
    return report


def evidence_import(
    *,
    kind: str,
    fmt: str,
    data: bytes,
    name: str,
    school: School,
    by=None,
    by_label: str = "",
    dry_run: bool = False,
    skip_bad_rows: bool = False,
) -> tuple[ImportRun, Report]:
    """The command: import a file and record the run."""
    run = ImportRun(
        kind=kind,
        by=by,
        by_label=by_label,
        source=ImportRun.Source.COMMAND,
        file_name=name[-255:],
        started_at=timezone.now(),
    )
    with _failure_recorded(run, school=school):
        report = evidence_apply(
            kind=kind,
            fmt=fmt,
            data=data,
            name=name,
            school=school,
            dry_run=dry_run,
            skip_bad_rows=skip_bad_rows,
        )
    return _record(run, report, _status(report)), report


def evidence_preview(*, kind: str, fmt: str, upload, school: School, by) -> ImportRun:
    """The page, step one: keep the file and report what importing it would do."""
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][-255:]
    run = ImportRun(
        kind=kind,
        by=by,
        source=ImportRun.Source.PAGE,
        file_name=name,
        started_at=timezone.now(),
        status=ImportRun.Status.PREVIEW,
    )
    data = upload.read()
    run.package.save(name, ContentFile(data), save=False)
    with _failure_recorded(run, school=school):
        report = evidence_apply(
            kind=kind,
            fmt=fmt,
            data=data,
            name=name,
            school=school,
            dry_run=True,
            skip_bad_rows=True,
        )
    status = ImportRun.Status.REJECTED if report.fatal else ImportRun.Status.PREVIEW
    _record(run, report, status)
    if status != ImportRun.Status.PREVIEW:
        _forget_package(run)
    older = ImportRun.objects.filter(
        schools=school, status=ImportRun.Status.PREVIEW, kind=kind
    ).exclude(pk=run.pk)
    for stale in older:
        roster_discard(run=stale)
    return run


def evidence_confirm(*, run: ImportRun, by, skip_bad_rows: bool) -> ImportRun:
    """The page, step two: import the previewed file for real."""
    with _failure_recorded(run), transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != ImportRun.Status.PREVIEW:
            raise NotWaiting
        school = run.schools.get()
        with run.package.open("rb") as stored:
            data = stored.read()
        report = evidence_apply(
            kind=run.kind,
            fmt=run.mode,
            data=data,
            name=run.file_name,
            school=school,
            skip_bad_rows=skip_bad_rows,
        )
        run.by = by
        run.started_at = timezone.now()
        _record(run, report, _status(report))
        _forget_package(run)
    return run
