"""The meeting page reads a fixed number of queries: more attendees, items covered or approvals
do not add any; the checklist page's yearly count is one grouped query whatever the school's
size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.meetings import services
from tests.personas import make_student

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_meeting_page_queries_do_not_grow(client, cast, conference, plan):
    client.force_login(cast.advisor)
    url = reverse("meetings:agenda", args=[conference.pk])
    client.get(url)
    meeting = services.meeting_for(conference=conference, by=cast.advisor)
    items = list(services.checklist_for(cast.school).items.filter(kind="must"))
    services.coverage_save(meeting=meeting, item=items[0], covered=True, notes="", by=cast.advisor)
    few = queries(client, url)
    for item in items[1:]:
        services.coverage_save(meeting=meeting, item=item, covered=True, notes="x", by=cast.advisor)
    for n in range(6):
        services.attendee_add(
            meeting=meeting, name=f"Guest {n}", role="", family=False, by=cast.advisor
        )
    many = queries(client, url)
    assert many == few
    print(f"meeting page: {few} queries")


def test_checklist_page_queries_do_not_grow_with_the_school(client, cast):
    client.force_login(cast.coordinator)
    url = reverse("meetings:checklist")
    client.get(url)
    small = queries(client, url)
    for n in range(40):
        make_student(cast.school, "Kid", str(n), local_id=f"K-{n}")
    assert queries(client, url) == small
    print(f"checklist page: {small} queries")
