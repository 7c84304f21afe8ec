"""Assigning an exhibition's panels (tandem/exhibitions/panels.py): the plain instance from the
database, conflicts from advisories and guardianships, the seats saved, the reasons."""

import datetime

import pytest

from tandem.exhibitions import panels
from tandem.exhibitions.models import Exhibition, PanelSeat, Presentation, Rater
from tandem.scheduling.panels import reasons as codes

DAY = datetime.date(2027, 5, 20)


def at(cast, hour, minute=0):
    return datetime.datetime.combine(DAY, datetime.time(hour, minute), tzinfo=cast.school.zone)


def exhibition_of(cast, **fields):
    return Exhibition.objects.create(
        **{
            "school": cast.school,
            "name": "Senior Exhibition",
            "starts_on": DAY,
            "ends_on": DAY,
            "day_starts_at": datetime.time(9, 0),
            "day_ends_at": datetime.time(12, 0),
            "slot_minutes": 20,
            "rooms": "Library\nRoom 101",
            "panel_size": 2,
            "created_by": cast.coordinator,
        }
        | fields
    )


def present(exhibition, student, cast, hour, minute=0, room="Library"):
    start = at(cast, hour, minute)
    return Presentation.objects.create(
        exhibition=exhibition,
        student=student,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=20),
        room=room,
    )


def panel_of(presentation) -> set[str]:
    return {
        seat.rater.display_name
        for seat in PanelSeat.objects.filter(presentation=presentation).select_related("rater")
    }


@pytest.mark.django_db
def test_panels_avoid_advisors_and_family_and_are_saved(cast):
    exhibition = exhibition_of(cast)
    sam = present(exhibition, cast.student, cast, 9)
    olive = present(exhibition, cast.other_student, cast, 9, 20)
    Rater.objects.create(exhibition=exhibition, user=cast.advisor)  # Sam's advisor
    Rater.objects.create(exhibition=exhibition, user=cast.other_advisor)  # Olive's advisor
    # Sam's mother, as a panelist with no account: known by her e-mail address
    Rater.objects.create(exhibition=exhibition, name="Carla", email="CARLA@family.test")
    Rater.objects.create(exhibition=exhibition, name="Pat Panel", email="pat@community.test")
    outcome = panels.panels_assign(exhibition=exhibition)
    assert {p.pk for p in outcome.seated} == {sam.pk, olive.pk}
    assert outcome.uncovered == [] and outcome.optimal
    assert panel_of(sam) == {"Bob Advisor", "Pat Panel"}
    assert "Alice Advisor" in panel_of(olive) and "Bob Advisor" not in panel_of(olive)


@pytest.mark.django_db
def test_what_cannot_be_covered_is_said_and_a_second_run_only_fills_the_rest(cast):
    exhibition = exhibition_of(cast, ends_on=DAY + datetime.timedelta(days=1))
    sam = present(exhibition, cast.student, cast, 9)
    Rater.objects.create(exhibition=exhibition, user=cast.advisor)  # Sam's advisor, the only staff
    # Sam's father: no educational rights, still family
    Rater.objects.create(exhibition=exhibition, name="Ned", email="ned@family.test")
    unplaced = Presentation.objects.create(exhibition=exhibition, student=cast.other_student)
    outcome = panels.panels_assign(exhibition=exhibition)
    assert outcome.seated == [] and outcome.without_slot == [unplaced]
    [(presentation, reason)] = outcome.uncovered
    assert presentation == sam
    assert reason == (
        "Too few staff raters free at that time may rate this student (0 of the 1 needed): "
        "the others are the student's advisor, caregiver or relative."
    )
    # A staff rater and a panelist join; only Sam's presentation is assigned now, and Olive's
    # once it has a slot, around the panel Sam keeps.
    Rater.objects.create(exhibition=exhibition, user=cast.other_advisor)
    Rater.objects.create(exhibition=exhibition, name="Pat Panel", email="pat@community.test")
    outcome = panels.panels_assign(exhibition=exhibition)
    assert outcome.seated == [sam] and panel_of(sam) == {"Bob Advisor", "Pat Panel"}
    unplaced.starts_at, unplaced.ends_at, unplaced.room = at(cast, 9), at(cast, 9, 20), "Room 101"
    unplaced.save()
    outcome = panels.panels_assign(exhibition=exhibition)
    assert outcome.kept == 1 and panel_of(sam) == {"Bob Advisor", "Pat Panel"}
    # Olive at the same time as Sam: Bob and Pat are taken, Alice and Ned are free
    assert outcome.seated == [unplaced] and panel_of(unplaced) == {"Alice Advisor", "Ned"}


@pytest.mark.django_db
def test_a_busy_panelist_is_the_reason(cast):
    exhibition = exhibition_of(cast)
    present(exhibition, cast.student, cast, 9)
    present(exhibition, cast.other_student, cast, 9, room="Room 101")
    Rater.objects.create(exhibition=exhibition, user=cast.case_manager)
    Rater.objects.create(exhibition=exhibition, user=cast.coordinator)
    Rater.objects.create(exhibition=exhibition, name="Pat Panel", email="pat@community.test")
    outcome = panels.panels_assign(exhibition=exhibition)
    assert len(outcome.seated) == 1
    [(presentation, reason)] = outcome.uncovered
    assert presentation.pk != outcome.seated[0].pk
    assert reason == (
        "The community panelists who could rate at that time are needed on other panels "
        "(0 of the 1 needed are free): they are on another panel at that time."
    )


def test_every_code_has_a_sentence():
    details = {
        codes.NO_RATER_AVAILABLE: {"kind": "community", "needed": 1, "available": 0},
        codes.RATERS_CONFLICTED: {"kind": "staff", "needed": 1, "available": 2, "conflicted": 2},
        codes.TOO_FEW_RATERS: {"kind": "any", "needed": 3, "eligible": 2},
        codes.RATERS_TAKEN: {"kind": "any", "needed": 3, "free": 1, "causes": ["rater_travel"]},
    }
    assert set(details) == set(codes.CODES)
    for code, detail in details.items():
        sentence = panels.describe({"code": code, "detail": detail, "reason": "english"})
        assert sentence and sentence != "english" and "%(" not in sentence


@pytest.mark.django_db
def test_the_coordinator_assigns_panels_from_the_page(cast, client):
    exhibition = exhibition_of(cast)
    present(exhibition, cast.student, cast, 9)
    present(exhibition, cast.other_student, cast, 9, room="Room 101")
    Rater.objects.create(exhibition=exhibition, user=cast.other_advisor)
    Rater.objects.create(exhibition=exhibition, user=cast.case_manager)
    Rater.objects.create(exhibition=exhibition, name="Pat Panel", email="pat@community.test")
    client.force_login(cast.coordinator)
    url = f"/coordinator/exhibitions/{exhibition.pk}/panels/"
    page = client.get(url).content.decode()
    assert "2 presentations with a slot have no panel yet" in page and "Sam Rivera" in page
    page = client.post(url).content.decode()
    assert "1 panel assigned" in page
    assert "1 presentation could not be given a panel" in page
    assert "are needed on other panels" in page
    assert PanelSeat.objects.filter(presentation__exhibition=exhibition).count() == 2
    # again: the panel made stays, the other is tried again and still cannot be covered
    page = client.post(url).content.decode()
    assert "0 panels assigned" in page and "1 presentation kept the panel it had" in page
    assert PanelSeat.objects.filter(presentation__exhibition=exhibition).count() == 2
