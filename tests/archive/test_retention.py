"""Retention: the school keeps a year's records N years (5 unless set) after the year ends; the
coordinator sees what is past that and destroys it only after confirming; the destruction is
atomic and written down (who, when, what, how many)."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from tandem.archive.models import ArchiveFile, Destruction, RetentionSetting, YearArchive
from tandem.plans.models import Approval, Plan, PlanVersion
from tandem.plans.services import content_hash
from tandem.schools.models import AcademicYear, Term
from tests.records.conftest import client_as

pytestmark = pytest.mark.django_db


def past_year(cast, start_year: int, *, archived: bool = False):
    """A year of Harbor High long ago, with Sam's plan (one version, approved by Carla) and,
    if asked, an archive of one zip."""
    year = AcademicYear.objects.create(
        school=cast.school,
        name=f"{start_year}–{start_year + 1}",
        starts_on=date(start_year, 9, 1),
        ends_on=date(start_year + 1, 6, 20),
    )
    term = Term.objects.create(
        year=year, name="Fall", starts_on=date(start_year, 9, 1), ends_on=date(start_year, 12, 20)
    )
    plan = Plan.objects.create(student=cast.student, term=term, kind="term", state="approved")
    content = {"student": "Sam Rivera", "term": "Fall", "sections": []}
    version = PlanVersion.objects.create(
        plan=plan, number=1, content=content, content_hash=content_hash(content), reason="shared"
    )
    Approval.objects.create(
        plan=plan,
        version=version,
        caregiver=cast.caregiver,
        method="verbal",
        recorded_by=cast.advisor,
    )
    if archived:
        archive = YearArchive.objects.create(
            school=cast.school,
            year=year,
            requested_by=cast.coordinator,
            language="en",
            status=YearArchive.Status.DONE,
            students_total=1,
            students_done=1,
        )
        name = default_storage.save(f"{archive.folder}/students/sam.zip", ContentFile(b"zip"))
        school_file = default_storage.save(f"{archive.folder}/school.zip", ContentFile(b"z"))
        YearArchive.objects.filter(pk=archive.pk).update(school_file=school_file)
        ArchiveFile.objects.create(
            archive=archive, student=cast.student, name=name, size=3, sha256="0" * 64
        )
    return year


@pytest.fixture
def years(cast):
    """2015–16 (archived) and 2016–17 ended more than five years ago; 2023–24 did not."""
    return [
        past_year(cast, 2015, archived=True),
        past_year(cast, 2016),
        past_year(cast, 2023),
    ]


def test_the_page_lists_only_what_is_older_than_the_setting(client, cast, years):
    client_as(client, cast.coordinator)
    html = client.get(reverse("archive:retention")).content.decode()
    assert "2015–2016" in html and "2016–2017" in html
    assert "2023–2024" not in html
    assert "1 student zip and the school zip" in html

    client.post(reverse("archive:retention"), {"years": 20, "school": cast.school.pk})
    assert RetentionSetting.objects.get(school=cast.school).years == 20
    html = client.get(reverse("archive:retention")).content.decode()
    assert "Nothing is due" in html and "2015–2016" not in html


def test_nothing_is_destroyed_without_confirmation(client, cast, years):
    client_as(client, cast.coordinator)
    due_ids = [y.pk for y in years[:2]]
    page = client.get(reverse("archive:destroy"))
    assert page.status_code == 200 and "This cannot be undone." in page.content.decode()
    client.post(reverse("archive:destroy"), {"year": due_ids, "school": cast.school.pk})
    assert Plan.objects.count() == 3 and YearArchive.objects.count() == 1
    assert not Destruction.objects.exists()


def test_destroying_removes_only_what_is_past_retention_and_logs_it(
    client, cast, years, django_capture_on_commit_callbacks
):
    archive = YearArchive.objects.get()
    files = [archive.school_file, *archive.files.values_list("name", flat=True)]
    assert all(default_storage.exists(name) for name in files)
    client_as(client, cast.school_admin)
    due_ids = [y.pk for y in years[:2]]

    with django_capture_on_commit_callbacks(execute=True):  # the files go once it committed
        response = client.post(
            reverse("archive:destroy"),
            {"year": due_ids, "confirm": "yes", "school": cast.school.pk},
            follow=True,
        )

    assert "8 records were destroyed and logged." in response.content.decode()
    assert list(Plan.objects.values_list("term__year", flat=True)) == [years[2].pk]
    assert PlanVersion.objects.count() == 1 and Approval.objects.count() == 1
    assert not YearArchive.objects.exists() and not ArchiveFile.objects.exists()
    assert not any(default_storage.exists(name) for name in files)
    assert AcademicYear.objects.filter(pk__in=due_ids).count() == 2  # the years stay
    done = Destruction.objects.get()
    assert (done.by, done.count, done.retention_years) == (cast.school_admin, 8, 5)
    assert [(row["year"], row["plans"], row["plan_versions"]) for row in done.summary] == [
        ("2015–2016", 1, 1),
        ("2016–2017", 1, 1),
    ]
    html = client.get(reverse("archive:retention")).content.decode()
    assert "Sid Admin" in html and "Nothing is due" in html


def test_a_stale_confirmation_destroys_nothing(client, cast, years):
    client_as(client, cast.coordinator)
    response = client.post(
        reverse("archive:destroy"),
        {"year": [years[0].pk], "confirm": "yes", "school": cast.school.pk},
        follow=True,
    )
    assert "changed since the page was opened" in response.content.decode()
    assert Plan.objects.count() == 3 and not Destruction.objects.exists()


@pytest.mark.parametrize("name", ["archive:retention", "archive:destroy", "archive:years"])
def test_retention_is_the_schools_oversight_only(client, cast, years, name):
    for user, status in [
        (cast.coordinator, 200),
        (cast.school_admin, 200),
        (cast.advisor, 404),
        (cast.caregiver.user, 404),
        (cast.student_user, 404),
    ]:
        client_as(client, user)
        assert client.get(reverse(name)).status_code == status, user
    client_as(client, cast.advisor)
    client.post(
        reverse("archive:destroy"),
        {"year": [y.pk for y in years[:2]], "confirm": "yes", "school": cast.school.pk},
    )
    assert Plan.objects.count() == 3


def test_the_retention_page_reads_a_fixed_number_of_queries(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client_as(client, cast.coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("archive:retention")).status_code == 200
        return len(captured)

    past_year(cast, 2010, archived=True)
    one = queries()
    for start in (2011, 2012, 2013):
        past_year(cast, start, archived=start == 2012)
    assert queries() == one
