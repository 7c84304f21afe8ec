"""Reads for the archive and retention pages, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef

from tandem.core.collation import by_name
from tandem.people.models import Student
from tandem.schools import calendar
from tandem.schools.models import AcademicYear

from .models import ArchiveFile, Destruction, RetentionSetting, YearArchive


def year_students(year):
    """The students of a school year: anyone with an advisory in it or a plan in one of its
    terms (a student who left mid-year is still the year's)."""
    from tandem.advisories.models import Advisory
    from tandem.plans.models import Plan

    advised = Advisory.objects.filter(student=OuterRef("pk"), year=year)
    planned = Plan.objects.filter(student=OuterRef("pk"), term__year=year)
    return (
        Student.objects.filter(school_id=year.school_id)
        .filter(Exists(advised) | Exists(planned))
        .select_related("school")
        .order_by(*by_name("last_name", "first_name"), "pk")
    )


def year_has_ended(year) -> bool:
    return calendar.today(year.school) > year.ends_on


def school_years(school) -> list[AcademicYear]:
    """The school's years, newest first, each with its archive (or None) as `archive_or_none`."""
    years = list(AcademicYear.objects.filter(school=school).order_by("-starts_on"))
    archives = {a.year_id: a for a in YearArchive.objects.filter(school=school)}
    today = calendar.today(school)
    for year in years:
        year.archive_or_none = archives.get(year.pk)
        year.ended = today > year.ends_on
    return years


def archive_of(year) -> YearArchive | None:
    return YearArchive.objects.filter(year=year).select_related("requested_by").first()


def archive_files(archive):
    return ArchiveFile.objects.filter(archive=archive).select_related("student")


# -- retention ----------------------------------------------------------------------------


def retention_years(school) -> int:
    setting = RetentionSetting.objects.filter(school=school).first()
    return setting.years if setting else RetentionSetting.DEFAULT_YEARS


def keep_since(school, years: int, today: date | None = None) -> date:
    """Records of a year that ended before this day are past retention: the year's last day
    is more than `years` years ago."""
    today = today or calendar.today(school)
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@dataclass
class DueYear:
    year: AcademicYear
    archive: YearArchive | None
    archive_files: int
    plans: int
    plan_versions: int
    approvals: int
    meeting_records: int

    @property
    def total(self) -> int:
        return (
            (1 if self.archive else 0)
            + self.archive_files
            + self.plans
            + self.plan_versions
            + self.approvals
            + self.meeting_records
        )


def due_for_destruction(school, today: date | None = None) -> list[DueYear]:
    """Every year past the school's retention with what retention destroys of it: the year's
    archive (its zips), its plans with their versions and approvals, and its meeting records.
    The years, terms, students and the access log stay. Seven queries whatever the size."""
    from tandem.plans.models import Approval, Plan, PlanVersion
    from tandem.records.models import MeetingRecord

    cutoff = keep_since(school, retention_years(school), today)
    years = list(
        AcademicYear.objects.filter(school=school, ends_on__lt=cutoff).order_by("starts_on")
    )
    if not years:
        return []
    ids = [y.pk for y in years]
    archives = {
        a.year_id: a
        for a in YearArchive.objects.filter(year_id__in=ids).annotate(file_count=Count("files"))
    }

    def per_year(queryset, path: str) -> dict[int, int]:
        return dict(
            queryset.filter(**{f"{path}__in": ids})
            .order_by()
            .values(path)
            .annotate(n=Count("pk"))
            .values_list(path, "n")
        )

    plans = per_year(Plan.objects.all(), "term__year_id")
    versions = per_year(PlanVersion.objects.all(), "plan__term__year_id")
    approvals = per_year(Approval.objects.all(), "plan__term__year_id")
    records = per_year(MeetingRecord.objects.all(), "conference__window__term__year_id")
    due = [
        DueYear(
            year=y,
            archive=archives.get(y.pk),
            archive_files=getattr(archives.get(y.pk), "file_count", 0),
            plans=plans.get(y.pk, 0),
            plan_versions=versions.get(y.pk, 0),
            approvals=approvals.get(y.pk, 0),
            meeting_records=records.get(y.pk, 0),
        )
        for y in years
    ]
    return [d for d in due if d.total]  # a year already destroyed has nothing left to list


def destructions(school) -> list[Destruction]:
    return list(Destruction.objects.filter(school=school).select_related("by")[:50])
