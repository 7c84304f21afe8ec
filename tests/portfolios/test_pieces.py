"""The student's portfolio: adding pieces within the upload rules, the reflection and the
competencies, staff comments the student and the family read, and who sees what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.portfolios import services
from tandem.portfolios.models import Piece, PieceComment, PieceKind
from tests.portfolios.conftest import add_piece, client_as, pdf

pytestmark = pytest.mark.django_db

READERS = ["student", "advisor", "case_manager", "coordinator", "caregiver"]
OUTSIDERS = ["other_student", "other_advisor", "other_caregiver", "caregiver_no_rights"]


def persona(cast, name):
    if name in ("student", "other_student"):
        return getattr(cast, name).user
    if name in ("caregiver", "other_caregiver", "caregiver_no_rights"):
        return getattr(cast, name).user
    return getattr(cast, name)


def test_the_student_adds_a_file_with_a_reflection_and_competencies(client, cast, competencies):
    client_as(client, cast.student.user)
    url = reverse("portfolios:piece_new", args=[cast.student.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Titration lab",
            "why": "It shows I can design an investigation.",
            "file": pdf("My lab.pdf"),
            "competencies": [competencies[0].pk, competencies[3].pk],
        },
    )
    piece = Piece.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "portfolios:piece", args=[piece.pk]
    )
    assert piece.kind == PieceKind.FILE and piece.file_name == "My lab.pdf"
    assert "My lab" not in piece.file.name  # never the uploaded name on disk
    assert piece.reflection == "It shows I can design an investigation."
    assert {c.code for c in piece.competencies.all()} == {"ELA-1", "SCI-1"}
    assert piece.portfolio.student == cast.student and piece.created_by == cast.student.user


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"upload": "photo.jpg"}, PieceKind.IMAGE),
        ({"url": "https://www.youtube.com/watch?v=x"}, PieceKind.VIDEO),
        ({"url": "https://docs.example/essay"}, PieceKind.LINK),
    ],
)
def test_the_kind_follows_what_was_added(cast, fields, kind):
    if "upload" in fields:
        fields = {"upload": SimpleUploadedFile(fields["upload"], b"\xff\xd8", "image/jpeg")}
    assert add_piece(cast, **fields).kind == kind


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"link": "https://x.example", "file": "pdf"}, "not both and not neither"),
        ({}, "not both and not neither"),
        ({"file": "exe"}, "This kind of file cannot be added"),
    ],
)
def test_the_upload_rules_of_conference_preparation_apply(client, cast, fields, message):
    client_as(client, cast.student.user)
    if fields.get("file") == "pdf":
        fields["file"] = pdf()
    elif fields.get("file") == "exe":
        fields["file"] = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    url = reverse("portfolios:piece_new", args=[cast.student.pk])
    response = client.post(url, {"title": "Lab", **fields})
    assert message in response.content.decode()
    assert not Piece.objects.exists()


def test_a_file_too_large_is_refused_by_the_service_too(cast, monkeypatch):
    import tandem.records.models

    monkeypatch.setattr(tandem.records.models, "WORK_MAX_BYTES", 10)
    with pytest.raises(services.ValidationError, match="larger than"):
        add_piece(cast, upload=pdf(body=b"%PDF" + b"x" * 20))
    assert not Piece.objects.exists()


def test_another_schools_competency_is_refused(cast, competencies):
    from tandem.plans.models import Competency
    from tests.personas import make_school

    elsewhere, _year = make_school("Elsewhere High")
    foreign = Competency.objects.create(school=elsewhere, code="X-1", statement="Elsewhere")
    with pytest.raises(services.ValidationError):
        add_piece(cast, competencies=[foreign])


def test_the_student_edits_the_reflection_and_ties_competencies(client, cast, essay, competencies):
    client_as(client, cast.student.user)
    url = reverse("portfolios:piece", args=[essay.pk])
    response = client.post(
        url,
        {
            "action": "edit",
            "title": "Argument essay (final)",
            "reflection": "What this shows: I revise.",
            "date": essay.date.isoformat(),
            "competencies": [competencies[0].pk, competencies[1].pk],
        },
    )
    assert response.status_code == 302
    essay.refresh_from_db()
    assert essay.title == "Argument essay (final)" and essay.reflection.startswith("What this")
    assert {c.code for c in essay.competencies.all()} == {"ELA-1", "ELA-2"}


def test_staff_comment_and_the_student_and_family_read_it(client, cast, essay):
    client_as(client, cast.advisor)
    url = reverse("portfolios:piece", args=[essay.pk])
    response = client.post(url, {"action": "comment", "body": "Lead with this one."})
    assert response.status_code == 302
    assert PieceComment.objects.get().author == cast.advisor
    for user in (cast.student.user, cast.caregiver.user, cast.coordinator):
        client_as(client, user)
        assert "Lead with this one." in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["student", "caregiver"])
def test_the_student_and_the_family_cannot_comment(client, cast, essay, who):
    client_as(client, persona(cast, who))
    url = reverse("portfolios:piece", args=[essay.pk])
    assert client.post(url, {"action": "comment", "body": "Mine"}).status_code == 400
    assert not PieceComment.objects.exists()


@pytest.mark.parametrize("who", ["advisor", "caregiver", "coordinator"])
def test_only_the_student_edits_or_deletes(client, cast, essay, who):
    client_as(client, persona(cast, who))
    url = reverse("portfolios:piece", args=[essay.pk])
    assert client.post(url, {"action": "delete"}).status_code == 400
    assert client.post(url, {"action": "include"}).status_code == 400
    assert Piece.objects.filter(pk=essay.pk, in_graduation_portfolio=False).exists()
    assert client.get(reverse("portfolios:piece_new", args=[cast.student.pk])).status_code == 404


@pytest.mark.parametrize("who", READERS)
def test_readers_see_the_portfolio_and_the_file(client, cast, lab, who):
    client_as(client, persona(cast, who))
    page = client.get(reverse("portfolios:portfolio", args=[cast.student.pk]))
    assert page.status_code == 200 and "Titration lab" in page.content.decode()
    response = client.get(reverse("portfolios:piece_file", args=[lab.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 titration"
    assert response["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(client, cast, lab, who):
    client_as(client, persona(cast, who))
    for url in (
        reverse("portfolios:portfolio", args=[cast.student.pk]),
        reverse("portfolios:piece", args=[lab.pk]),
        reverse("portfolios:piece_file", args=[lab.pk]),
        reverse("portfolios:graduation", args=[cast.student.pk]),
        reverse("portfolios:pdf", args=[cast.student.pk]),
        reverse("portfolios:zip", args=[cast.student.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_deleting_a_piece_deletes_its_file_after_commit(
    client, cast, lab, django_capture_on_commit_callbacks
):
    storage, name = lab.file.storage, lab.file.name
    client_as(client, cast.student.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portfolios:piece", args=[lab.pk]), {"action": "delete"})
    assert response.status_code == 302
    assert not Piece.objects.exists() and not storage.exists(name)


def test_the_portfolio_page_reads_a_fixed_number_of_queries(client, cast, competencies):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client_as(client, cast.advisor)
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("portfolios:portfolio", args=[cast.student.pk])).status_code
                == 200
            )
        return len(queries)

    def add(n):
        for i in range(n):
            piece = add_piece(cast, f"Work {i}", competencies=competencies[:2])
            services.comment_add(piece=piece, body="Good", by=cast.advisor)

    add(1)
    few = count()
    add(9)
    assert count() == few
