"""The year's archive in Chromium on a phone: once Harbor High's year has ended, the coordinator
opens *Year archive*, asks for the archive, watches the progress while the worker builds it,
and downloads the school's zip and a student's zip (each download written to the access log).
Every page fits 375 px and axe finds nothing."""

import hashlib
import io
import zipfile
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from tandem.archive.models import ArchiveFile, YearArchive
from tandem.archive.tasks import build_year_archive
from tandem.core.models import AccessLog

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def check(page, what):
    assert page_width(page) <= 375, f"{what} scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"axe found problems on {what}:\n{describe(violations)}"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_archive_a_year_watch_it_build_and_download_it(visitor, cast, settings):
    # Queued, not run: this test is the worker, so the page shows the archive waiting first.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    after = datetime.combine(
        cast.year.ends_on + timedelta(days=2), clock(12), tzinfo=cast.school.zone
    )
    with time_machine.travel(after, tick=True):
        page = visitor.page(user=cast.coordinator, phone=True)
        visit(page, "/coordinator/archive/")
        expect(page.locator("main")).to_contain_text("Not archived yet")
        check(page, "the year archive's list")
        page.get_by_role("link", name=cast.year.name).click()
        expect(page.locator("#archive-progress")).to_contain_text("This year has not been archived")
        check(page, "the year's page")
        page.get_by_role("button", name="Archive this year").click()
        check(page, "the confirmation")
        page.get_by_role("button", name="Yes, archive this year").click()

        archive = YearArchive.objects.get(year=cast.year)
        total = archive.students_total
        assert total >= 2  # Sam and Olive at least
        expect(page.locator("#archive-progress")).to_contain_text(f"0 of {total} students archived")
        expect(page.locator("#archive-progress progress")).to_be_visible()
        check(page, "the progress")

        build_year_archive.call(archive_id=archive.pk)  # what `manage.py db_worker` does
        # The page polls every 2 s and shows the result without a reload.
        expect(page.locator("#archive-progress")).to_contain_text(
            f"Archived: {total} students", timeout=15_000
        )
        page.get_by_role("link", name="Show the archive's files").click()
        expect(page.locator("main")).to_contain_text(f"{total} students' zips")
        check(page, "the archive's files")

        archive.refresh_from_db()
        with page.expect_download() as download:
            page.get_by_role("link", name="The school's zip").click()
        school_zip = Path(download.value.path()).read_bytes()
        assert sha(school_zip) == archive.school_sha256
        with zipfile.ZipFile(io.BytesIO(school_zip)) as opened:
            assert "manifest.json" in opened.namelist()

        entry = ArchiveFile.objects.get(archive=archive, student=cast.student)
        with page.expect_download() as download:
            page.get_by_role("link", name=cast.student.display_name).click()
        student_zip = Path(download.value.path()).read_bytes()
        assert sha(student_zip) == entry.sha256
        with zipfile.ZipFile(io.BytesIO(student_zip)) as opened:
            assert "student.json" in opened.namelist()

    downloads = AccessLog.objects.filter(
        user=cast.coordinator, purpose="year archive download"
    ).order_by("pk")
    assert [(row.record_type, row.student_id) for row in downloads] == [
        ("archive.yeararchive", None),
        ("archive.archivefile", cast.student.pk),
    ]
