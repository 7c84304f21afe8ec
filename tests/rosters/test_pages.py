"""The roster page: Sid (school admin of Harbor High) uploads, previews, confirms or discards;
anyone else, and any run of another school, is a 404."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from tandem.people.models import Caregiver, Student
from tandem.rosters.models import ImportRun
from tandem.schools.models import Role, School, StaffRole

from .packages import harbor
from .test_errors import wrong_enumeration

pytestmark = pytest.mark.django_db


@pytest.fixture
def sid(client, cast):
    client.force_login(cast.school_admin)
    return cast.school_admin


def upload(client, tmp_path, package=None, name="export.zip", school=None):
    path = (package or harbor()).write(tmp_path / name.removesuffix(".zip"), zipped=True)
    with path.open("rb") as handle:
        data = {"package": handle}
        if school is not None:
            data["school"] = school.pk
        return client.post(reverse("rosters:home"), data)


def test_upload_preview_then_confirm(
    client, cast, sid, tmp_path, django_capture_on_commit_callbacks
):
    response = upload(client, tmp_path)

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "rosters:run", args=[run.pk]
    )
    assert run.status == ImportRun.Status.PREVIEW and run.dry_run and run.by == sid
    assert list(run.schools.all()) == [cast.school]
    assert default_storage.exists(run.package.name)  # kept server-side until confirmed
    assert "export" not in run.package.name  # never under the uploaded name
    assert not Student.objects.filter(sourced_id__in=["s1", "s2"]).exists()  # nothing written

    page = " ".join(client.get(reverse("rosters:run", args=[run.pk])).content.decode().split())
    assert "Nothing has been written yet." in page
    assert "Import these changes" in page
    # Students: 2 created (the grade-5 child is left out), as the counts table says.
    assert '<th scope="row">Students</th> <td data-label="Created">2</td>' in page
    # The cast's three caregivers have the package's e-mail addresses: adopted, not duplicated.
    assert '<th scope="row">Caregivers</th> <td data-label="Created">0</td>' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rosters:confirm", args=[run.pk]))

    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED and not run.dry_run
    assert run.summary["counts"]["students"]["created"] == 2
    assert set(Student.objects.filter(school=cast.school).values_list("sourced_id", flat=True)) == {
        "",  # Sam and Olive of the cast, made in Tandem, stay
        "s1",
        "s2",
    }
    assert not run.package and not default_storage.listdir("rosters")[1]  # the file is gone
    cast.school.refresh_from_db()
    assert cast.school.sourced_id == "sch1"  # the package's one school is Harbor High
    # Carla of the cast has the same e-mail as p1 in the package: adopted, not duplicated.
    cast.caregiver.refresh_from_db()
    assert cast.caregiver.sourced_id == "p1"
    assert Caregiver.objects.filter(email="carla@family.test").count() == 1

    home = client.get(reverse("rosters:home")).content.decode()
    assert "export.zip" in home and "Imported" in home and "Sid Admin" in home


def test_a_file_with_errors_needs_skip_to_import(client, cast, sid, tmp_path):
    package = harbor()
    wrong_enumeration(package)
    upload(client, tmp_path, package)
    run = ImportRun.objects.get()
    page = client.get(reverse("rosters:run", args=[run.pk])).content.decode()
    assert "roles.csv row 8, role:" in page
    assert "Skip the rows with errors and import the rest" in page

    response = client.post(reverse("rosters:confirm", args=[run.pk]), follow=True)
    assert "Some rows have errors" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEW
    assert not Student.objects.filter(sourced_id="s1").exists()

    client.post(reverse("rosters:confirm", args=[run.pk]), {"skip_bad_rows": "on"})
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED and run.skip_bad_rows
    assert Student.objects.filter(sourced_id="s1").exists()
    assert not StaffRole.objects.filter(sourced_id="t1").exists()


def test_discarding_deletes_the_file_and_writes_nothing(
    client, cast, sid, tmp_path, django_capture_on_commit_callbacks
):
    upload(client, tmp_path)
    run = ImportRun.objects.get()
    name = run.package.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("rosters:discard", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED
    assert not default_storage.exists(name)
    assert client.post(reverse("rosters:confirm", args=[run.pk])).status_code == 302
    assert not Student.objects.filter(sourced_id="s1").exists()


def test_a_preview_nobody_confirms_is_dropped_after_a_day(
    client, cast, sid, tmp_path, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    upload(client, tmp_path)
    run = ImportRun.objects.get()
    name = run.package.name
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_cleanup", stdout=io.StringIO())
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEW and default_storage.exists(name)  # too new
    ImportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=25))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_cleanup", stdout=out)
    assert "1 unconfirmed import preview(s) discarded." in out.getvalue()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED
    assert not default_storage.exists(name)
    assert client.post(reverse("rosters:confirm", args=[run.pk])).status_code == 302
    assert not Student.objects.filter(sourced_id="s1").exists()


def test_a_new_upload_replaces_the_waiting_one(client, cast, sid, tmp_path):
    upload(client, tmp_path, name="first.zip")
    upload(client, tmp_path, name="second.zip")
    assert dict(ImportRun.objects.values_list("file_name", "status")) == {
        "first.zip": ImportRun.Status.DISCARDED,
        "second.zip": ImportRun.Status.PREVIEW,
    }


def test_a_run_confirmed_once_cannot_be_confirmed_again(client, cast, sid, tmp_path):
    upload(client, tmp_path)
    run = ImportRun.objects.get()
    client.post(reverse("rosters:confirm", args=[run.pk]))
    response = client.post(reverse("rosters:confirm", args=[run.pk]), follow=True)
    assert "no longer waiting for confirmation" in response.content.decode()
    assert ImportRun.objects.get().status == ImportRun.Status.APPLIED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just text", "This is not a zip file."),
        ("zip-without-manifest", "The zip has no manifest.csv"),
    ],
)
def test_an_upload_that_is_not_a_package_is_refused(client, cast, sid, content, message):
    if content == "zip-without-manifest":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("users.csv", "sourcedId\n1\n")
        content = buffer.getvalue()
    file = io.BytesIO(content)
    file.name = "roster.zip"
    response = client.post(reverse("rosters:home"), {"package": file})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportRun.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(client, cast, sid, tmp_path, settings):
    settings.TANDEM_ROSTER_MAX_UPLOAD_MB = 0
    response = upload(client, tmp_path)
    assert "The file is larger than 0 MB" in response.content.decode()


def test_a_run_of_another_school_is_a_404(client, cast, sid):
    other = School.objects.create(name="Other High")
    run = ImportRun.objects.create(file_name="other.zip", status=ImportRun.Status.PREVIEW)
    run.schools.add(other)
    assert client.get(reverse("rosters:run", args=[run.pk])).status_code == 404
    assert client.post(reverse("rosters:confirm", args=[run.pk])).status_code == 404
    assert client.post(reverse("rosters:discard", args=[run.pk])).status_code == 404
    assert client.get(reverse("rosters:run", args=[run.pk + 1000])).status_code == 404
    assert client.get(reverse("rosters:home") + f"?school={other.pk}").status_code == 404
    assert client.get(reverse("rosters:home") + "?school=nonsense").status_code == 404
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEW


@pytest.mark.parametrize("persona", ["coordinator", "advisor", "caregiver", "student"])
def test_only_school_admins_may_import(client, cast, persona):
    user = getattr(cast, persona)
    client.force_login(user.user if persona in ("caregiver", "student") else user)
    assert client.get(reverse("rosters:home")).status_code == 404


def test_an_admin_of_two_schools_picks_one(client, cast, sid, tmp_path):
    other = School.objects.create(name="Other High")
    StaffRole.objects.create(user=sid, school=other, role=Role.SCHOOL_ADMIN)
    page = client.get(reverse("rosters:home") + f"?school={other.pk}").content.decode()
    assert "Other High" in page and 'id="school-select"' in page
    upload(client, tmp_path, school=other)
    assert list(ImportRun.objects.get().schools.all()) == [other]


def test_the_navigation_shows_the_roster_page_to_school_admins(client, cast, sid):
    page = client.get(reverse("rosters:home")).content.decode()
    assert f'href="{reverse("rosters:home")}" aria-current="page"' in page


def test_a_package_without_this_school_is_rejected(client, cast, sid, tmp_path):
    package = harbor()
    package.org("sch2", "Harbor Middle")  # two schools, neither of them Harbor High
    upload(client, tmp_path, package)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED and not run.package
    page = client.get(reverse("rosters:run", args=[run.pk])).content.decode()
    assert "None of the schools in this package is Harbor High." in page
    assert "Import these changes" not in page


def test_it_sees_the_runs_in_the_admin_site(client, cast, tmp_path):
    from django.contrib.auth import get_user_model

    it = get_user_model().objects.create_superuser(email="it@harbor.test", password="x" * 12)
    client.force_login(cast.school_admin)
    upload(client, tmp_path)
    client.force_login(it)
    run = ImportRun.objects.get()
    assert client.get(reverse("admin:rosters_importrun_changelist")).status_code == 200
    page = client.get(reverse("admin:rosters_importrun_change", args=[run.pk]))
    assert page.status_code == 200 and "export.zip" in page.content.decode()
