"""Each rater scores on their own: a score sheet shows the rubric and the presenter's chosen
work; the other raters' scores stay hidden until this rater submits; a submitted sheet is final;
a submission needs every criterion."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tandem.exhibitions.models import Score

from .stage import score


def levels_post(stage, values: dict[str, int], action="save", comment=""):
    rubric = stage.exhibition.rubric
    by_value = {level.value: level.pk for level in rubric.levels.all()}
    data = {"action": action, "comment": comment}
    for criterion in rubric.criteria.all():
        if criterion.name in values:
            data[f"criterion_{criterion.pk}"] = by_value[values[criterion.name]]
    return data


def test_the_staff_rater_scores_saves_then_submits(client, cast, stage):
    client.force_login(cast.other_advisor)
    url = reverse("exhibitions:seat", args=[stage.staff_seat.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Essay on tides" in body and "It shows how I argue from evidence." in body
    assert "Clarity at level 3" in body  # the descriptors
    assert "Sam R." in body and "Rivera" not in body

    response = client.post(url, levels_post(stage, {"Presents clearly": 3}))
    assert response.status_code == 302
    assert Score.objects.filter(seat=stage.staff_seat).count() == 1
    stage.staff_seat.refresh_from_db()
    assert not stage.staff_seat.is_submitted

    # Submitting with a criterion left out says so and keeps the sheet open.
    response = client.post(url, levels_post(stage, {"Presents clearly": 3}, action="submit"))
    assert response.status_code == 200
    assert "Choose a level for every criterion" in response.content.decode()
    stage.staff_seat.refresh_from_db()
    assert not stage.staff_seat.is_submitted

    both = {"Presents clearly": 3, "Uses evidence": 2}
    response = client.post(url, levels_post(stage, both, action="submit", comment="Clear."))
    assert response.status_code == 302
    stage.staff_seat.refresh_from_db()
    assert stage.staff_seat.is_submitted and stage.staff_seat.comment == "Clear."

    # Final: a later post changes nothing.
    client.post(url, levels_post(stage, {"Presents clearly": 1, "Uses evidence": 1}))
    assert sorted(
        Score.objects.filter(seat=stage.staff_seat).values_list("level__value", flat=True)
    ) == [2, 3]


def test_others_scores_are_hidden_until_this_rater_submits(client, cast, stage):
    score(
        stage.panelist_seat, levels={"Presents clearly": 4, "Uses evidence": 4}, comment="Wow, Pat"
    )
    client.force_login(cast.other_advisor)
    url = reverse("exhibitions:seat", args=[stage.staff_seat.pk])
    body = client.get(url).content.decode()
    assert "Pat Panel" not in body and "Wow, Pat" not in body
    assert "Median" not in body

    score(stage.staff_seat, levels={"Presents clearly": 2, "Uses evidence": 3})
    body = client.get(url).content.decode()
    assert "Pat Panel" in body and "Wow, Pat" in body
    assert "Median" in body


def test_a_submitted_sheet_is_final_and_the_service_says_so(stage):
    score(stage.staff_seat, levels={"Presents clearly": 2, "Uses evidence": 3})
    with pytest.raises(ValidationError):
        score(stage.staff_seat, levels={"Presents clearly": 1, "Uses evidence": 1})


def test_a_level_of_another_rubric_is_refused(cast, stage):
    from tandem.exhibitions import services

    from .stage import make_exhibition

    other = make_exhibition(cast, name="Junior Exhibition")
    foreign_level = other.rubric.levels.first()
    criterion = stage.exhibition.rubric.criteria.first()
    with pytest.raises(ValidationError):
        services.seat_score(
            seat=stage.staff_seat, levels={criterion.pk: foreign_level.pk}, comment="", submit=False
        )
    assert not Score.objects.filter(seat=stage.staff_seat).exists()
