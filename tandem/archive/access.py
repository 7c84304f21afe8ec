"""Fetch-and-authorise for the archive and retention: the school's coordinators and school
admins only (`policy.OVERSIGHT_ROLES`); a year, archive or file of any other school, or none,
is a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.advisories.access import oversight_school
from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role
from tandem.schools.models import AcademicYear

from .models import ArchiveFile, YearArchive

school_for = oversight_school


def year_for(user, year_id) -> AcademicYear:
    years = AcademicYear.objects.select_related("school").filter(
        school_id__in=schools_with_role(user, OVERSIGHT_ROLES)
    )
    return get_object_or_404(years, pk=year_id)


def finished_archive_for(user, year_id) -> YearArchive:
    """The year's archive once it is ready (its files are whole); 404 before."""
    year = year_for(user, year_id)
    archive = YearArchive.objects.filter(year=year, status=YearArchive.Status.DONE).first()
    if archive is None or not archive.school_file:
        raise Http404
    archive.year = year
    return archive


def student_file_for(user, year_id, student_id) -> tuple[YearArchive, ArchiveFile]:
    archive = finished_archive_for(user, year_id)
    entry = get_object_or_404(
        ArchiveFile.objects.select_related("student"), archive=archive, student_id=student_id
    )
    return archive, entry
