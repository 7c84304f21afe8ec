"""The advisor hears what a family did — a comment, a request for changes, an approval, a
conference booked, moved or cancelled — at once or in the morning digest, as they chose on their
account page (tandem.family.news). Each through the family's own pages, as a family acts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.conferences.models import Conference
from tandem.family.models import FamilyEvent
from tandem.outreach.digest import send_digests
from tandem.schools.models import StaffRole

pytestmark = pytest.mark.django_db


def comment(client, cast, plan, window):
    client.post(
        reverse("plans:family_input", args=[plan.pk]), {"version": 1, "q-0": "More reading."}
    )
    return "Carla Rivera commented on Sam Rivera's plan (Fall)."


def ask_for_changes(client, cast, plan, window):
    client.post(
        reverse("plans:family_input", args=[plan.pk]),
        {"version": 1, "c-hopes_goals": "Add the science fair.", "changes": "1"},
    )
    return "Carla Rivera asked for changes to Sam Rivera's plan (Fall)."


def approve(client, cast, plan, window):
    client.post(
        reverse("plans:approve", args=[plan.pk]),
        {"version": 1, "typed_name": "Carla Rivera", "confirm": "on"},
    )
    return "Carla Rivera approved Sam Rivera's plan (Fall)."


def book(client, cast, plan, window):
    client.post(
        reverse("conferences:book", args=[window.pk]), {"starts_at": "2027-01-14T09:00:00-05:00"}
    )
    return "Carla Rivera booked Sam Rivera's conference for Thursday, January 14, 2027, 9:00 a.m."


def booked(cast, window):
    """Sam's conference, booked beforehand (as the school would: no news of its own)."""
    from tandem.conferences import selectors, services
    from tests.conferences.conftest import local

    requests = selectors.family_requests(cast.caregiver, window)
    (conference,) = services.conferences_book(
        by=cast.advisor,
        window=window,
        requests=requests,
        starts_at=local(window, "2027-01-14 09:00"),
        by_family=False,
        notify=False,
    )
    return conference


def move(client, cast, plan, window):
    conference = booked(cast, window)
    client.post(
        reverse("conferences:change", args=[conference.pk]),
        {"starts_at": "2027-01-15T10:00:00-05:00"},
    )
    return (
        "Carla Rivera moved Sam Rivera's conference from Thursday, January 14, 2027, 9:00 a.m. "
        "to Friday, January 15, 2027, 10:00 a.m."
    )


def cancel(client, cast, plan, window):
    conference = booked(cast, window)
    client.post(reverse("conferences:cancel", args=[conference.pk]))
    return "Carla Rivera cancelled Sam Rivera's conference of Thursday, January 14, 2027, 9:00 a.m."


EVENTS = [comment, ask_for_changes, approve, book, move, cancel]


def act(client, cast, plan, window, event, capture):
    client.force_login(cast.caregiver.user)
    with capture(execute=True):
        said = event(client, cast, plan, window)
    return said


def to_alice(mailoutbox):
    return [m for m in mailoutbox if m.to == ["alice@harbor.test"]]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.__name__)
def test_an_advisor_who_chose_at_once_gets_one_email_each(
    client, cast, plan, window, event, mailoutbox, django_capture_on_commit_callbacks
):
    cast.advisor.family_news = "now"
    cast.advisor.save()
    said = act(client, cast, plan, window, event, django_capture_on_commit_callbacks)
    (mail,) = to_alice(mailoutbox)
    assert said in mail.body
    assert "Sam Rivera" in mail.subject
    (told,) = FamilyEvent.objects.all()
    assert told.advisor == cast.advisor and told.told_at is not None
    # The digest does not repeat it.
    with django_capture_on_commit_callbacks(execute=True):
        send_digests(now=timezone.now())
    assert all(said not in m.body for m in to_alice(mailoutbox)[1:])


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.__name__)
def test_an_advisor_who_chose_the_digest_reads_it_the_next_morning(
    client, cast, plan, window, event, mailoutbox, django_capture_on_commit_callbacks
):
    assert cast.advisor.family_news == "digest"  # the default
    said = act(client, cast, plan, window, event, django_capture_on_commit_callbacks)
    assert to_alice(mailoutbox) == []
    (waiting,) = FamilyEvent.objects.all()
    assert waiting.told_at is None
    tomorrow = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        send_digests(now=tomorrow)
    (digest,) = to_alice(mailoutbox)
    assert "What families did since your last digest (1):" in digest.body
    assert said in digest.body
    waiting.refresh_from_db()
    assert waiting.told_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        send_digests(now=tomorrow + timedelta(days=1))
    assert all(said not in m.body for m in to_alice(mailoutbox)[1:])


def test_the_words_of_a_comment_reach_the_advisor(
    client, cast, plan, window, mailoutbox, django_capture_on_commit_callbacks
):
    cast.advisor.family_news = "now"
    cast.advisor.save()
    act(client, cast, plan, window, ask_for_changes, django_capture_on_commit_callbacks)
    (mail,) = to_alice(mailoutbox)
    assert "Add the science fair." in mail.body
    assert f"/plans/{plan.pk}/" in mail.body


def test_asking_for_changes_needs_words(client, cast, plan, django_capture_on_commit_callbacks):
    client.force_login(cast.caregiver.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("plans:family_input", args=[plan.pk]),
            {"version": 1, "changes": "1"},
            follow=True,
        )
    assert "Write what should change first." in response.content.decode()
    assert not FamilyEvent.objects.exists()


def test_what_staff_do_is_not_news(
    client, cast, plan, window, mailoutbox, django_capture_on_commit_callbacks
):
    """Alice records an approval and books for the family: she knows; nobody is told."""
    cast.advisor.family_news = "now"
    cast.advisor.save()
    client.force_login(cast.advisor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("conferences:staff_book", args=[window.pk, cast.student.pk]),
            {"starts_at": "2027-01-14T09:00:00-05:00", "mode": "school"},
        )
    assert Conference.objects.filter(student=cast.student).exists()
    assert not FamilyEvent.objects.exists()
    assert to_alice(mailoutbox) == []


def test_an_advisor_who_left_the_school_is_told_nothing(
    client, cast, plan, window, mailoutbox, django_capture_on_commit_callbacks
):
    cast.advisor.family_news = "now"
    cast.advisor.save()
    StaffRole.objects.filter(user=cast.advisor).delete()
    act(client, cast, plan, window, comment, django_capture_on_commit_callbacks)
    assert not FamilyEvent.objects.exists()
    assert to_alice(mailoutbox) == []


def test_the_advisor_chooses_on_the_account_page(client, cast):
    client.force_login(cast.advisor)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "When a family comments, approves, asks for changes, books, moves or cancels" in page
    client.post(reverse("accounts:account"), {"family_news": "now"})
    cast.advisor.refresh_from_db()
    assert cast.advisor.family_news == "now"
    assert client.post(reverse("accounts:account"), {"family_news": "never"}).status_code == 400
    # A family member has no such choice.
    client.force_login(cast.caregiver.user)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "When a family comments" not in page


def test_a_task_run_again_tells_once(cast, plan, mailoutbox, django_capture_on_commit_callbacks):
    from tandem.family.tasks import tell_advisor

    cast.advisor.family_news = "now"
    cast.advisor.save()
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tell_advisor.call(
                key="k1", kind="approved", caregiver_id=cast.caregiver.pk, plan_id=plan.pk
            )
    assert FamilyEvent.objects.count() == 1
    assert len(to_alice(mailoutbox)) == 1
