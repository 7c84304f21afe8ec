"""Importing a transcript CSV (`files.read_transcript`) into one school, with the roster import's
contract: a dry run reports exactly what would change, any bad row and nothing is written
(unless bad rows are skipped), the same file twice changes nothing, and every run is an
`ImportRun` (kind "transcript") with the same report.

A transcript only adds and corrects course records: a course it does not list stays.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.evidence.import_apply import student_index
from tandem.rosters.models import ImportRun
from tandem.rosters.oneroster import Problem
from tandem.rosters.report import Report
from tandem.rosters.services import _failure_recorded, _record, _status
from tandem.schools.models import School

from .files import read_transcript
from .models import CourseRecord
from .writes import write_courses

KINDS = {"course_records": gettext_lazy("Course records")}


class Rollback(Exception):
    """Bad rows and no permission to skip them: undo everything."""


def transcript_apply(
    *,
    data: bytes,
    name: str,
    school: School,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
) -> Report:
    """Read and apply one transcript file to one school, in one transaction."""
    parsed = read_transcript(data, name=name)
    report = Report(
        files={name: "csv"},
        dry_run=dry_run,
        skip_bad_rows=skip_bad_rows,
        errors=list(parsed.errors),
        warnings=list(parsed.warnings),
        schools=[school.pk],
        kinds=KINDS,
    )
    if not parsed.readable:
        report.fatal = True
        return report
    try:
        with transaction.atomic():
            students = student_index(school)
            by_student: dict[int, dict[tuple, int]] = defaultdict(dict)
            lines: dict[int, list] = defaultdict(list)
            for row in parsed.rows:
                student = students.get(row.student_key.strip().lower())
                if student is None:
                    report.errors.append(
                        Problem(
                            name,
                            row.row,
                            "student_id",
                            _("No student of %(school)s has the local or state id “%(id)s”.")
                            % {"school": school.name, "id": row.student_key},
                        )
                    )
                    continue
                first = by_student[student].setdefault(row.line.key, row.row)
                if first != row.row:
                    report.errors.append(
                        Problem(
                            name,
                            row.row,
                            "",
                            _("Row %(row)s has the same student, course, school year and term.")
                            % {"row": first},
                        )
                    )
                    continue
                lines[student].append(row.line)
            write_courses(lines.items(), source=CourseRecord.Source.CSV, report=report)
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


def transcript_import(
    *,
    data: bytes,
    name: str,
    school: School,
    by=None,
    by_label: str = "",
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    **_options,
) -> tuple[ImportRun, Report]:
    """The command: import a file and record the run."""
    run = ImportRun(
        kind=ImportRun.Kind.TRANSCRIPT,
        by=by,
        by_label=by_label,
        source=ImportRun.Source.COMMAND,
        file_name=name[-255:],
        started_at=timezone.now(),
    )
    with _failure_recorded(run, school=school):
        report = transcript_apply(
            data=data, name=name, school=school, dry_run=dry_run, skip_bad_rows=skip_bad_rows
        )
    return _record(run, report, _status(report)), report
