"""The year's archive: Harbor High's year (the personas and a few generated students), archived
by the coordinator once it has ended, built by the task worker (run in-process by the tests'
immediate backend), downloaded by the school's oversight only, each download logged."""

import hashlib
import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tandem.advisories.models import Advisory
from tandem.archive import services
from tandem.archive.models import ArchiveFile, YearArchive
from tandem.core.models import AccessLog
from tandem.plans import approvals
from tandem.plans.models import PlanVersion
from tandem.plans.pdf import version_pdf
from tandem.records import services as record_services
from tandem.schools.models import Role
from tests.personas import make_school, make_staff, make_student
from tests.records.conftest import client_as, conference_for, sam_plan

pytestmark = pytest.mark.django_db


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def year_of_records(cast):
    """Sam's Fall plan shared and approved by Carla, his Fall conference with a final record,
    a logged look at his record; Olive and three more students with no records at all."""
    fall = cast.year.terms.get(name="Fall")
    plan = sam_plan(cast, fall)
    approvals.approval_give(
        plan=plan,
        caregiver=cast.caregiver,
        version_number=1,
        typed_name="Carla Rivera",
        confirmed=True,
        ip_address="192.0.2.1",
        user_agent="test",
        by=cast.caregiver.user,
    )
    conference = conference_for(cast, fall)
    record_services.record_save(
        conference=conference,
        fields={"reflection": "Proud of my lab.", "family_actions": "Read together."},
        interventions=[],
        steps=[],
        expected_revision=0,
        by=cast.advisor,
    )
    record_services.record_finalize(conference=conference, by=cast.advisor, notify=False)
    AccessLog.objects.create(
        user=cast.case_manager,
        school=cast.school,
        student=cast.student,
        record_type="evidence.iepgoal",
        record_id="1",
        purpose="=cmd|' /C calc'!A0",  # a formula: the CSV writer neutralises it
    )
    for number in range(3):
        kid = make_student(cast.school, f"Kid{number}", "Generated", local_id=f"G-{number}")
        Advisory.objects.create(student=kid, advisor=cast.other_advisor, year=cast.year)
    return plan


@pytest.fixture
def after_the_year(cast):
    """Two days after Harbor High's year ended."""
    with time_machine.travel(
        timezone.now() + (cast.year.ends_on - timezone.localdate()) + timedelta(days=2),
        tick=False,
    ):
        yield


def archive(client, cast, capture, user=None):
    client_as(client, user or cast.coordinator)
    with capture(execute=True):
        response = client.post(reverse("archive:start", args=[cast.year.pk]))
    assert response.status_code == 302
    return YearArchive.objects.get(year=cast.year)


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def manifest_of(archive_row) -> dict:
    with zipfile.ZipFile(io.BytesIO(read(archive_row.school_file))) as school_zip:
        return json.loads(school_zip.read("manifest.json"))


def test_every_file_in_the_manifest_is_there_with_its_hash(
    client, cast, year_of_records, after_the_year, django_capture_on_commit_callbacks
):
    done = archive(client, cast, django_capture_on_commit_callbacks)

    assert done.status == YearArchive.Status.DONE
    assert (done.students_done, done.students_total) == (5, 5)  # Sam, Olive, three more
    assert sha(read(done.school_file)) == done.school_sha256
    manifest = manifest_of(done)
    assert manifest["students"] == 5
    zips = {}
    for row in manifest["files"]:
        if row["member"] == "":
            data = read(f"{done.folder}/{row['path']}")
            zips[row["path"]] = zipfile.ZipFile(io.BytesIO(data))
        else:
            data = zips[row["path"]].read(row["member"])
        assert (len(data), sha(data)) == (row["size"], row["sha256"]), row
    assert len(zips) == 5
    # The CSV manifest lists the same rows.
    with zipfile.ZipFile(io.BytesIO(read(done.school_file))) as school_zip:
        assert set(school_zip.namelist()) == {"manifest.json", "manifest.csv", "students.csv"}
        lines = school_zip.read("manifest.csv").decode().splitlines()
    assert lines[0] == "path,member,size,sha256"
    assert len(lines) == 1 + len(manifest["files"])


def test_a_students_zip_carries_the_same_hashes_as_tandem(
    client, cast, year_of_records, after_the_year, django_capture_on_commit_callbacks
):
    done = archive(client, cast, django_capture_on_commit_callbacks)
    entry = ArchiveFile.objects.get(archive=done, student=cast.student)

    client_as(client, cast.coordinator)
    response = client.get(reverse("archive:student_download", args=[cast.year.pk, cast.student.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert sha(data) == entry.sha256
    sam = zipfile.ZipFile(io.BytesIO(data))
    names = set(sam.namelist())
    version = PlanVersion.objects.get(plan=year_of_records, number=1)
    # The JSON is the version's canonical content: its SHA-256 is the version's own hash.
    assert sha(sam.read("plans/Fall/v1.json")) == version.content_hash
    # The PDF is the one Tandem gives for that version (WeasyPrint's output is byte-stable).
    pdf = sam.read("plans/Fall/v1.pdf")
    assert pdf.startswith(b"%PDF")
    assert sha(pdf) == sha(version_pdf(version, language="en"))
    assert {
        "student.json",
        "approvals.json",
        "approvals.csv",
        "access-log.csv",
        "review-packets/Fall.pdf",
        "review-packets/Winter.pdf",
        "review-packets/Spring.pdf",
    } <= names
    assert [n for n in names if n.startswith("records/")], "the final meeting record's PDF"
    approved = json.loads(sam.read("approvals.json"))
    assert [(a["caregiver"], a["version_sha256"]) for a in approved] == [
        ("Carla Rivera", version.content_hash)
    ]
    log = sam.read("access-log.csv").decode()
    assert "casey@harbor.test" in log and "'=cmd" in log
    index = json.loads(sam.read("student.json"))
    assert index["student"]["local_id"] == "S-100"
    assert {f["path"]: f["sha256"] for f in index["files"]}["plans/Fall/v1.json"] == (
        version.content_hash
    )
    # Olive has no plan: her zip still says who she is, with an empty access log.
    olive = ArchiveFile.objects.get(archive=done, student=cast.other_student)
    assert "plans/Fall/v1.json" not in {m["path"] for m in olive.members}


def test_archiving_again_changes_nothing(
    client, cast, year_of_records, after_the_year, django_capture_on_commit_callbacks
):
    first = archive(client, cast, django_capture_on_commit_callbacks)
    before = {f.student_id: (f.name, f.sha256, sha(read(f.name))) for f in first.files.all()}
    school_before = (first.school_file, first.school_sha256, sha(read(first.school_file)))

    again = archive(client, cast, django_capture_on_commit_callbacks, user=cast.school_admin)

    assert again.pk == first.pk and again.status == YearArchive.Status.DONE
    after = {f.student_id: (f.name, f.sha256, sha(read(f.name))) for f in again.files.all()}
    assert after == before
    assert (again.school_file, again.school_sha256, sha(read(again.school_file))) == school_before


def test_a_stopped_archive_resumes_with_the_students_left(
    client, cast, year_of_records, after_the_year, django_capture_on_commit_callbacks
):
    done = archive(client, cast, django_capture_on_commit_callbacks)
    kept = done.files.get(student=cast.student)
    done.files.exclude(student=cast.student).delete()
    YearArchive.objects.filter(pk=done.pk).update(status=YearArchive.Status.FAILED)

    resumed = archive(client, cast, django_capture_on_commit_callbacks)

    assert resumed.status == YearArchive.Status.DONE and resumed.files.count() == 5
    assert resumed.files.get(student=cast.student).sha256 == kept.sha256
    assert resumed.school_sha256 == done.school_sha256  # the same data gives the same bytes


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the forked processes read the test database over their own connections; the SQLite"
    " test database is in memory, out of their reach. Runs in the PostgreSQL pass of `make test`.",
)
def test_processes_draw_the_same_archive_as_the_worker_alone(
    cast, year_of_records, after_the_year, settings
):
    settings.TANDEM_ARCHIVE_PROCESSES = 3
    services.archive_start(by=cast.coordinator, year=cast.year)  # built at commit (immediate)
    drawn = YearArchive.objects.get(year=cast.year)
    assert (drawn.status, drawn.students_done, drawn.files.count()) == ("done", 5, 5)
    by_processes = ({f.student_id: f.sha256 for f in drawn.files.all()}, drawn.school_sha256)
    assert all(sha(read(f.name)) == f.sha256 for f in drawn.files.all())

    ArchiveFile.objects.all().delete()
    YearArchive.objects.all().delete()
    settings.TANDEM_ARCHIVE_PROCESSES = 1
    services.archive_start(by=cast.coordinator, year=cast.year)
    alone = YearArchive.objects.get(year=cast.year)
    assert ({f.student_id: f.sha256 for f in alone.files.all()}, alone.school_sha256) == (
        by_processes
    )


def test_a_year_that_has_not_ended_is_not_archived(client, cast):
    client_as(client, cast.coordinator)
    page = client.get(reverse("archive:year", args=[cast.year.pk]))
    assert "it can be archived once it has ended" in page.content.decode()
    response = client.post(reverse("archive:start", args=[cast.year.pk]), follow=True)
    assert "it can be archived once it has ended" in response.content.decode()
    assert not YearArchive.objects.exists()


def test_the_page_polls_while_the_worker_builds(client, cast, after_the_year):
    YearArchive.objects.create(
        school=cast.school,
        year=cast.year,
        requested_by=cast.coordinator,
        language="en",
        status=YearArchive.Status.BUILDING,
        students_total=5,
        students_done=2,
    )
    client_as(client, cast.coordinator)
    html = client.get(reverse("archive:year", args=[cast.year.pk])).content.decode()
    assert "2 of 5 students archived" in html
    assert 'hx-trigger="every 2s"' in html
    assert "<script" not in html.split("</head>", 1)[1].replace(
        '<script src="/static/', ""
    )  # no inline script
    YearArchive.objects.update(status=YearArchive.Status.DONE, students_done=5)
    partial = client.get(
        reverse("archive:progress", args=[cast.year.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" not in partial and "Archived: 5 students" in partial


def test_only_the_schools_oversight_downloads_and_each_download_is_logged(
    client, cast, year_of_records, after_the_year, django_capture_on_commit_callbacks
):
    archive(client, cast, django_capture_on_commit_callbacks)
    other, _year = make_school("Bayside High")
    stranger = make_staff(other, "cole@bayside.test", "Cole Other", Role.COORDINATOR)
    urls = [
        reverse("archive:download", args=[cast.year.pk]),
        reverse("archive:student_download", args=[cast.year.pk, cast.student.pk]),
        reverse("archive:year", args=[cast.year.pk]),
    ]
    logged = AccessLog.objects.filter(purpose="year archive download")
    for user in [
        cast.advisor,
        cast.case_manager,
        cast.caregiver.user,
        cast.student_user,
        stranger,
    ]:
        client_as(client, user)
        assert [client.get(url).status_code for url in urls] == [404] * 3, user
    assert not logged.exists()
    for user in [cast.coordinator, cast.school_admin]:
        client_as(client, user)
        assert [client.get(url).status_code for url in urls] == [200] * 3, user
        rows = list(logged.filter(user=user).order_by("pk"))
        assert [(r.student, r.record_type, r.school) for r in rows] == [
            (None, "archive.yeararchive", cast.school),
            (cast.student, "archive.archivefile", cast.school),
        ]


def test_the_year_page_reads_a_fixed_number_of_queries(client, cast, after_the_year):
    """The students' zips are a page of 50 with their students in one query, whatever the
    school's size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    archive_row = YearArchive.objects.create(
        school=cast.school,
        year=cast.year,
        requested_by=cast.coordinator,
        language="en",
        status=YearArchive.Status.DONE,
        school_file="archives/x/school.zip",
    )
    client_as(client, cast.coordinator)
    url = reverse("archive:year", args=[cast.year.pk])

    def queries_with(students: int) -> int:
        for number in range(ArchiveFile.objects.count(), students):
            kid = make_student(cast.school, f"Kid{number}", "Counted", local_id=f"Q-{number}")
            ArchiveFile.objects.create(
                archive=archive_row, student=kid, name=f"q{number}.zip", size=1, sha256="0" * 64
            )
        YearArchive.objects.update(students_total=students, students_done=students)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_with(3) == queries_with(60)
