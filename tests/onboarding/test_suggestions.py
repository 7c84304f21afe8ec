"""An advisor's suggestion or concern, the coordinator's inbox, the reply (on the advisor's page
and by e-mail through a real SMTP server) and closing it."""

import pytest

from tandem.onboarding.models import Suggestion, SuggestionStatus
from tests.personas import make_school, make_staff
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db

INBOX = "/coordinator/suggestions/"


def send(client, advisor, **changes):
    client.force_login(advisor)
    form = {
        "kind": "concern",
        "subject": "Conference window too short",
        "text": "Two weeks is not enough for families who work shifts.",
    } | changes
    return client.post("/advisor/suggestions/", form)


def test_the_round_trip_from_the_advisor_to_the_coordinator_and_back(
    client, cast, smtp, django_capture_on_commit_callbacks
):
    response = send(client, cast.advisor)
    suggestion = Suggestion.objects.get()
    assert response["Location"] == f"/advisor/suggestions/{suggestion.pk}/"
    mine = client.get(response["Location"]).content.decode()
    assert "Two weeks is not enough" in mine and "has not replied yet" in mine

    client.force_login(cast.coordinator)
    page = client.get(INBOX)
    assert [s.pk for s in page.context["suggestions"]] == [suggestion.pk]
    assert page.context["counts"] == {"open": 1, "answered": 0, "closed": 0}
    assert "Conference window too short" in page.content.decode()
    item = f"{INBOX}{suggestion.pk}/"
    assert "Alice Advisor" in client.get(item).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(item, {"text": "We will try three weeks this spring."})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ANSWERED

    smtp.wait_for(1)
    (mail,) = smtp.messages
    assert mail["To"] == "alice@harbor.test"
    assert "Conference window too short" in mail["Subject"]
    text = Inbox.text_of(mail)
    assert "We will try three weeks this spring." in text
    assert f"/advisor/suggestions/{suggestion.pk}/" in text

    answered = client.get(INBOX, {"show": "answered"})
    assert answered.context["counts"] == {"open": 0, "answered": 1, "closed": 0}
    assert len(answered.context["suggestions"]) == 1

    client.force_login(cast.advisor)
    mine = client.get(f"/advisor/suggestions/{suggestion.pk}/").content.decode()
    assert "We will try three weeks this spring." in mine and "Cora Coordinator" in mine

    client.force_login(cast.school_admin)  # the admin oversees the inbox too
    client.post(f"{INBOX}{suggestion.pk}/close/")
    suggestion.refresh_from_db()
    assert (
        suggestion.status == SuggestionStatus.CLOSED and suggestion.closed_by == cast.school_admin
    )
    closed = client.get(INBOX, {"show": "closed"})
    assert closed.context["counts"] == {"open": 0, "answered": 0, "closed": 1}
    # A closed one takes no more replies.
    response = client.post(f"{INBOX}{suggestion.pk}/", {"text": "One more thing."})
    assert response.status_code == 400
    assert suggestion.replies.count() == 1


def test_the_inbox_filters_by_kind_and_counts_its_lists(client, cast):
    send(client, cast.advisor)
    send(client, cast.other_advisor, kind="suggestion", subject="Shorter template")
    client.force_login(cast.coordinator)
    everything = client.get(INBOX)
    assert everything.context["counts"]["open"] == len(everything.context["suggestions"]) == 2
    ideas = client.get(INBOX, {"kind": "suggestion"})
    assert [s.subject for s in ideas.context["suggestions"]] == ["Shorter template"]
    assert ideas.context["counts"]["open"] == 1


def test_an_advisor_sees_only_their_own(client, cast):
    send(client, cast.advisor)
    suggestion = Suggestion.objects.get()
    client.force_login(cast.other_advisor)
    assert client.get(f"/advisor/suggestions/{suggestion.pk}/").status_code == 404
    assert "Conference window too short" not in client.get("/advisor/suggestions/").content.decode()
    client.force_login(cast.advisor)
    assert "Conference window too short" in client.get("/advisor/suggestions/").content.decode()


def test_a_coordinator_of_another_school_sees_none_of_harbors(client, cast):
    send(client, cast.advisor)
    suggestion = Suggestion.objects.get()
    bay, _ = make_school("Bay Middle")
    bea = make_staff(bay, "bea@bay.test", "Bea Coordinator", "coordinator")
    client.force_login(bea)
    assert client.get(f"{INBOX}{suggestion.pk}/").status_code == 404
    assert client.post(f"{INBOX}{suggestion.pk}/close/").status_code == 404
    assert client.get(INBOX, {"school": cast.school.pk}).status_code == 404
    assert client.get(INBOX).context["counts"] == {"open": 0, "answered": 0, "closed": 0}
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN


def test_a_suggestion_needs_a_subject_and_text(client, cast):
    response = send(client, cast.advisor, subject="  ", text="")
    assert response.status_code == 400
    assert not Suggestion.objects.exists()
