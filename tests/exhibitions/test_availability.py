"""A rater's availability and most presentations (issue 17): set by the coordinator on the rater's
times page, checked against the exhibition's days and hours, and respected by the panel
assignment (tandem/exhibitions/panels.py)."""

import datetime

import pytest
from django.urls import reverse

from tandem.exhibitions import panels
from tandem.exhibitions.models import PanelSeat, Rater, RaterAvailability
from tests.personas import make_school, make_staff

from .test_panels_service import DAY, at, exhibition_of, present


def staff_and_panelists(exhibition, cast):
    """Two staff raters and two community panelists, none of them Sam's or Olive's family."""
    bob = Rater.objects.create(exhibition=exhibition, user=cast.other_advisor)
    cam = Rater.objects.create(exhibition=exhibition, user=cast.case_manager)
    pat = Rater.objects.create(exhibition=exhibition, name="Pat Panel", email="pat@example.org")
    quin = Rater.objects.create(exhibition=exhibition, name="Quin Panel", email="quin@example.org")
    return bob, cam, pat, quin


def post_times(client, rater, **fields):
    data = {"day_0": "all", "from_0": "", "to_0": "", "max_presentations": ""} | fields
    return client.post(reverse("exhibitions:rater_availability", args=[rater.pk]), data)


@pytest.mark.django_db
def test_a_rater_free_only_in_the_morning_is_never_seated_in_the_afternoon(cast):
    exhibition = exhibition_of(cast, day_ends_at=datetime.time(15, 0), panel_size=2)
    sam = present(exhibition, cast.student, cast, 9)
    olive = present(exhibition, cast.other_student, cast, 13)
    bob, cam, pat, quin = staff_and_panelists(exhibition, cast)
    # Bob and Pat can rate only in the morning; Cam and Quin only in the afternoon.
    for rater in (bob, pat):
        RaterAvailability.objects.create(rater=rater, starts_at=at(cast, 9), ends_at=at(cast, 12))
    for rater in (cam, quin):
        RaterAvailability.objects.create(rater=rater, starts_at=at(cast, 12), ends_at=at(cast, 15))

    outcome = panels.panels_assign(exhibition=exhibition)

    assert outcome.uncovered == []
    seated = {
        (seat.presentation_id, seat.rater_id)
        for seat in PanelSeat.objects.filter(presentation__exhibition=exhibition)
    }
    assert seated == {(sam.pk, bob.pk), (sam.pk, pat.pk), (olive.pk, cam.pk), (olive.pk, quin.pk)}


@pytest.mark.django_db
def test_nobody_free_at_that_time_is_the_reason_given(cast):
    exhibition = exhibition_of(cast, day_ends_at=datetime.time(15, 0), panel_size=2)
    olive = present(exhibition, cast.other_student, cast, 13)
    bob, cam, pat, quin = staff_and_panelists(exhibition, cast)
    for rater in (bob, cam):
        RaterAvailability.objects.create(rater=rater, starts_at=at(cast, 9), ends_at=at(cast, 12))

    outcome = panels.panels_assign(exhibition=exhibition)

    assert not PanelSeat.objects.filter(presentation=olive).exists()
    [(presentation, reason)] = outcome.uncovered
    assert presentation == olive
    assert reason == "Too few staff raters are free at that time: 0 of the 1 needed."


@pytest.mark.django_db
def test_a_most_of_one_presentation_is_respected(cast):
    exhibition = exhibition_of(cast, panel_size=1)
    sam = present(exhibition, cast.student, cast, 9)
    olive = present(exhibition, cast.other_student, cast, 10)
    bob = Rater.objects.create(exhibition=exhibition, user=cast.other_advisor, max_presentations=1)

    outcome = panels.panels_assign(exhibition=exhibition)

    assert PanelSeat.objects.filter(rater=bob).count() == 1
    assert len(outcome.seated) == 1 and len(outcome.uncovered) == 1
    assert {p.pk for p in outcome.seated} | {p.pk for p, _ in outcome.uncovered} == {
        sam.pk,
        olive.pk,
    }
    data, *_ = panels.panel_instance(exhibition)
    assert data["raters"][0]["max_load"] == 0  # the one they may take is taken


@pytest.mark.django_db
def test_the_coordinator_sets_a_raters_times(client, cast):
    exhibition = exhibition_of(cast, ends_on=DAY + datetime.timedelta(days=1))
    pat = Rater.objects.create(exhibition=exhibition, name="Pat Panel", email="pat@example.org")
    client.force_login(cast.coordinator)
    page = client.get(reverse("exhibitions:raters", args=[exhibition.pk]))
    assert "The whole exhibition" in page.content.decode()
    assert reverse("exhibitions:rater_availability", args=[pat.pk]) in page.content.decode()
    assert client.get(reverse("exhibitions:rater_availability", args=[pat.pk])).status_code == 200

    response = post_times(
        client,
        pat,
        day_0="hours",
        from_0="09:00",
        to_0="10:30",
        day_1="off",
        from_1="",
        to_1="",
        max_presentations="4",
    )

    assert response.status_code == 302
    pat.refresh_from_db()
    assert pat.max_presentations == 4
    [span] = pat.availability.all()
    assert (span.starts_at, span.ends_at) == (at(cast, 9), at(cast, 10, 30))
    page = client.get(reverse("exhibitions:raters", args=[exhibition.pk])).content.decode()
    assert "At most 4 presentations" in page and "The whole exhibition" not in page
    form = client.get(reverse("exhibitions:rater_availability", args=[pat.pk])).content.decode()
    assert 'value="10:30"' in form

    # Every day whole again: no spans kept (the default), no limit.
    response = post_times(client, pat, day_1="all", from_1="", to_1="")
    assert response.status_code == 302
    pat.refresh_from_db()
    assert pat.max_presentations is None and not pat.availability.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields, message",
    [
        ({"day_0": "hours", "from_0": "10:00", "to_0": "09:00"}, "the end must come after"),
        ({"day_0": "hours", "from_0": "08:00", "to_0": "10:00"}, "inside the exhibition"),
        ({"day_0": "hours", "from_0": "10:00", "to_0": "12:30"}, "inside the exhibition"),
        ({"day_0": "hours", "from_0": "10:00", "to_0": ""}, "Give both times"),
        ({"day_0": "off"}, "at least one day"),
        ({"max_presentations": "0"}, "greater than or equal to 1"),
        ({"day_0": "sometimes"}, "Select a valid choice"),
    ],
)
def test_bad_times_say_what_is_wrong_and_change_nothing(client, cast, fields, message):
    exhibition = exhibition_of(cast)
    bob = Rater.objects.create(exhibition=exhibition, user=cast.other_advisor, max_presentations=3)
    RaterAvailability.objects.create(rater=bob, starts_at=at(cast, 9), ends_at=at(cast, 11))
    client.force_login(cast.coordinator)

    response = post_times(client, bob, **fields)

    assert response.status_code == 200
    assert message in response.content.decode()
    bob.refresh_from_db()
    assert bob.max_presentations == 3
    assert [(a.starts_at, a.ends_at) for a in bob.availability.all()] == [
        (at(cast, 9), at(cast, 11))
    ]


@pytest.mark.django_db
def test_only_the_schools_oversight_sets_a_raters_times(client, cast):
    exhibition = exhibition_of(cast)
    bob = Rater.objects.create(exhibition=exhibition, user=cast.other_advisor)
    url = reverse("exhibitions:rater_availability", args=[bob.pk])
    for user in (cast.coordinator, cast.school_admin):
        client.force_login(user)
        assert client.get(url).status_code == 200
    for user in (cast.other_advisor, cast.advisor, cast.student.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert post_times(client, bob, max_presentations="1").status_code == 404
    other_school, _year = make_school("Other High")
    client.force_login(make_staff(other_school, "co@other.example", "Other Co", "coordinator"))
    assert client.get(url).status_code == 404
    assert post_times(client, bob, max_presentations="1").status_code == 404
    bob.refresh_from_db()
    assert bob.max_presentations is None
