"""The pages: a caregiver books on the phone page, is told plainly when someone was faster;
the coordinator runs the scheduler, publishes and nudges; the plan share page warns when the
conference is too soon for the draft."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tandem.conferences import selectors, services
from tandem.conferences.models import Conference, FamilyAvailability, ScheduleRun, Status

from .conftest import local


def test_family_books_both_children_from_the_page(client, cast, window, mia):
    client.force_login(cast.caregiver.user)
    home = client.get(reverse("conferences:family"))
    assert "Book all conferences together" in home.content.decode()
    page = client.get(reverse("conferences:book", args=[window.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'name="starts_at"' in html
    assert "Mia Rivera: 8:00 a.m.–8:30 a.m." in html and "Sam Rivera: 8:30 a.m.–9:00 a.m." in html
    at = local(window, "2027-01-14 16:00").isoformat()
    response = client.post(
        reverse("conferences:book", args=[window.pk]), {"starts_at": at, "mode": "video"}
    )
    assert response.status_code == 302
    booked = Conference.objects.filter(status=Status.BOOKED).order_by("starts_at")
    assert [c.student for c in booked] == [mia, cast.student]
    assert {c.mode for c in booked} == {"video"}
    home = client.get(reverse("conferences:family")).content.decode()
    assert "Change Sam Rivera" in home and "4:30 p.m." in home


def test_taken_time_gives_409_with_fresh_options(client, cast, window, mia):
    carla = [r for r in selectors.family_requests(cast.caregiver, window) if r.student == mia]
    at = local(window, "2027-01-15 09:00")
    services.conferences_book(by=None, window=window, requests=carla, starts_at=at, notify=False)
    client.force_login(cast.other_caregiver.user)
    response = client.post(
        reverse("conferences:book", args=[window.pk]), {"starts_at": at.isoformat()}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone booked that time a moment ago" in html
    assert at.isoformat() not in html and 'name="starts_at"' in html


def test_change_and_cancel_pages(client, cast, window):
    requests = selectors.family_requests(cast.caregiver, window)
    (conference,) = services.conferences_book(
        by=None,
        window=window,
        requests=requests,
        starts_at=local(window, "2027-01-15 09:00"),
        notify=False,
    )
    client.force_login(cast.caregiver.user)
    new = local(window, "2027-01-20 10:00").isoformat()
    assert (
        client.post(
            reverse("conferences:change", args=[conference.pk]), {"starts_at": new}
        ).status_code
        == 302
    )
    conference.refresh_from_db()
    assert conference.starts_at == local(window, "2027-01-20 10:00") and conference.sequence == 1
    ics = client.get(reverse("conferences:ics", args=[conference.pk]))
    assert b"SEQUENCE:1" in ics.content
    client.post(reverse("conferences:cancel", args=[conference.pk]))
    conference.refresh_from_db()
    assert conference.status == Status.CANCELLED


def test_family_availability_form(client, cast, window):
    client.force_login(cast.caregiver.user)
    page = client.get(reverse("conferences:availability", args=[window.pk]))
    assert page.status_code == 200
    client.post(
        reverse("conferences:availability", args=[window.pk]),
        {"2027-01-14_1600": "3", "2027-01-15_0800": "1"},
    )
    rows = list(FamilyAvailability.objects.filter(caregiver=cast.caregiver))
    assert [(r.starts_at, r.preference) for r in rows] == [
        (local(window, "2027-01-14 16:00"), 3),
        (local(window, "2027-01-15 08:00"), 1),
    ]


def test_coordinator_runs_the_scheduler_and_publishes(
    client, cast, window, mia, django_capture_on_commit_callbacks
):
    FamilyAvailability.objects.create(
        window=window,
        caregiver=cast.caregiver,
        preference=3,
        starts_at=local(window, "2027-01-14 16:00"),
        ends_at=local(window, "2027-01-14 19:00"),
    )
    client.force_login(cast.coordinator)
    term = window.term
    assert client.get(reverse("conferences:window", args=[term.pk])).status_code == 200
    client.post(reverse("conferences:schedule", args=[window.pk]))
    run = ScheduleRun.objects.get()
    assert len(run.result["meetings"]) == 3 and run.result["unscheduled"] == []
    page = client.get(reverse("conferences:window", args=[term.pk])).content.decode()
    assert "Publish and send the invitations" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("conferences:publish", args=[window.pk, run.pk]))
    booked = Conference.objects.filter(status=Status.BOOKED)
    assert booked.count() == 3
    carla = sorted((c.starts_at, c.ends_at) for c in booked if c.student in (mia, cast.student))
    assert carla[0][1] == carla[1][0]  # siblings back to back
    assert carla[0][0] >= local(window, "2027-01-14 16:00") and carla[1][1] <= local(
        window, "2027-01-14 19:00"
    )
    page = client.get(reverse("conferences:window", args=[term.pk])).content.decode()
    assert "Booked (3)" in page and "Not booked yet (0)" in page


def test_share_page_warns_when_the_conference_is_too_soon(client, cast, window):
    from tests.core.test_access_matrix import shared_plan_of

    plan = shared_plan_of(cast)
    window.starts_on = timezone.localdate()
    window.save()
    requests = selectors.family_requests(cast.caregiver, window)
    services.conferences_book(
        by=None,
        window=window,
        requests=requests,
        starts_at=timezone.now() + timedelta(days=1, hours=2),
        by_family=False,
        notify=False,
    )
    client.force_login(cast.advisor)
    page = client.get(reverse("plans:share", args=[plan.pk])).content.decode()
    assert "less than 2 days away" in page
