"""Writes of the archive and retention: keyword-only, atomic, enforcing the rules.

- `archive_start` is the coordinator's "Archive this year" (a year that has ended); it queues
  `tasks.build_year_archive`, which calls `archive_build`.
- `archive_build` makes each missing student's zip (one transaction per student, so the page
  shows progress and a stopped worker resumes where it was), then the school zip. A student's
  zip already in the archive is never rebuilt: the archive is the year as it was when archived,
  so pressing the button again changes nothing (same files, same hashes). The zips are drawn in
  this process or, with `TANDEM_ARCHIVE_PROCESSES` above 1, by that many processes forked from
  it (WeasyPrint is nearly all the time and holds the GIL: processes, not threads); this one
  stores each as it comes, in the students' order.
- `archive_download_logged` writes every download to the access log.
- `retention_set` and `records_destroy`: the school's retention and the confirmed destruction
  of what is past it (one transaction; the files go once it has committed).
"""

from __future__ import annotations

import logging
import multiprocessing

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.dates import format_date
from tandem.core.models import AccessLog
from tandem.core.tasks import enqueue_on_commit

from . import build, selectors
from .models import ArchiveFile, Destruction, RetentionSetting, YearArchive

logger = logging.getLogger(__name__)
CHANGED_MESSAGE = gettext_lazy(
    "What is due for destruction changed since the page was opened; look again."
)


def _store(name: str, data: bytes) -> str:
    """Write `data` at exactly `name` (a leftover of a stopped run is replaced, never kept
    beside it under another name)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


@transaction.atomic
def archive_start(*, by, year) -> YearArchive:
    """Queue the archive of `year`. Again on a finished archive: the school zip is rewritten
    from what it holds (nothing changes); on a stopped one: it resumes."""
    school = year.school
    if not selectors.year_has_ended(year):
        raise ValidationError(
            _("%(year)s ends on %(day)s; it can be archived once it has ended.")
            % {"year": year.name, "day": format_date(year.ends_on, school.zone)}
        )
    archive, created = YearArchive.objects.select_for_update().get_or_create(
        year=year,
        defaults={
            "school": school,
            "requested_by": by,
            "language": school.language_codes[0],
        },
    )
    # Queued or building already: queued again all the same, so a worker that stopped is
    # replaced; two runs at once skip each other's students (the zip's name is its hash).
    archive.status = YearArchive.Status.QUEUED
    archive.requested_by = by
    archive.requested_at = timezone.now()
    archive.error = ""
    archive.students_total = selectors.year_students(year).count()
    archive.students_done = min(archive.files.count(), archive.students_total)
    archive.save()
    from .tasks import build_year_archive

    enqueue_on_commit(build_year_archive, archive_id=archive.pk)
    return archive


def archive_build(*, archive_id: int) -> YearArchive:
    archive = YearArchive.objects.select_related("year__school", "school", "requested_by").get(
        pk=archive_id
    )
    YearArchive.objects.filter(pk=archive.pk).update(status=YearArchive.Status.BUILDING)
    try:
        students = list(selectors.year_students(archive.year))
        done = set(archive.files.values_list("student_id", flat=True))
        YearArchive.objects.filter(pk=archive.pk).update(
            students_total=max(len(students), len(done)), students_done=len(done)
        )
        todo = [student for student in students if student.pk not in done]
        for student, built in _zips(archive, todo):
            _archive_student(archive, student, built)
        _finish(archive)
    except Exception as error:
        logger.exception("archive %s stopped", archive.pk)
        YearArchive.objects.filter(pk=archive.pk).update(
            status=YearArchive.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    archive.refresh_from_db()
    return archive


def _zips(archive, students):
    """(student, (zip bytes, members) or None when another run archived them meanwhile), in
    the students' order."""
    processes = min(settings.TANDEM_ARCHIVE_PROCESSES, len(students))
    if processes <= 1:
        for student in students:
            yield student, _zip_of(archive, student)
        return
    # Forked processes must not share this one's database connection: each opens its own.
    connections.close_all()
    pairs = [(archive.pk, student.pk) for student in students]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        yield from zip(students, pool.imap(_zip_in_process, pairs), strict=True)


def _zip_in_process(pair):
    archive_id, student_id = pair
    archive = YearArchive.objects.select_related("year__school", "school", "requested_by").get(
        pk=archive_id
    )
    return _zip_of(archive, selectors.year_students(archive.year).get(pk=student_id))


def _zip_of(archive, student):
    if ArchiveFile.objects.filter(archive=archive, student=student).exists():
        return None  # another run did this one meanwhile
    return build.student_zip(archive, student, by=archive.requested_by)


def _archive_student(archive, student, built) -> None:
    if built is None:
        return
    data, members = built
    digest = build.sha256(data)
    # Named by its content: a file already there under this name holds these very bytes.
    name = (
        f"{archive.folder}/students/{student.pk}-{build.slug(student.local_id)}-{digest[:16]}.zip"
    )
    try:
        with transaction.atomic():
            stored = name if default_storage.exists(name) else _store(name, data)
            ArchiveFile.objects.create(
                archive=archive,
                student=student,
                name=stored,
                size=len(data),
                sha256=digest,
                members=members,
            )
            YearArchive.objects.filter(pk=archive.pk, students_done__lt=F("students_total")).update(
                students_done=F("students_done") + 1
            )
    except IntegrityError:
        # Another run archived this student meanwhile; theirs stands.
        logger.info("student %s already archived in archive %s", student.pk, archive.pk)


def _finish(archive) -> None:
    files = list(selectors.archive_files(archive).order_by("student__local_id", "student_id"))
    data = build.school_zip(archive, files)
    stored = _store(f"{archive.folder}/school.zip", data)
    YearArchive.objects.filter(pk=archive.pk).update(
        status=YearArchive.Status.DONE,
        finished_at=timezone.now(),
        students_done=len(files),
        students_total=len(files),
        school_file=stored,
        school_size=len(data),
        school_sha256=build.sha256(data),
    )


def archive_download_logged(*, request, archive, entry: ArchiveFile | None = None) -> None:
    """Every download of the archive is a line of the access log: the school zip (no student)
    or one student's zip."""
    AccessLog.objects.create(
        user=request.user,
        school_id=archive.school_id,
        student=entry.student if entry else None,
        record_type=(entry or archive)._meta.label_lower,
        record_id=str((entry or archive).pk),
        purpose=build.ARCHIVE_PURPOSE + " download",
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )


# -- retention ----------------------------------------------------------------------------


@transaction.atomic
def retention_set(*, by, school, years: int) -> RetentionSetting:
    if not 1 <= years <= 50:
        raise ValidationError(_("Keep records between 1 and 50 years."))
    setting, _created = RetentionSetting.objects.update_or_create(
        school=school, defaults={"years": years, "updated_by": by, "updated_at": timezone.now()}
    )
    return setting


@transaction.atomic
def records_destroy(*, by, school, year_ids: list[int]) -> Destruction:
    """Destroy what is past retention for the years the person confirmed. They must be exactly
    the years due now (the list did not change between the page and the confirmation)."""
    from tandem.plans.models import Approval, FamilyInput, Plan, PlanVersion, RevisionPlan
    from tandem.records.models import MeetingRecord

    due = selectors.due_for_destruction(school)
    if not due:
        raise ValidationError(_("Nothing is past the school's retention."))
    if sorted(d.year.pk for d in due) != sorted(year_ids):
        raise ValidationError(CHANGED_MESSAGE)
    ids = [d.year.pk for d in due]
    files: list[str] = []
    summary = []
    for item in due:
        summary.append(
            {
                "year": item.year.name,
                "archive": 1 if item.archive else 0,
                "archive_files": item.archive_files,
                "plans": item.plans,
                "plan_versions": item.plan_versions,
                "approvals": item.approvals,
                "meeting_records": item.meeting_records,
            }
        )
    archives = YearArchive.objects.filter(year_id__in=ids)
    for archive in archives:
        files.extend(archive.files.values_list("name", flat=True))
        if archive.school_file:
            files.append(archive.school_file)
    ArchiveFile.objects.filter(archive__in=archives).delete()
    archives.delete()

    plans = Plan.objects.filter(term__year_id__in=ids, student__school=school)
    approvals = Approval.objects.filter(plan__in=plans)
    files.extend(name for name in approvals.values_list("attachment", flat=True) if name)
    # Approvals, family input and revision plans hold their version (PROTECT): they go first.
    approvals.delete()
    FamilyInput.objects.filter(plan__in=plans).delete()
    RevisionPlan.objects.filter(plan__in=plans).delete()
    PlanVersion.objects.filter(plan__in=plans).delete()
    plans.delete()
    MeetingRecord.objects.filter(conference__window__term__year_id__in=ids).delete()

    destruction = Destruction.objects.create(
        school=school,
        by=by,
        retention_years=selectors.retention_years(school),
        summary=summary,
        count=sum(item.total for item in due),
    )
    transaction.on_commit(lambda: _delete_files(files))
    return destruction


def _delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:  # already gone, or the storage refused: the rows are gone either way
            logger.warning("could not delete %s", name)
