"""The exhibition's lists issue the same number of queries whatever the number of presenters,
raters and scores: the coordinator's overview and raters, a rater's panels, the score sheet
and results, and the results PDF's rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.exhibitions import selectors, services
from tandem.exhibitions.models import Rater
from tests.personas import make_student

from .stage import score, slot


def grow(stage, count, start):
    exhibition = stage.exhibition
    students = [
        make_student(exhibition.school, f"Kid{n}", "Many", local_id=f"M-{n}", grade=10)
        for n in range(start, start + count)
    ]
    added = services.presentations_add(exhibition=exhibition, students=students)
    for n, presentation in enumerate(added, start=start):
        services.presentation_place(
            presentation=presentation, starts_at=slot(stage.exhibition, n - 2), room="Room 101"
        )
        rater = Rater.objects.create(exhibition=exhibition, name=f"R{n}", email=f"r{n}@x.test")
        seat = services.seat_add(presentation=presentation, rater=rater)
        services.seat_add(presentation=stage.presentation, rater=rater)
        score(seat, levels={"Presents clearly": 1 + n % 4, "Uses evidence": 2}, comment="ok")
        staff_seat = services.seat_add(presentation=presentation, rater=stage.staff_rater)
        score(staff_seat, levels={"Presents clearly": 3, "Uses evidence": 3}, submit=n % 2 == 0)


def counts(client, cast, stage) -> dict:
    pages = {
        cast.coordinator: [
            reverse("exhibitions:detail", args=[stage.exhibition.pk]),
            reverse("exhibitions:raters", args=[stage.exhibition.pk]),
            reverse("exhibitions:list"),
            reverse("exhibitions:result", args=[stage.presentation.pk]),
        ],
        cast.other_advisor: [
            reverse("exhibitions:my_panels"),
            reverse("exhibitions:seat", args=[stage.staff_seat.pk]),
        ],
        None: [reverse("exhibitions:panelist", args=[stage.panel_key])],
    }
    found = {}
    for user, urls in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            found[url] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        selectors.exhibition_results(stage.exhibition)
    found["pdf rows"] = len(queries)
    return found


def test_pages_do_not_grow_with_the_exhibition(client, cast, stage):
    score(stage.staff_seat, levels={"Presents clearly": 3, "Uses evidence": 3})
    grow(stage, 2, 2)
    small = counts(client, cast, stage)
    grow(stage, 6, 4)
    large = counts(client, cast, stage)
    assert small == large
