"""The student's preparation: the student writes it, the school reads and comments, the family
with rights reads it, everyone else gets a 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.records import services
from tandem.records.models import Preparation, WorkPiece

from .conftest import client_as, conference_for

pytestmark = pytest.mark.django_db

SAVE = {
    "action": "save",
    "learned": "I can balance chemical equations.",
    "need_to_learn": "Writing a lab conclusion.",
    "how_to_learn": "Office hours on Tuesdays.",
}


def prep_url(conference):
    return reverse("records:preparation", args=[conference.pk])


def save(client, conference, revision=0, **changes):
    return client.post(prep_url(conference), {**SAVE, "revision": revision, **changes})


def test_the_student_writes_and_saves(client, cast, conference, fall):
    client_as(client, cast.student.user)
    page = client.get(prep_url(conference)).content.decode()
    assert "My conference preparation" in page and 'name="learned"' in page
    response = save(client, conference)
    assert response.status_code == 302
    prep = Preparation.objects.get(student=cast.student, term=fall)
    assert prep.learned == SAVE["learned"] and prep.revision == 1
    assert prep.updated_by == cast.student.user
    page = client.get(response["Location"]).content.decode()
    assert "Your preparation is saved." in page and "I can balance chemical equations." in page


def test_a_stale_save_keeps_both_texts(client, cast, conference, fall):
    client_as(client, cast.student.user)
    save(client, conference)  # revision 0 → 1 (say, from the phone)
    response = save(client, conference, revision=0, learned="From the laptop: titration.")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nothing was lost" in page
    assert "From the laptop: titration." in page  # mine, in the box
    assert "I can balance chemical equations." in page  # theirs, shown beside it
    assert Preparation.objects.get(student=cast.student).learned == SAVE["learned"]
    # Saving the merged text again goes through: the form now carries the new revision.
    assert 'name="revision" value="1"' in page
    assert save(client, conference, revision=1, learned="Both.").status_code == 302
    assert Preparation.objects.get(student=cast.student).learned == "Both."


def test_the_advisor_reads_and_comments_and_the_student_sees_it(client, cast, conference):
    client_as(client, cast.student.user)
    save(client, conference)
    client_as(client, cast.advisor)
    page = client.get(prep_url(conference)).content.decode()
    assert "I can balance chemical equations." in page
    assert 'name="learned"' not in page  # the advisor does not write the student's words
    response = client.post(
        prep_url(conference), {"action": "comment", "body": "Bring your titration lab!"}
    )
    assert response.status_code == 302
    # The advisor cannot save the student's text, even by posting it.
    assert save(client, conference, revision=1).status_code == 400
    client_as(client, cast.student.user)
    page = client.get(prep_url(conference)).content.decode()
    assert "Bring your titration lab!" in page and "Alice Advisor" in page


def test_a_comment_before_the_student_started_is_kept(client, cast, conference):
    client_as(client, cast.coordinator)
    client.post(prep_url(conference), {"action": "comment", "body": "Start with your essay."})
    client_as(client, cast.student.user)
    assert "Start with your essay." in client.get(prep_url(conference)).content.decode()


def test_the_family_reads_it_without_controls(client, cast, conference):
    client_as(client, cast.student.user)
    save(client, conference)
    client_as(client, cast.caregiver.user)
    response = client.get(prep_url(conference))
    page = response.content.decode()
    assert response.status_code == 200
    assert "I can balance chemical equations." in page
    assert 'name="action"' not in page and "<textarea" not in page
    assert save(client, conference, revision=1).status_code == 400
    assert client.post(prep_url(conference), {"action": "comment", "body": "x"}).status_code == 400


@pytest.mark.parametrize(
    "persona", ["other_advisor", "caregiver_no_rights", "other_caregiver", "other_student"]
)
def test_outsiders_get_404(client, cast, conference, fall, persona):
    user = getattr(cast, persona)
    user = getattr(user, "user", user)
    client_as(client, user)
    assert client.get(prep_url(conference)).status_code == 404
    url = reverse("records:term_preparation", args=[cast.student.pk, fall.pk])
    assert client.get(url).status_code == 404
    assert save(client, conference).status_code == 404


def test_an_advisor_who_no_longer_has_the_student_is_an_outsider(client, cast, conference):
    """The conference was booked with Alice, then Sam moved to Bob's advisory: Alice keeps the
    conference on her calendar but loses his preparation and record, as on the meeting page."""
    from tandem.advisories.models import Advisory

    Advisory.objects.filter(student=cast.student).delete()
    Advisory.objects.create(student=cast.student, advisor=cast.other_advisor, year=cast.year)
    client_as(client, cast.advisor)
    assert client.get(prep_url(conference)).status_code == 404
    assert client.get(reverse("records:record", args=[conference.pk])).status_code == 404
    client_as(client, cast.other_advisor)
    assert client.get(prep_url(conference)).status_code == 200
    assert client.get(reverse("records:record", args=[conference.pk])).status_code == 200


def test_both_household_meetings_share_one_preparation(client, cast, fall):
    homes = {g.caregiver_id: g.household for g in cast.student.guardianships.all()}
    mine = conference_for(cast, fall, household=homes[cast.caregiver.pk])
    theirs = conference_for(cast, fall, household=homes[cast.caregiver_no_rights.pk])
    client_as(client, cast.student.user)
    save(client, mine)
    assert "I can balance chemical equations." in client.get(prep_url(theirs)).content.decode()
    assert Preparation.objects.filter(student=cast.student).count() == 1
    # Carla opens her household's meeting, not the other one.
    client_as(client, cast.caregiver.user)
    assert client.get(prep_url(mine)).status_code == 200
    assert client.get(prep_url(theirs)).status_code == 404


def test_the_student_reaches_it_from_home(client, cast, conference, fall):
    client_as(client, cast.student.user)
    home = client.get(reverse("people:student_home")).content.decode()
    assert reverse("records:mine") in home
    page = client.get(reverse("records:mine")).content.decode()
    assert reverse("records:term_preparation", args=[cast.student.pk, fall.pk]) in page
    assert reverse("records:present", args=[conference.pk]) in page
    url = reverse("records:term_preparation", args=[cast.student.pk, fall.pk])
    assert client.post(url, {**SAVE, "revision": 0}).status_code == 302
    assert Preparation.objects.get(student=cast.student, term=fall).how_to_learn


def test_the_staff_page_links_the_meeting(client, cast, conference):
    client_as(client, cast.advisor)
    page = client.get(prep_url(conference)).content.decode()
    assert reverse("records:record", args=[conference.pk]) in page
    assert reverse("records:present", args=[conference.pk]) in page


# -- pieces of work ---------------------------------------------------------------------------


def add_work(client, conference, **fields):
    return client.post(prep_url(conference), {"action": "add_work", "title": "Lab", **fields})


def test_a_file_is_added_and_served_only_to_people_with_access(client, cast, conference):
    client_as(client, cast.student.user)
    upload = SimpleUploadedFile("My lab.pdf", b"%PDF-1.4 titration", "application/pdf")
    assert add_work(client, conference, file=upload, why="My best lab").status_code == 302
    piece = WorkPiece.objects.get()
    assert piece.file_name == "My lab.pdf" and "My lab" not in piece.file.name
    url = reverse("records:work_file", args=[piece.pk])
    assert url in client.get(prep_url(conference)).content.decode()
    for user in (cast.student.user, cast.advisor, cast.caregiver.user):
        client_as(client, user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 titration"
        assert response["Content-Security-Policy"] == "sandbox"
    for user in (cast.other_caregiver.user, cast.caregiver_no_rights.user, cast.other_advisor):
        client_as(client, user)
        assert client.get(url).status_code == 404


def test_a_link_is_added_and_removed(client, cast, conference):
    client_as(client, cast.student.user)
    assert add_work(client, conference, link="https://docs.example/essay").status_code == 302
    piece = WorkPiece.objects.get()
    assert piece.link == "https://docs.example/essay"
    response = client.post(prep_url(conference), {"action": "remove_work", "piece": piece.pk})
    assert response.status_code == 302
    assert not WorkPiece.objects.exists()


def test_a_document_is_downloaded_not_shown(client, cast, conference):
    client_as(client, cast.student.user)
    upload = SimpleUploadedFile("essay.docx", b"PK\x03\x04 essay", "application/octet-stream")
    add_work(client, conference, file=upload)
    response = client.get(reverse("records:work_file", args=[WorkPiece.objects.get().pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="essay.docx"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"link": "https://x.example", "file": "pdf"}, "not both and not neither"),
        ({}, "not both and not neither"),
        ({"file": "exe"}, "This kind of file cannot be added"),
    ],
)
def test_bad_work_is_refused_with_a_message(client, cast, conference, fields, message):
    client_as(client, cast.student.user)
    if fields.get("file") == "pdf":
        fields["file"] = SimpleUploadedFile("a.pdf", b"%PDF", "application/pdf")
    elif fields.get("file") == "exe":
        fields["file"] = SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream")
    response = add_work(client, conference, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WorkPiece.objects.exists()


def test_a_file_too_large_is_refused(client, cast, conference, monkeypatch):
    import tandem.records.models  # the upload rule's one home (validate_work_upload)

    monkeypatch.setattr(tandem.records.models, "WORK_MAX_BYTES", 10)
    client_as(client, cast.student.user)
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"x" * 20, "application/pdf")
    response = add_work(client, conference, file=upload)
    assert "larger than" in response.content.decode()
    assert not WorkPiece.objects.exists()


def test_the_service_refuses_another_schools_term(cast, conference):
    from tests.personas import make_school

    _school, other_year = make_school("Elsewhere High")
    with pytest.raises(services.ValidationError):
        services.preparation_save(
            student=cast.student,
            term=other_year.terms.first(),
            learned="x",
            need_to_learn="",
            how_to_learn="",
            expected_revision=0,
            by=cast.student.user,
        )


def test_the_family_reaches_it_from_their_conferences(client, cast, conference):
    client_as(client, cast.caregiver.user)
    page = client.get(reverse("conferences:family")).content.decode()
    assert prep_url(conference) in page


def test_the_student_finds_the_final_record_on_their_list(client, cast, conference):
    services.record_save(
        conference=conference,
        fields={"reflection": "Proud."},
        interventions=[],
        steps=[],
        expected_revision=0,
        by=cast.advisor,
    )
    client_as(client, cast.student.user)
    record = reverse("records:record", args=[conference.pk])
    assert record not in client.get(reverse("records:mine")).content.decode()
    services.record_finalize(conference=conference, by=cast.advisor)
    assert record in client.get(reverse("records:mine")).content.decode()


def test_the_page_reads_a_fixed_number_of_queries(client, cast, conference, fall):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client_as(client, cast.advisor)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(prep_url(conference)).status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            services.work_add(
                student=cast.student,
                term=fall,
                title=f"Work {i}",
                link=f"https://docs.example/{i}",
                by=cast.student.user,
            )
            services.comment_add(
                student=cast.student, term=fall, body=f"Comment {i}", by=cast.advisor
            )

    add(1)
    few = count()
    add(9)
    assert count() == few


def test_at_most_twelve_pieces(cast, fall):
    for i in range(services.MAX_PIECES):
        services.work_add(
            student=cast.student, term=fall, title=f"W{i}", link="https://x.example", by=None
        )
    with pytest.raises(services.ValidationError, match="at most 12"):
        services.work_add(
            student=cast.student, term=fall, title="One more", link="https://x.example", by=None
        )
