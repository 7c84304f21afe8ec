"""The community panelist: invited by e-mail with a link, no account, no record access. The link
opens only their exhibition's panels (the presenter's chosen work and the rubric) from the day
before to the day after; anything else, and any other time, is a 404."""

import datetime

import time_machine
from django.urls import reverse

from tandem.exhibitions import services
from tandem.exhibitions.models import PanelSeat, Rater

from .stage import make_exhibition, score


def test_the_invitation_carries_a_link_that_opens_the_panel(
    client, cast, smtp, django_capture_on_commit_callbacks
):
    exhibition = make_exhibition(cast, name="Spring Exhibition")
    with django_capture_on_commit_callbacks(execute=True):
        rater, key = services.panelist_invite(
            exhibition=exhibition, name="Quinn Public", email="Quinn@Community.test"
        )
    (message,) = smtp.wait_for(1)
    assert message["To"] == "quinn@community.test"
    text = smtp.text_of(message)
    link = reverse("exhibitions:panelist", args=[key])
    assert link in text
    assert key not in rater.token_hash and len(rater.token_hash) == 64  # only its hash is kept
    assert client.get(link).status_code == 200
    assert rater.user_id is None


def test_the_panelist_scores_without_an_account(client, cast, stage):
    home = reverse("exhibitions:panelist", args=[stage.panel_key])
    body = client.get(home).content.decode()
    assert "Sam R." in body and "Olive" not in body  # only their own panels
    url = reverse("exhibitions:panelist_seat", args=[stage.panel_key, stage.panelist_seat.pk])
    page = client.get(url).content.decode()
    assert "Essay on tides" in page and "Uses evidence" in page
    assert "Rivera" not in page
    rubric = stage.exhibition.rubric
    data = {"action": "submit", "comment": "Clear and calm."}
    top = rubric.levels.get(value=4).pk
    for criterion in rubric.criteria.all():
        data[f"criterion_{criterion.pk}"] = top
    assert client.post(url, data).status_code == 302
    stage.panelist_seat.refresh_from_db()
    assert stage.panelist_seat.is_submitted
    piece = reverse("exhibitions:panelist_piece", args=[stage.panel_key, stage.essay.pk])
    response = client.get(piece)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"


def test_the_panelist_sees_nothing_else(client, cast, stage):
    key = stage.panel_key
    # Bob's seat on Olive's presentation, and Bob's own seat on Sam's: not the panelist's.
    for seat in PanelSeat.objects.exclude(pk=stage.panelist_seat.pk):
        assert (
            client.get(reverse("exhibitions:panelist_seat", args=[key, seat.pk])).status_code == 404
        )
    # A piece of Sam's portfolio he did not choose for the exhibition.
    from tandem.portfolios.models import Piece

    hidden = Piece.objects.create(
        portfolio=stage.essay.portfolio,
        title="Private draft",
        kind="link",
        url="https://example.org/draft",
        date=datetime.date(2026, 9, 1),
    )
    assert (
        client.get(reverse("exhibitions:panelist_piece", args=[key, hidden.pk])).status_code == 404
    )
    # A forged key, and a staff rater's page without signing in.
    assert client.get(reverse("exhibitions:panelist", args=["x" * 43])).status_code == 404
    staff = client.get(reverse("exhibitions:seat", args=[stage.panelist_seat.pk]))
    assert staff.status_code == 302  # to the sign-in page
    # No record page opens: Sam's exhibitions page, his credit report.
    for name in ("exhibitions:student", "evidence:credit_report"):
        response = client.get(reverse(name, args=[cast.student.pk]))
        assert response.status_code == 302  # to the sign-in page: the link is not a session


def test_the_panel_opens_the_day_before_and_closes_the_day_after(client, cast, stage):
    url = reverse("exhibitions:panelist_seat", args=[stage.panel_key, stage.panelist_seat.pk])
    day = stage.exhibition.starts_on
    zone = cast.school.zone

    def at(date):
        noon = datetime.datetime.combine(date, datetime.time(12, 0), tzinfo=zone)
        return time_machine.travel(noon, tick=False)

    for offset, expected in ((-2, 404), (-1, 200), (0, 200), (1, 200), (2, 404)):
        with at(day + datetime.timedelta(days=offset)):
            assert client.get(url).status_code == expected, offset
            home = client.get(reverse("exhibitions:panelist", args=[stage.panel_key]))
            assert home.status_code == expected, offset


def test_a_new_link_replaces_the_old(client, stage):
    old = stage.panel_key
    new = services.panelist_resend(rater=stage.panelist)
    assert client.get(reverse("exhibitions:panelist", args=[old])).status_code == 404
    assert client.get(reverse("exhibitions:panelist", args=[new])).status_code == 200


def test_a_panelist_of_another_exhibition_sees_none_of_this_one(client, cast, stage):
    other = make_exhibition(cast, name="Junior Exhibition")
    rater, key = services.panelist_invite(exhibition=other, name="Ola", email="ola@x.test")
    assert rater.exhibition_id != stage.exhibition.pk
    url = reverse("exhibitions:panelist_seat", args=[key, stage.panelist_seat.pk])
    assert client.get(url).status_code == 404
    piece = reverse("exhibitions:panelist_piece", args=[key, stage.essay.pk])
    assert client.get(piece).status_code == 404


def test_a_removed_panelist_link_stops_working(client, stage):
    seatless = Rater.objects.create(exhibition=stage.exhibition, name="Sol", email="sol@x.test")
    key = services.panelist_resend(rater=seatless)
    assert client.get(reverse("exhibitions:panelist", args=[key])).status_code == 200
    services.rater_remove(rater=seatless)
    assert client.get(reverse("exhibitions:panelist", args=[key])).status_code == 404


def test_a_rater_who_scored_cannot_be_removed(stage):
    import pytest
    from django.core.exceptions import ValidationError

    score(stage.panelist_seat, levels={"Presents clearly": 2, "Uses evidence": 2}, submit=False)
    with pytest.raises(ValidationError):
        services.rater_remove(rater=stage.panelist)
