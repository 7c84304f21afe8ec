"""What goes into the year's archive, and the zips themselves.

One zip per student of the year:

    student.json               who, which school and year, and every other file with its SHA-256
    plans/<term>/v<n>.json     each plan version's canonical JSON: its SHA-256 is the version's
                               `content_hash` (tandem.plans.services.canonical_json)
    plans/<term>/v<n>.pdf      the same version as the school's PDF (tandem.plans.pdf)
    approvals.json, .csv       every approval of those versions (who, how, when, which version)
    approvals/<id>-<file>      the scan or photo kept with an approval, if any
    records/<day>-<id>.pdf     each final meeting record (tandem.records.pdf)
    review-packets/<term>.pdf  the review packet of each term (tandem.evidence, school's view)
    access-log.csv             the access log's rows about the student during the year

The school zip holds manifest.json and manifest.csv (path, member, size, SHA-256 of every
student zip and of every file in it) and students.csv.

Deterministic by construction: entries in a fixed order, each stamped with the year's last day,
so the same data gives the same bytes; WeasyPrint (70) writes no creation date and derives the
PDF's /ID from its content, and the charts use a fixed `svg.hashsalt`. The archive still never
rebuilds a student's zip it already holds (services.archive_build): it is the record of the
year as it was when archived.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta

import matplotlib
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from tandem.core.csv_export import SafeWriter
from tandem.core.dates import format_datetime, school_clock
from tandem.core.models import AccessLog
from tandem.schools import calendar

ARCHIVE_PURPOSE = "year archive"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def slug(text: str) -> str:
    """A name safe in a zip on every system: letters, digits, dots and dashes."""
    cleaned = re.sub(r"[^0-9A-Za-z.]+", "-", text).strip("-.")
    return cleaned or "x"


def csv_bytes(header, rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = SafeWriter(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


@dataclass
class ZipWriter:
    """A zip written in memory with fixed timestamps; `members` are the manifest's rows."""

    day: object  # the stamp of every entry: the year's last day
    buffer: io.BytesIO = field(default_factory=io.BytesIO)
    members: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self._zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED)

    def add(self, path: str, data: bytes) -> None:
        info = zipfile.ZipInfo(
            path, date_time=(self.day.year, self.day.month, self.day.day, 0, 0, 0)
        )
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # unix, whatever the machine
        info.external_attr = 0o644 << 16
        self._zip.writestr(info, data)
        self.members.append({"path": path, "size": len(data), "sha256": sha256(data)})

    def close(self) -> bytes:
        self._zip.close()
        return self.buffer.getvalue()


def archive_request(user) -> HttpRequest:
    """The request the review packet is rendered with: the person who asked for the archive
    reads the IEP goals (logged as "year archive"); no address, no session."""
    request = HttpRequest()
    request.user = user
    return request


def _school_view():
    from tandem.evidence.access import Viewer

    # The school's whole view of the record (drafts and codes), whoever pressed the button.
    return Viewer(school_side=True, advisor=False, oversight=True, case_manager=False)


def _year_bounds(year):
    school = year.school
    return (
        calendar.start_of_day(school, year.starts_on),
        calendar.start_of_day(school, year.ends_on + timedelta(days=1)),
    )


def student_zip(archive, student, *, by) -> tuple[bytes, list[dict]]:
    """The student's zip for the archive's year, and its members (path, size, sha256)."""
    from tandem.conferences.models import Status
    from tandem.evidence.views import growth_charts, packet_pdf_bytes
    from tandem.plans.models import Approval, Plan
    from tandem.plans.pdf import version_pdf
    from tandem.plans.services import canonical_json
    from tandem.records.models import MeetingRecord
    from tandem.records.pdf import record_pdf

    year, school, language = archive.year, archive.school, archive.language
    zone = school.zone
    out = ZipWriter(day=year.ends_on)
    files: list[tuple[str, bytes]] = []

    plans = (
        Plan.objects.filter(student=student, term__year=year)
        .select_related("term", "student__school")
        .prefetch_related("versions")
        .order_by("term__starts_on", "pk")
    )
    version_ids = []
    for plan in plans:
        folder = f"plans/{slug(plan.term.name)}"
        for version in sorted(plan.versions.all(), key=lambda v: v.number):
            version.plan = plan
            version_ids.append(version.pk)
            files.append((f"{folder}/v{version.number}.json", canonical_json(version.content)))
            files.append(
                (f"{folder}/v{version.number}.pdf", version_pdf(version, language=language))
            )

    approvals = list(
        Approval.objects.filter(version_id__in=version_ids)
        .select_related("version__plan__term", "caregiver", "recorded_by")
        .order_by("approved_at", "pk")
    )
    rows = [
        {
            "term": a.version.plan.term.name,
            "version": a.version.number,
            "version_sha256": a.version.content_hash,
            "caregiver": a.caregiver.full_name,
            "method": a.method,
            "approved_at": a.approved_at.isoformat(),
            "typed_name": a.typed_name,
            "recorded_by": a.recorded_by.email,
            "note": a.note,
            "attachment": f"approvals/{a.pk}-{slug(a.attachment.name.rsplit('/', 1)[-1])}"
            if a.attachment
            else "",
        }
        for a in approvals
    ]
    files.append(("approvals.json", _json(rows)))
    with translation.override(language):
        files.append(
            (
                "approvals.csv",
                csv_bytes(
                    [
                        "term",
                        "version",
                        "version_sha256",
                        "caregiver",
                        "how",
                        "when",
                        "typed_name",
                        "recorded_by",
                        "note",
                        "attachment",
                    ],
                    [
                        [
                            r["term"],
                            r["version"],
                            r["version_sha256"],
                            r["caregiver"],
                            a.get_method_display(),
                            format_datetime(a.approved_at, zone),
                            r["typed_name"],
                            r["recorded_by"],
                            r["note"],
                            r["attachment"],
                        ]
                        for r, a in zip(rows, approvals, strict=True)
                    ],
                ),
            )
        )
    for row, approval in zip(rows, approvals, strict=True):
        if approval.attachment:
            with approval.attachment.open("rb") as handle:
                files.append((row["attachment"], handle.read()))

    records = (
        MeetingRecord.objects.filter(
            conference__student=student,
            conference__window__term__year=year,
            finalized_at__isnull=False,
        )
        .exclude(conference__status=Status.CANCELLED)
        .select_related("conference__student__school", "conference__window")
        .order_by("conference__starts_at", "pk")
    )
    for record in records:
        conference = record.conference
        day = conference.starts_at.astimezone(zone).date()
        files.append(
            (
                f"records/{day:%Y-%m-%d}-{conference.pk}.pdf",
                record_pdf(conference, language=language),
            )
        )

    request = archive_request(by)
    viewer = _school_view()
    # Every chart's text as SVG text, not glyph outlines: WeasyPrint draws the packet twice as
    # fast (and the text can be searched) — the IEP goals' charts, drawn with each packet, too.
    # The growth charts are the same in every term's packet: drawn once.
    with translation.override(language), matplotlib.rc_context({"svg.fonttype": "none"}):
        charts = growth_charts(student)
        for term in year.terms.order_by("starts_on", "pk"):
            files.append(
                (
                    f"review-packets/{slug(term.name)}.pdf",
                    packet_pdf_bytes(
                        request,
                        student,
                        viewer,
                        term,
                        base_url=settings.SITE_URL + "/",
                        purpose=ARCHIVE_PURPOSE,
                        charts=charts,
                    ),
                )
            )

    start, end = _year_bounds(year)
    log = AccessLog.objects.filter(student=student, at__gte=start, at__lt=end).select_related(
        "user", "student", "school"
    )
    with school_clock(school, language):
        files.append(
            (
                "access-log.csv",
                csv_bytes(
                    AccessLog.CSV_HEADER, [row.csv_row(zone) for row in log.order_by("at", "pk")]
                ),
            )
        )

    index = {
        "school": school.name,
        "year": year.name,
        "year_starts_on": year.starts_on.isoformat(),
        "year_ends_on": year.ends_on.isoformat(),
        "student": {
            "id": student.pk,
            "local_id": student.local_id,
            "name": student.display_name,
            "grade": student.grade,
        },
        "files": [{"path": p, "size": len(d), "sha256": sha256(d)} for p, d in files],
    }
    out.add("student.json", _json(index))
    for path, data in files:
        out.add(path, data)
    return out.close(), out.members


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


MANIFEST_HEADER = ["path", "member", "size", "sha256"]


def manifest_rows(archive, files) -> list[dict]:
    """Each student zip (path relative to the archive's folder), then each file in it."""
    rows = []
    prefix = archive.folder + "/"
    for entry in files:
        path = entry.name.removeprefix(prefix)
        rows.append({"path": path, "member": "", "size": entry.size, "sha256": entry.sha256})
        rows.extend(
            {"path": path, "member": m["path"], "size": m["size"], "sha256": m["sha256"]}
            for m in entry.members
        )
    return rows


def school_zip(archive, files) -> bytes:
    """The school zip: the manifest (JSON and CSV) and the list of students."""
    year = archive.year
    rows = manifest_rows(archive, files)
    prefix = archive.folder + "/"
    out = ZipWriter(day=year.ends_on)
    manifest = {
        "school": archive.school.name,
        "year": year.name,
        "year_starts_on": year.starts_on.isoformat(),
        "year_ends_on": year.ends_on.isoformat(),
        "students": len(files),
        "files": rows,
    }
    out.add("manifest.json", _json(manifest))
    out.add(
        "manifest.csv",
        csv_bytes(
            MANIFEST_HEADER, [[r["path"], r["member"], r["size"], r["sha256"]] for r in rows]
        ),
    )
    out.add(
        "students.csv",
        csv_bytes(
            ["local_id", "name", "grade", "zip", "sha256"],
            [
                [
                    f.student.local_id,
                    f.student.display_name,
                    f.student.grade,
                    f.name.removeprefix(prefix),
                    f.sha256,
                ]
                for f in files
            ],
        ),
    )
    return out.close()
