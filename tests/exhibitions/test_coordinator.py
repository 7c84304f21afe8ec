"""The coordinator's pages: make an exhibition and its rubric, add students by grade or by
name, give slots, add staff and community raters, seat panels, invite the families (the
conference invitation machinery: the calendar file, their language, reminders)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from tandem.exhibitions import services
from tandem.exhibitions.models import Exhibition, PanelSeat, Presentation, Rater
from tandem.schools import calendar

from .stage import competency, make_exhibition, score, slot


def calendar_of(message) -> Calendar:
    for part in message.walk():
        if part.get_content_type() == "text/calendar" and part.get_filename():
            return Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no calendar file attached")


def test_the_coordinator_makes_an_exhibition_with_a_rubric(client, cast):
    client.force_login(cast.coordinator)
    day = calendar.today(cast.school) + datetime.timedelta(days=20)
    response = client.post(
        reverse("exhibitions:list"),
        {
            "name": "Senior Exhibition",
            "starts_on": day.isoformat(),
            "ends_on": day.isoformat(),
            "day_starts_at": "09:00",
            "day_ends_at": "12:00",
            "slot_minutes": "20",
            "rooms": "Library\nRoom 101",
            "grades": "12",
            "panel_size": "3",
        },
    )
    exhibition = Exhibition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exhibitions:rubric", args=[exhibition.pk])
    assert [level.value for level in exhibition.rubric.levels.all()] == [1, 2, 3, 4]

    comm = competency(cast.school, "COMM.1", "Communicates")
    levels = list(exhibition.rubric.levels.all())
    data = {"which": "criterion", "competency": comm.pk, "name": "Presents clearly"}
    data |= {f"level_{level.pk}": f"Looks like {level.value}" for level in levels}
    response = client.post(reverse("exhibitions:rubric", args=[exhibition.pk]), data)
    assert response.status_code == 302
    criterion = exhibition.rubric.criteria.get()
    assert criterion.competency == comm
    assert criterion.descriptors.count() == 4
    page = client.get(reverse("exhibitions:rubric", args=[exhibition.pk])).content.decode()
    assert "Looks like 3" in page

    level = levels[0]
    client.post(
        reverse("exhibitions:rubric", args=[exhibition.pk]),
        {
            "which": f"level_{level.pk}",
            f"level{level.pk}-name": "Emerging",
            f"level{level.pk}-rating": "not_yet",
        },
    )
    level.refresh_from_db()
    assert level.name == "Emerging"


def test_a_bad_exhibition_says_what_is_wrong(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("exhibitions:list"),
        {
            "name": "Backwards",
            "starts_on": "2027-03-10",
            "ends_on": "2027-03-09",
            "day_starts_at": "09:00",
            "day_ends_at": "12:00",
            "slot_minutes": "20",
            "rooms": "Library",
            "panel_size": "3",
        },
    )
    assert response.status_code == 200
    assert "The last day comes before the first." in response.content.decode()
    assert not Exhibition.objects.exists()


def test_students_join_by_grade_and_by_name(client, cast):
    exhibition = make_exhibition(cast)
    client.force_login(cast.coordinator)
    url = reverse("exhibitions:students", args=[exhibition.pk])
    client.post(url, {"grades": "11"})
    assert list(exhibition.presentations.values_list("student", flat=True)) == [
        cast.other_student.pk
    ]
    page = client.get(url, {"q": "Rive"}).content.decode()
    assert "Sam Rivera" in page
    client.post(url, {"q": "Rive", "students": [cast.student.pk]})
    assert exhibition.presentations.count() == 2
    client.post(url, {"grades": "10, 11"})  # those already presenting stay as they are
    assert exhibition.presentations.count() == 2
    assert client.post(url, {"grades": "ten"}).status_code == 200


def test_a_slot_is_one_of_the_exhibitions_and_free(cast):
    exhibition = make_exhibition(cast)
    first, second = services.presentations_add(
        exhibition=exhibition, students=[cast.student, cast.other_student]
    )
    services.presentation_place(presentation=first, starts_at=slot(exhibition), room="Library")
    with pytest.raises(ValidationError, match="already presenting"):
        services.presentation_place(presentation=second, starts_at=slot(exhibition), room="Library")
    with pytest.raises(ValidationError, match="rooms"):
        services.presentation_place(presentation=second, starts_at=slot(exhibition), room="Gym")
    with pytest.raises(ValidationError, match="slots"):
        services.presentation_place(
            presentation=second,
            starts_at=slot(exhibition) + datetime.timedelta(minutes=7),
            room="Library",
        )
    with pytest.raises(ValidationError, match="coordinator"):
        services.presentation_place(
            presentation=second, starts_at=slot(exhibition), room="Room 101", by_student=True
        )
    services.presentation_place(presentation=second, starts_at=slot(exhibition), room="Room 101")


def test_the_student_signs_up_for_a_slot_and_chooses_work(client, cast, stage):
    exhibition = stage.exhibition
    exhibition.signup_open = True
    exhibition.save()
    client.force_login(cast.student.user)
    url = reverse("exhibitions:prepare", args=[stage.presentation.pk])
    page = client.get(url).content.decode()
    assert "Choose your slot" in page and "Essay on tides" in page
    start = slot(exhibition, 3)
    response = client.post(url, {"which": "place", "slot": f"{start.isoformat()}|Room 101"})
    assert response.status_code == 302
    stage.presentation.refresh_from_db()
    assert (stage.presentation.starts_at, stage.presentation.room) == (start, "Room 101")
    client.post(url, {"which": "pieces", "pieces": [stage.video.pk]})
    assert list(stage.presentation.pieces.all()) == [stage.video]


def test_raters_and_panels(client, cast, stage, smtp, django_capture_on_commit_callbacks):
    client.force_login(cast.coordinator)
    url = reverse("exhibitions:raters", args=[stage.exhibition.pk])
    client.post(url, {"which": "staff", "user": cast.case_manager.pk})
    assert Rater.objects.filter(exhibition=stage.exhibition, user=cast.case_manager).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"which": "panelist", "name": "Rae Public", "email": "rae@x.test"})
    assert smtp.wait_for(1)[-1]["To"] == "rae@x.test"
    again = client.post(url, {"which": "panelist", "name": "Rae", "email": "RAE@x.test"})
    assert "already invited" in again.content.decode()

    rae = Rater.objects.get(email="rae@x.test")
    page = reverse("exhibitions:presentation", args=[stage.other_presentation.pk])
    client.post(page, {"which": "seat", "rater": rae.pk})
    assert PanelSeat.objects.filter(presentation=stage.other_presentation, rater=rae).exists()
    seat = PanelSeat.objects.get(presentation=stage.other_presentation, rater=rae)
    client.post(page, {"which": "unseat", "seat": seat.pk})
    assert not PanelSeat.objects.filter(pk=seat.pk).exists()

    score(stage.staff_seat, levels={"Presents clearly": 2, "Uses evidence": 2}, submit=False)
    response = client.post(
        reverse("exhibitions:presentation", args=[stage.presentation.pk]),
        {"which": "unseat", "seat": stage.staff_seat.pk},
    )
    assert response.status_code == 302
    assert PanelSeat.objects.filter(pk=stage.staff_seat.pk).exists()  # has scores: stays


def test_families_are_invited_as_to_a_conference(
    client, cast, stage, smtp, settings, django_capture_on_commit_callbacks
):
    from tandem.core.sms import MemoryBackend

    settings.TANDEM_SMS_BACKEND = "tandem.core.sms.MemoryBackend"
    MemoryBackend.outbox = []
    client.force_login(cast.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exhibitions:invite", args=[stage.exhibition.pk]))
    messages = smtp.wait_for(2)  # Carla's (Sam) and Fiona's (Olive); Ned has no rights
    carla = [m for m in messages if m["To"] == "carla@family.test"]
    assert len(carla) == 1 and not [m for m in messages if m["To"] == "ned@family.test"]
    cal = calendar_of(carla[0])
    (event,) = [c for c in cal.walk() if c.name == "VEVENT"]
    assert str(cal["method"]) == "REQUEST"
    assert str(event["uid"]) == f"exhibition-{stage.presentation.uid}@tandem"
    assert event.decoded("dtstart") == stage.presentation.starts_at
    assert "Library" in str(event["location"])
    assert "+16175550101" in [text[0] for text in MemoryBackend.outbox]  # Carla takes texts
    stage.presentation.refresh_from_db()
    assert stage.presentation.invited

    # Moving the slot sends the update (same UID, SEQUENCE 1).
    with django_capture_on_commit_callbacks(execute=True):
        services.presentation_place(
            presentation=stage.presentation, starts_at=slot(stage.exhibition, 4), room="Library"
        )
    update = [m for m in smtp.wait_for(3) if m["To"] == "carla@family.test"][-1]
    (event,) = [c for c in calendar_of(update).walk() if c.name == "VEVENT"]
    assert int(event["sequence"]) == 1 and "New time" in update["Subject"]

    # Inviting again invites no one twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.families_invite(exhibition=stage.exhibition) == 0


def test_the_invitation_is_in_the_familys_language(
    cast, stage, smtp, django_capture_on_commit_callbacks
):
    cast.caregiver.preferred_language = "es"
    cast.caregiver.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.families_invite(exhibition=stage.exhibition)
    carla = [m for m in smtp.wait_for(2) if m["To"] == "carla@family.test"][0]
    weekday = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
    assert any(day in smtp.text_of(carla) for day in weekday)


def test_reminders_two_days_before_and_on_the_day(cast, smtp, django_capture_on_commit_callbacks):
    day = calendar.today(cast.school) + datetime.timedelta(days=10)
    exhibition = make_exhibition(cast, on=day, name="Later Exhibition")
    (presentation,) = services.presentations_add(exhibition=exhibition, students=[cast.student])
    services.presentation_place(
        presentation=presentation, starts_at=slot(exhibition), room="Library"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.families_invite(exhibition=exhibition)
    smtp.wait_for(1)
    two_days = presentation.starts_at - datetime.timedelta(days=1, hours=20)
    with time_machine.travel(two_days, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.exhibition_reminders() == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert services.exhibition_reminders() == 0  # once
    reminder = smtp.wait_for(2)[-1]
    assert "Reminder" in reminder["Subject"]
    on_the_day = time_machine.travel(
        presentation.starts_at - datetime.timedelta(hours=1), tick=False
    )
    with on_the_day, django_capture_on_commit_callbacks(execute=True):
        assert services.exhibition_reminders() == 1


def test_a_removed_presentation_is_cancelled_for_the_family(
    cast, stage, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.families_invite(exhibition=stage.exhibition)
    smtp.wait_for(2)
    with django_capture_on_commit_callbacks(execute=True):
        stage.other_presentation.refresh_from_db()
        services.presentation_remove(presentation=stage.other_presentation)
    cancel = [m for m in smtp.wait_for(3) if m["To"] == "fiona@family.test"][-1]
    assert str(calendar_of(cancel)["method"]) == "CANCEL"
    assert not Presentation.objects.filter(pk=stage.other_presentation.pk).exists()


def test_the_rubric_stays_once_scored(stage):
    score(stage.staff_seat, levels={"Presents clearly": 2, "Uses evidence": 2}, submit=False)
    with pytest.raises(ValidationError):
        services.criterion_remove(criterion=stage.exhibition.rubric.criteria.first())


def test_the_students_advisor_does_not_sit_on_the_panel(cast, stage):
    alice = services.rater_add_staff(exhibition=stage.exhibition, user=cast.advisor)
    with pytest.raises(ValidationError, match="advisor"):
        services.seat_add(presentation=stage.presentation, rater=alice)
    services.seat_add(presentation=stage.other_presentation, rater=alice)  # Olive's: fine
