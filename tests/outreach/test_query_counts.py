"""The advisor's due list (page, panel and digest) runs the same number of SQL queries for 20
students as for 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.outreach.due import due_list
from tests.advisories.test_query_counts import add_students

pytestmark = pytest.mark.django_db


def count(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def test_due_list_queries_do_not_grow_with_the_school(client, harbor):
    client.force_login(harbor.advisor)

    def page():
        assert client.get("/advisor/due/").status_code == 200

    def selector():
        harbor.advisor.__dict__.pop("_tandem_memberships", None)  # as on a fresh request
        due_list(harbor.advisor)

    add_students(harbor, 18, start=0)  # 20 students in all
    small = (count(page), count(selector))
    add_students(harbor, 480, start=100)  # 500 in all
    large = (count(page), count(selector))
    assert small == large, f"due list: {small} queries with 20 students, {large} with 500"
    print(f"due list queries (page, selector): {large}")
    assert large[0] <= 20


def add_records(cast, start: int) -> None:
    """A meeting, a check-in, a contact and a referral for each bulk student, in bulk."""
    from tandem.outreach.models import CheckIn, ContactLog, QuarterlyMeeting
    from tandem.people.models import Guardianship, Student
    from tandem.referrals.models import Referral
    from tandem.schools.models import Quarter

    quarter = Quarter.objects.get(year=cast.year, number=1)
    students = list(Student.objects.filter(local_id__startswith="B-", meetings__isnull=True))
    QuarterlyMeeting.objects.bulk_create(
        QuarterlyMeeting(
            student=s,
            advisor=cast.advisor,
            quarter=quarter,
            held_on=quarter.starts_on,
            progress="ok",
        )
        for s in students
    )
    CheckIn.objects.bulk_create(CheckIn(student=s, advisor=cast.advisor) for s in students)
    ContactLog.objects.bulk_create(
        ContactLog(
            student=g.student,
            caregiver=g.caregiver,
            by=cast.advisor,
            method="call",
            outcome="reached",
        )
        for g in Guardianship.objects.filter(student__in=students).select_related(
            "student", "caregiver"
        )
    )
    Referral.objects.bulk_create(
        Referral(
            school=cast.school,
            student=s,
            referrer=cast.advisor,
            refer_to="support_team",
            category="Academic",
            urgency="routine",
            observed="x",
            family_told=True,
        )
        for s in students
    )


@pytest.mark.parametrize(
    "persona,url",
    [
        ("coordinator", "/coordinator/meetings/?quarter=1"),
        ("coordinator", "/coordinator/meetings/?quarter=2&show=quarter_overdue"),
        ("coordinator", "/coordinator/meetings/?show=contact_done"),
        ("coordinator", "/coordinator/contact-corrections/"),
        ("coordinator", "/referrals/?state="),
        ("advisor", "/referrals/"),
        ("advisor", "/advisor/messages/"),
    ],
)
def test_outreach_lists_do_not_grow_with_the_school(client, harbor, persona, url):
    client.force_login(getattr(harbor, persona))
    add_students(harbor, 18, start=0)
    add_records(harbor, 0)
    small = count(lambda: client.get(url))
    add_students(harbor, 480, start=100)
    add_records(harbor, 100)
    large = count(lambda: client.get(url))
    assert small == large, f"{url}: {small} queries with 20 students, {large} with 500"
    print(f"{url}: {large} queries")
    assert large <= 20
