"""Advisors are not in OneRoster: a CSV of (student id, advisor e-mail) assigns them in bulk.

    student_id,advisor_email
    S-1001,alice@school.example.org

The student id is the student's OneRoster sourcedId or their local id (identifier). The advisor
must hold the advisor role at the student's school (teachers get it from the roster). Each row
makes that advisor the student's current advisor for the school's current year, keeping the
history as the coordinator's page does; a row that changes nothing is counted unchanged.
Applied in the same transaction as the roster, after it, so it may name people it imports.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.advisories.models import Advisory
from tandem.advisories.services import follow_advisories
from tandem.people.models import Student
from tandem.schools.models import Role, StaffRole
from tandem.schools.selectors import current_year

from .apply import BATCH, Context, chunked

COLUMNS = ("student_id", "advisor_email")


@dataclass
class Row:
    number: int
    student_id: str
    advisor_email: str


def read_advisories(path: Path, ctx: Context) -> list[Row]:
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        ctx.report.error(name, None, "", _("The file is not UTF-8 text."))
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header]
    for column in missing:
        ctx.report.error(
            name, 1, column, _("The required column %(column)s is missing.") % {"column": column}
        )
    if missing:
        return []
    student_at, email_at = header.index("student_id"), header.index("advisor_email")
    rows, seen = [], {}
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) <= max(student_at, email_at):
            ctx.report.error(name, number, "", _("The row has too few values."))
            continue
        row = Row(number, values[student_at].strip(), values[email_at].strip().lower())
        for column, value in (("student_id", row.student_id), ("advisor_email", row.advisor_email)):
            if not value:
                ctx.report.error(name, number, column, _("A value is required."))
        if not (row.student_id and row.advisor_email):
            continue
        if row.student_id in seen:
            ctx.report.error(
                name,
                number,
                "student_id",
                _("The student %(id)s is already on row %(row)s.")
                % {"id": row.student_id, "row": seen[row.student_id]},
            )
            continue
        seen[row.student_id] = number
        rows.append(row)
    return rows


def apply_advisories(path: Path, rows: list[Row], ctx: Context, *, by) -> None:
    name, report = path.name, ctx.report
    schools = {school.pk: school for school in ctx.schools.values()}
    if not schools:
        report.error(name, None, "", _("The package names no school to assign advisors in."))
        return
    students = {}
    for student in Student.objects.filter(school_id__in=schools):
        for key in (student.sourced_id, student.local_id):
            if key:
                students.setdefault(key, []).append(student)
    emails = {row.advisor_email for row in rows}
    advisors: dict[tuple[str, int], object] = {}
    for chunk in chunked(emails):
        roles = (
            StaffRole.objects.filter(role=Role.ADVISOR, school_id__in=schools)
            .annotate(email_ci=Lower("user__email"))
            .filter(email_ci__in=chunk)
            .select_related("user")
        )
        for role in roles:
            advisors[(role.user.email.lower(), role.school_id)] = role.user
    years = {pk: current_year(school) for pk, school in schools.items()}
    wanted = []
    for row in rows:
        found = students.get(row.student_id, [])
        if len({s.pk for s in found}) != 1:
            message = (
                _("%(id)s is not a student of this import's schools (sourcedId or local id).")
                if not found
                else _("%(id)s names more than one student; use the sourcedId.")
            )
            report.error(name, row.number, "student_id", message % {"id": row.student_id})
            continue
        student = found[0]
        advisor = advisors.get((row.advisor_email, student.school_id))
        if advisor is None:
            report.error(
                name,
                row.number,
                "advisor_email",
                _("%(email)s is not an advisor at %(school)s.")
                % {"email": row.advisor_email, "school": schools[student.school_id]},
            )
            continue
        year = years[student.school_id]
        if year is None:
            report.error(
                name,
                row.number,
                "student_id",
                _("%(school)s has no school year to assign advisors in.")
                % {"school": schools[student.school_id]},
            )
            continue
        wanted.append((student, advisor, year))
    ctx.check()
    current = {}
    for chunk in chunked([student.pk for student, _a, _y in wanted]):
        for advisory in Advisory.objects.filter(student_id__in=chunk, ended_at__isnull=True):
            current[(advisory.student_id, advisory.year_id)] = advisory
    now = timezone.now()
    ended, new, moved = [], [], set()
    for student, advisor, year in wanted:
        advisory = current.get((student.pk, year.pk))
        if advisory is not None and advisory.advisor_id == advisor.pk:
            report.count("advisories", "unchanged")
            continue
        if advisory is not None:
            advisory.ended_at = now
            ended.append(advisory)
            moved.add(student.pk)
        new.append(
            Advisory(
                student=student,
                advisor=advisor,
                year=year,
                started_at=now,
                assigned_by=by,
                note=name[:300],
            )
        )
        report.count("advisories", "updated" if advisory is not None else "created")
    # End the current ones first: the database holds one current advisor per student and year.
    Advisory.objects.bulk_update(ended, ["ended_at"], batch_size=BATCH)
    Advisory.objects.bulk_create(new, batch_size=BATCH)
    # Booked conferences follow the advisory, as on the coordinator's page.
    follow_advisories(by=by, students=[a.student for a in new if a.student_id in moved])
