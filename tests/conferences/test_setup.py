"""The setup pages: the window's settings, advisors' hours (the advisor's own page and the
coordinator's), the interpreter pool and interpreters' hours."""

from datetime import date, time

from django.urls import reverse

from tandem.conferences import rules, selectors, services
from tandem.conferences.models import (
    AdvisorAvailability,
    ConferenceWindow,
    HoursException,
    Interpreter,
    InterpreterHours,
)

from .conftest import local


def settings_post(window, **changes):
    data = {
        "starts_on": window.starts_on.isoformat(),
        "ends_on": window.ends_on.isoformat(),
        "day_starts_at": "08:00",
        "day_ends_at": "19:00",
        "holidays": "",
        "slot_minutes": "30",
        "step_minutes": "15",
        "household_mode": "joint",
        "change_cutoff_hours": "24",
        "booking_open": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_coordinator_sets_the_window(client, cast, window):
    client.force_login(cast.coordinator)
    page = client.get(reverse("conferences:window", args=[window.term_id])).content.decode()
    assert reverse("conferences:window_settings", args=[window.pk]) in page
    url = reverse("conferences:window_settings", args=[window.pk])
    form = client.get(url).content.decode()
    assert 'for="id_holidays"' in form and 'for="id_household_mode"' in form
    response = client.post(
        url,
        settings_post(
            window,
            day_starts_at="09:00",
            day_ends_at="17:00",
            holidays="2027-01-18\n2027-01-18",
            slot_minutes="20",
            step_minutes="10",
            household_mode="separate",
            booking_open=None,
        ),
    )
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.holidays == ["2027-01-18"]
    assert (window.day_starts_at, window.day_ends_at) == (time(9), time(17))
    assert (window.slot_minutes, window.step_minutes) == (20, 10)
    assert window.household_mode == "separate" and not window.booking_open
    assert date(2027, 1, 18) not in window.days()
    page = client.get(reverse("conferences:window", args=[window.term_id])).content.decode()
    assert "Online booking is closed." in page


def test_window_settings_explain_what_is_wrong(client, cast, window):
    client.force_login(cast.coordinator)
    url = reverse("conferences:window_settings", args=[window.pk])
    response = client.post(
        url,
        settings_post(window, day_starts_at="17:00", day_ends_at="09:00", holidays="2027-03-01"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Conferences must end after they start." in html
    assert "March 1, 2027 is outside the window" in html
    response = client.post(url, settings_post(window, holidays="18/01/2027"))
    assert "is not a date. Write dates like 2027-01-18." in response.content.decode()
    response = client.post(
        url, settings_post(window, ends_on=(window.starts_on.replace(day=1)).isoformat())
    )
    assert "The last day is before the first day." in response.content.decode()
    window.refresh_from_db()
    assert window.day_starts_at == time(8) and window.holidays == []


def test_window_days_cannot_move_away_from_booked_conferences(client, cast, window):
    requests = selectors.family_requests(cast.caregiver, window)
    services.conferences_book(
        by=None,
        window=window,
        requests=requests,
        starts_at=local(window, "2027-01-15 09:00"),
        notify=False,
    )
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("conferences:window_settings", args=[window.pk]),
        settings_post(window, holidays="2027-01-15"),
    )
    assert response.status_code == 400
    assert "1 booked conference would fall outside these days or hours" in (
        response.content.decode()
    )
    assert ConferenceWindow.objects.get(pk=window.pk).holidays == []


def test_advisor_gives_weekly_hours_and_exceptions(client, cast, window):
    client.force_login(cast.advisor)
    home = client.get(reverse("conferences:advisor")).content.decode()
    url = reverse("conferences:advisor_availability", args=[window.pk])
    assert url in home
    page = client.get(url).content.decode()
    assert 'for="id_day_0"' in page and 'for="id_ex-day"' in page
    response = client.post(
        url,
        {
            "action": "save",
            "day_0": "08:00-10:00, 15:00-17:00",
            "day_1": "9:00-12:00",
            "max_per_day": "6",
            "languages": "EN, es",
            "room_en": "Room 12",
            "video_link": "meet.example.org/alice",
            "home_travel_minutes": "25",
        },
    )
    assert response.status_code == 302
    settings = AdvisorAvailability.objects.get(window=window, advisor=cast.advisor)
    assert settings.languages == "en,es" and settings.video_link == "https://meet.example.org/alice"
    assert settings.room_en == "Room 12"
    assert [(w.weekday, w.starts_at, w.ends_at) for w in settings.weekly.all()] == [
        (0, time(8), time(10)),
        (0, time(15), time(17)),
        (1, time(9), time(12)),
    ]
    # Monday 18 January: 08:00-10:00 and 15:00-17:00 only.
    requests = selectors.family_requests(cast.caregiver, window)
    starts = {o.starts_at for o in selectors.offers(window, requests)}
    assert local(window, "2027-01-18 08:00") in starts
    assert local(window, "2027-01-18 12:00") not in starts
    assert local(window, "2027-01-15 09:00") not in starts  # a Friday: no hours
    # A day off, then other hours another day.
    client.post(url, {"action": "add_exception", "ex-day": "2027-01-18", "ex-off": "on"})
    client.post(
        url,
        {
            "action": "add_exception",
            "ex-day": "2027-01-15",
            "ex-starts_at": "13:00",
            "ex-ends_at": "14:00",
        },
    )
    starts = {o.starts_at for o in selectors.offers(window, requests)}
    assert local(window, "2027-01-18 08:00") not in starts
    assert local(window, "2027-01-15 13:00") in starts
    page = client.get(url).content.decode()
    assert "off all day" in page and "1:00 p.m.–2:00 p.m." in page
    day_off = HoursException.objects.get(day=date(2027, 1, 18))
    client.post(url, {"action": "remove_exception", "exception": day_off.pk})
    assert not HoursException.objects.filter(pk=day_off.pk).exists()


def test_advisor_hours_are_validated(client, cast, window):
    client.force_login(cast.advisor)
    url = reverse("conferences:advisor_availability", args=[window.pk])
    base = {"action": "save", "max_per_day": "6", "languages": "en", "home_travel_minutes": "20"}
    response = client.post(url, base | {"day_0": "10:00-09:00"})
    assert response.status_code == 400
    assert "the end is not after the start" in response.content.decode()
    response = client.post(url, base | {"day_0": "08:00-11:00, 10:00-12:00"})
    assert "Two ranges overlap" in response.content.decode()
    response = client.post(url, base | {"day_0": "morning"})
    assert "is not a time range" in response.content.decode()
    response = client.post(url, base)
    assert "Give your hours for at least one weekday" in response.content.decode()
    response = client.post(url, {"action": "add_exception", "ex-day": "2027-03-01", "ex-off": "on"})
    assert "not one of the window&#x27;s conference days" in response.content.decode()
    assert not AdvisorAvailability.objects.filter(window=window, advisor=cast.advisor).exists()


def test_coordinator_sees_and_edits_every_advisors_hours(client, cast, window):
    client.force_login(cast.advisor)
    client.post(
        reverse("conferences:advisor_availability", args=[window.pk]),
        {
            "action": "save",
            "day_2": "13:00-18:00",
            "max_per_day": "5",
            "languages": "en",
            "home_travel_minutes": "20",
        },
    )
    client.force_login(cast.coordinator)
    window_page = reverse("conferences:window", args=[window.term_id])
    assert "Advisors' hours (2 advisors)" in client.get(window_page).content.decode()
    page = client.get(window_page + "?show=advisors").content.decode()
    assert "Wednesday 13:00-18:00" in page
    bob = reverse("conferences:advisor_hours", args=[window.pk, cast.other_advisor.pk])
    assert bob in page
    assert "Bob Advisor" in client.get(bob).content.decode()
    response = client.post(
        bob,
        {
            "action": "save",
            "use_window_hours": "on",
            "max_per_day": "3",
            "languages": "en,ht",
            "home_travel_minutes": "20",
        },
    )
    assert response.status_code == 302
    settings = AdvisorAvailability.objects.get(window=window, advisor=cast.other_advisor)
    assert settings.max_per_day == 3 and settings.language_codes == ["en", "ht"]
    # Only the school's advisors: the case manager has no conference hours to edit.
    assert (
        client.get(
            reverse("conferences:advisor_hours", args=[window.pk, cast.case_manager.pk])
        ).status_code
        == 404
    )


def test_interpreter_pool_and_hours(client, cast, window):
    client.force_login(cast.coordinator)
    page = client.get(reverse("conferences:interpreters", args=[window.pk])).content.decode()
    assert "No interpreters yet" in page
    response = client.post(
        reverse("conferences:interpreter_new", args=[window.pk]),
        {"name": "Ana Lima", "email": "ana@interp.test", "languages": "pt, es"},
    )
    ana = Interpreter.objects.get()
    assert response["Location"] == reverse("conferences:interpreter", args=[window.pk, ana.pk])
    assert ana.languages == "pt,es" and ana.school == cast.school
    url = reverse("conferences:interpreter", args=[window.pk, ana.pk])
    assert (
        client.post(
            url,
            {
                "action": "add_hours",
                "hours-day": "2027-01-15",
                "hours-starts_at": "09:00",
                "hours-ends_at": "12:00",
            },
        ).status_code
        == 302
    )
    response = client.post(
        url,
        {
            "action": "add_hours",
            "hours-day": "2027-01-15",
            "hours-starts_at": "11:00",
            "hours-ends_at": "13:00",
        },
    )
    assert "overlap hours already listed" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "add_hours",
            "hours-day": "2027-01-16",
            "hours-starts_at": "09:00",
            "hours-ends_at": "12:00",
        },
    )
    assert "not one of the window&#x27;s conference days" in response.content.decode()
    response = client.post(
        url, {"action": "save", "name": "Ana Lima", "email": "", "languages": "Portuguese"}
    )
    assert "Write language codes" in response.content.decode()
    client.post(url, {"action": "save", "name": "Ana Lima-Souza", "email": "", "languages": "pt"})
    ana.refresh_from_db()
    assert ana.name == "Ana Lima-Souza"
    page = client.get(reverse("conferences:interpreters", args=[window.pk])).content.decode()
    assert "Ana Lima-Souza" in page and "9:00 a.m.–12:00 p.m." in page
    (interpreter,) = rules.build_instance(window, []).interpreters
    assert interpreter.languages == ("pt",) and len(interpreter.available) == 1
    # Deactivation asks first.
    deactivate = reverse("conferences:interpreter_deactivate", args=[window.pk, ana.pk])
    assert "Deactivate Ana Lima-Souza?" in client.get(deactivate).content.decode()
    ana.refresh_from_db()
    assert ana.is_active
    client.post(deactivate)
    ana.refresh_from_db()
    assert not ana.is_active
    assert rules.build_instance(window, []).interpreters == ()
    client.post(url, {"action": "reactivate"})
    ana.refresh_from_db()
    assert ana.is_active
    hours = InterpreterHours.objects.get()
    client.post(url, {"action": "remove_hours", "hours": hours.pk})
    assert not InterpreterHours.objects.exists()


def test_another_schools_interpreter_is_not_found(client, cast, window):
    from tests.personas import make_school

    other_school, _year = make_school("Bay Academy")
    theirs = Interpreter.objects.create(school=other_school, name="Zed", languages="fr")
    client.force_login(cast.coordinator)
    url = reverse("conferences:interpreter", args=[window.pk, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "reactivate"}).status_code == 404
