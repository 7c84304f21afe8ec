"""Several machines, shown (issue 20): two gunicorn servers and two task workers on one
PostgreSQL, a small herd of families spread over both servers — each signs in by the e-mailed
link and books, several wanting the same advisor's times. Afterwards no rule is broken, every
sign-in link and every invitation went exactly once (the task queue gives each task to one
worker), and a session made on one server is valid on the other."""

from collections import Counter

import pytest
from django.db import connection

from tandem.advisories.models import Advisory
from tandem.conferences.models import AdvisorAvailability, Conference, Status
from tandem.people.models import Guardianship, Household
from tests import herd
from tests.personas import make_caregiver, make_student
from tests.smtp import start_smtp

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several servers and workers share one PostgreSQL; the SQLite test database is "
        "in memory, out of their reach. Runs in the PostgreSQL pass of `make test`.",
    ),
]

FAMILIES = 8


@pytest.fixture(autouse=True)
def frozen():
    """The servers run on the real clock; so does this test (the window is still ahead)."""
    yield


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def test_two_servers_two_workers_one_database(cast, window, tmp_path):
    AdvisorAvailability.objects.create(window=window, advisor=cast.advisor, max_per_day=3)
    emails = []
    for n in range(FAMILIES):
        student = make_student(cast.school, f"Kid{n}", "Herd", local_id=f"H-{n}")
        caregiver = make_caregiver(cast.school, f"Parent{n}", "Herd", email=f"h{n}@herd.test")
        house = Household.objects.create(school=cast.school, name=f"Herd {n}")
        Guardianship.objects.create(
            student=student, caregiver=caregiver, household=house, relationship="parent"
        )
        Advisory.objects.create(student=student, advisor=cast.advisor, year=cast.year)
        emails.append(caregiver.email)
    connection.close()
    controller, inbox = start_smtp()
    env = {
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(controller.port),
        "TANDEM_TRUSTED_PROXIES": "1",
        "DEBUG": "true",  # static files without collectstatic
    }
    try:
        with herd.stack(env=env, servers=2, workers=2, logs=tmp_path) as urls:
            outcomes = herd.run_herd(urls, emails, inbox, pick=lambda times: times[0])
            # A session made on one server is good on the other.
            signed_in = signed_in_on_both(urls, emails[0], inbox)
            invitations = expected_invitations()
            inbox_wait(inbox, len(emails) + invitations)
    finally:
        controller.stop()
    assert not [o.error for o in outcomes if o.error]
    assert herd.server_errors(tmp_path) == 0
    assert herd.rule_breaks() == {"double bookings": 0, "daily-limit breaks": 0}
    booked = Conference.objects.filter(advisor=cast.advisor, status=Status.BOOKED)
    assert sum(o.booked for o in outcomes) == booked.count()
    assert booked.count() >= 3  # the day's limit stops the rest of one day, not the herd
    # Every sign-in link and every invitation exactly once (an invitation carries a sign-in
    # link to the family's page too: counted with the invitations).
    links = Counter(
        m["To"]
        for m in inbox.messages
        if "/signin/link/open/" in inbox.text_of(m) and not has_calendar(m)
    )
    assert all(links[e] == 2 if e == emails[0] else links[e] == 1 for e in emails), links
    calendars = Counter(m["To"] for m in inbox.messages if has_calendar(m))
    assert sum(calendars.values()) == invitations
    assert all(n == 1 for n in calendars.values()), calendars
    assert signed_in


def signed_in_on_both(urls, address, inbox) -> bool:
    """Sign in on the first server (a second link for this family), then read the family's
    page on the second with the same cookie."""
    import re
    import urllib.parse

    first = herd.Browser(urls[0], "10.8.8.8")
    token, _page = first.form("/signin/link/")
    before = len(inbox.messages)
    first.request("/signin/link/", {"email": address, "csrfmiddlewaretoken": token})
    deadline_messages = inbox_wait(inbox, before + 1)
    link = [
        herd.LINK.search(inbox.text_of(m)).group(1)
        for m in deadline_messages[before:]
        if address in m["To"] and herd.LINK.search(inbox.text_of(m))
    ][-1]
    parts = urllib.parse.urlsplit(link)
    token, page = first.form(f"{parts.path}?{parts.query}")
    sesame = re.search(r'name="t" value="([^"]+)"', page).group(1)
    status, _h, _p = first.request(
        "/signin/link/open/", {"t": sesame, "csrfmiddlewaretoken": token}
    )
    second = herd.Browser(urls[1], "10.8.8.8", jar=first.jar)
    status_two, _h, page_two = second.request("/conferences/")
    return status == 302 and status_two == 200 and "Learning plan conferences" in page_two


def expected_invitations() -> int:
    return Guardianship.objects.filter(
        student__conferences__status=Status.BOOKED, has_educational_rights=True
    ).count()


def inbox_wait(inbox, count, timeout=120):
    import time

    deadline = time.monotonic() + timeout
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # anything sent twice would arrive now
    return list(inbox.messages)


def has_calendar(message) -> bool:
    return any(part.get_content_type() == "text/calendar" for part in message.walk())
