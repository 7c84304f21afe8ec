"""The coordinator's compliance desk: counts that are the lengths of their lists, the same
states as the advisor's due list, access, exports and the nudge."""

import csv
import datetime
import gc
import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tandem.advisories.models import Advisory
from tandem.outreach.message_models import MessageRecipient
from tandem.outreach.models import ContactLog
from tandem.oversight import compliance
from tandem.oversight.models import Nudge
from tandem.people.models import Guardianship
from tandem.plans.models import Plan, PlanKind, PlanState
from tandem.schools.models import Role, Term
from tests.personas import make_school, make_staff, make_student
from tests.smtp import Inbox

D = datetime.date
pytestmark = pytest.mark.django_db

DESK = "/coordinator/desk/"
LIST = "/coordinator/desk/students/"
EXPORT = "/coordinator/desk/export/"
NUDGE = "/coordinator/desk/nudge/"


def get(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, url
    return response


def listed_count(html: str) -> int:
    return int(re.search(r'<p id="list-count">(\d+) student', html).group(1))


# -- access ----------------------------------------------------------------------------------


def test_the_desk_is_the_coordinators_and_the_school_admins(client, harbor, travel):
    travel(D(2026, 9, 16))
    other_school, _year = make_school("Other High")
    stranger = make_staff(other_school, "orla@other.test", "Orla Other", Role.COORDINATOR)
    urls = [DESK, f"{LIST}?item=first_contact&state=overdue", f"{EXPORT}?format=xlsx"]
    for user in (harbor.coordinator, harbor.school_admin):
        for url in urls:
            get(client, user, url)
    outsiders = [
        harbor.advisor,
        harbor.case_manager,
        harbor.caregiver.user,
        harbor.student_user,
        stranger,
    ]
    for user in outsiders:
        for url in urls:
            get(client, user, f"{url}{'&' if '?' in url else '?'}school={harbor.school.pk}", 404)
        client.force_login(user)
        response = client.post(
            NUDGE, {"school": harbor.school.pk, "item": "first_contact", "all": "1"}
        )
        assert response.status_code == 404
    assert not Nudge.objects.exists()


def test_the_desk_pages_leave_the_garbage_collector_running(client, harbor, travel):
    """The desk's pages pause Python's collector while they read the school
    (tandem/core/collector.py); it runs again once each has answered, a refused one too."""
    travel(D(2026, 9, 16))
    assert gc.isenabled()
    get(client, harbor.coordinator, DESK)
    assert gc.isenabled()
    get(client, harbor.coordinator, f"{LIST}?item=first_contact&state=overdue")
    assert gc.isenabled()
    get(client, harbor.coordinator, f"{EXPORT}?format=csv")
    assert gc.isenabled()
    get(client, harbor.coordinator, f"{DESK}?term=999999", 404)
    assert gc.isenabled()


# -- counts and lists ----------------------------------------------------------------------------


def test_each_cell_links_to_its_students(client, harbor, travel):
    travel(D(2026, 9, 16))
    html = get(client, harbor.coordinator, DESK).content.decode()
    # Olive (Bob's) and Sam (Alice's, routed to Casey) have not been reached: 2 overdue.
    assert "2 first contacts overdue" in html
    links = re.findall(r'<td><a href="/coordinator/desk/students/\?([^"]+)">(\d+)</a></td>', html)
    assert links
    for query, count in links:
        listed = get(client, harbor.coordinator, LIST + "?" + query.replace("&amp;", "&"))
        assert listed_count(listed.content.decode()) == int(count), query
    overdue = get(client, harbor.coordinator, f"{LIST}?item=first_contact&state=overdue")
    text = overdue.content.decode()
    assert "Olive Chen" in text and "Sam Rivera" in text


def test_the_table_counts_read_without_names_are_the_lists_counts(harbor, travel):
    """The table page reads students without names or order (named=False): it counts the same
    lines, for every filter, and makes no rows."""
    travel(D(2026, 9, 16))
    for filters in (
        compliance.Filters(),
        compliance.Filters(support="iep"),
        compliance.Filters(households="two"),
        compliance.Filters(advisor=compliance.NO_ADVISOR),
    ):
        named = compliance.desk_rows(harbor.school, filters=filters)
        counted = compliance.desk_rows(harbor.school, filters=filters, named=False)
        assert (
            counted.counts()
            == named.counts()
            == Counter((row.advisor_id, row.item, row.state) for row in named.rows)
        )
        assert counted.table() == named.table()
        with pytest.raises(ValueError):
            counted.rows  # noqa: B018 - reading it is the test


def test_filters_apply_to_the_table_and_the_list(client, harbor, travel):
    travel(D(2026, 9, 16))
    school = harbor.school
    only_sam = compliance.Filters(support="iep")
    rows = compliance.desk_rows(school, filters=only_sam).rows
    assert {row.student.pk for row in rows} == {harbor.student.pk}
    two_homes = compliance.desk_rows(school, filters=compliance.Filters(households="two")).rows
    assert {row.student.pk for row in two_homes} == {harbor.student.pk}  # Carla and Ned live apart
    one_home = compliance.desk_rows(school, filters=compliance.Filters(households="one")).rows
    assert {row.student.pk for row in one_home} == {harbor.other_student.pk}
    harbor.other_caregiver.preferred_language = "es"
    harbor.other_caregiver.save()
    spanish = compliance.desk_rows(school, filters=compliance.Filters(language="es")).rows
    assert {row.student.pk for row in spanish} == {harbor.other_student.pk}
    html = get(client, harbor.coordinator, f"{DESK}?language=es").content.decode()
    assert "1 first contact overdue" in html
    listed = get(client, harbor.coordinator, f"{LIST}?language=es&item=first_contact").content
    assert listed_count(listed.decode()) == 1


def _due_states(harbor):
    from tandem.outreach.due import due_list

    states = {}
    for user in (harbor.advisor, harbor.other_advisor, harbor.case_manager):
        for item in due_list(user).items:
            if item.kind in ("first_contact", "meeting", "conference"):
                states[(item.student.pk, item.kind, user.pk)] = item.status
    return states


def _desk_states(desk):
    kinds = {"first_contact": "first_contact", "quarterly": "meeting", "conference": "conference"}
    return {
        (row.student.pk, kinds[row.item], row.owner_id): row.state
        for row in desk.rows
        if row.item in kinds and row.state in ("due", "overdue")
    }


@pytest.mark.parametrize(
    "day", [D(2026, 9, 10), D(2026, 9, 20), D(2026, 11, 20), D(2026, 12, 15), D(2027, 2, 1)]
)
def test_the_desk_counts_each_student_as_the_due_list_does(harbor, travel, day):
    from tandem.conferences.services import window_for_term

    window_for_term(term=Term.objects.get(year=harbor.year, name="Fall"))
    travel(day)
    desk = compliance.desk_rows(harbor.school)
    due = _due_states(harbor)
    if desk.term is None or compliance.calendar.review_term(desk.year, desk.today) != desk.term:
        due = {key: state for key, state in due.items() if key[1] != "conference"}
    assert _desk_states(desk) == due


# -- query count -------------------------------------------------------------------------------


def _grow(harbor, n, prefix):
    fall = Term.objects.get(year=harbor.year, name="Fall")
    winter = Term.objects.get(year=harbor.year, name="Winter")
    household = harbor.other_caregiver.guardianships.first().household
    for i in range(n):
        student = make_student(
            harbor.school, f"S{i}", "Extra", local_id=f"{prefix}-{i}", has_iep=bool(i % 3)
        )
        Advisory.objects.create(student=student, advisor=harbor.other_advisor, year=harbor.year)
        Guardianship.objects.create(
            student=student,
            caregiver=harbor.other_caregiver,
            household=household,
            relationship="mother",
        )
        Plan.objects.create(student=student, term=fall, kind=PlanKind.TERM, state="shared")
        Plan.objects.create(student=student, term=winter, kind=PlanKind.INITIAL, state="draft")


def _queries(client, harbor, url):
    client.force_login(harbor.coordinator)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_desk_reads_a_fixed_number_of_queries(client, harbor, travel):
    from tandem.conferences.services import window_for_term

    window_for_term(term=Term.objects.get(year=harbor.year, name="Fall"))
    travel(D(2026, 12, 15))
    urls = (DESK, f"{LIST}?item=approval", f"{EXPORT}?format=xlsx")
    _grow(harbor, 3, "A")
    small = [_queries(client, harbor, url) for url in urls]
    _grow(harbor, 40, "B")
    large = [_queries(client, harbor, url) for url in urls]
    assert small == large
    print("desk queries (page, list, export):", small)


# -- export ------------------------------------------------------------------------------------


def test_csv_and_xlsx_hold_the_list_with_formulas_neutralised(client, harbor, travel):
    travel(D(2026, 9, 16))
    harbor.other_student.first_name = "=HYPERLINK(1)"
    harbor.other_student.save()
    query = "item=first_contact&state=overdue"
    response = get(client, harbor.coordinator, f"{EXPORT}?{query}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Student", "Local id"]
    assert sorted(r[0] for r in rows[1:]) == ["'=HYPERLINK(1) Chen", "Sam Rivera"]
    assert {r[5] for r in rows[1:]} == {"Overdue"}
    assert "September 15, 2026" in {r[6] for r in rows[1:]}
    response = get(client, harbor.coordinator, f"{EXPORT}?{query}&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Student"
    assert sorted(v[0] for v in values[1:]) == ["'=HYPERLINK(1) Chen", "Sam Rivera"]
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row)
    listed = get(client, harbor.coordinator, f"{LIST}?{query}").content.decode()
    assert listed_count(listed) == len(values) - 1


# -- nudge -------------------------------------------------------------------------------------


def test_nudge_confirms_then_writes_each_person_once(
    client, harbor, travel, smtp, django_capture_on_commit_callbacks
):
    travel(D(2026, 9, 16))
    client.force_login(harbor.coordinator)
    form = {"item": "first_contact", "state": "overdue", "all": "1"}
    confirm = client.post(NUDGE, form)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "To Bob Advisor" in text and "To Casey Manager" in text  # Sam is routed to Casey
    assert not Nudge.objects.exists() and smtp.messages == []
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(NUDGE, {**form, "confirm": "1"}, follow=True)
    assert "Nudge sent: 2 staff messages" in done.content.decode()
    smtp.wait_for(2)
    (bob,) = smtp.to("bob@harbor.test")
    assert "Olive Chen: First contact: Overdue" in Inbox.text_of(bob)
    assert "Sam Rivera" not in Inbox.text_of(bob)
    (casey,) = smtp.to("casey@harbor.test")
    assert "Sam Rivera: First contact: Overdue" in Inbox.text_of(casey)
    assert len(smtp.messages) == 2
    logged = Nudge.objects.get(recipient=harbor.other_advisor)
    assert (logged.sent_by, logged.student, logged.item) == (
        harbor.coordinator,
        harbor.other_student,
        "first_contact",
    )

    # The next morning's digest carries it.
    travel(D(2026, 9, 17), hour=8)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("morning_digest")
    smtp.wait_for(5)
    digest = smtp.to("bob@harbor.test")[-1]
    assert "Your coordinator nudged you about 1 item" in Inbox.text_of(digest)
    assert "Olive Chen: First contact: Overdue (Cora Coordinator)" in Inbox.text_of(digest)


def test_nudge_only_the_selected_rows(
    client, harbor, travel, smtp, django_capture_on_commit_callbacks
):
    travel(D(2026, 9, 16))
    client.force_login(harbor.coordinator)
    form = {
        "item": "first_contact",
        "state": "overdue",
        "row": f"{harbor.other_student.pk}:first_contact",
        "confirm": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NUDGE, form)
    smtp.wait_for(1)
    assert [m["To"] for m in smtp.messages] == ["bob@harbor.test"]
    assert Nudge.objects.count() == 1


def test_the_familys_item_goes_to_the_family_through_the_messaging(
    client, harbor, travel, smtp, django_capture_on_commit_callbacks
):
    travel(D(2026, 9, 16))
    fall = Term.objects.get(year=harbor.year, name="Fall")
    Plan.objects.create(
        student=harbor.other_student, term=fall, kind=PlanKind.TERM, state=PlanState.SHARED
    )
    harbor.other_caregiver.preferred_language = "es"
    harbor.other_caregiver.save()
    client.force_login(harbor.coordinator)
    form = {"item": "approval", "state": "pending", "all": "1", "term": fall.pk, "confirm": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(NUDGE, form)
    recipient = MessageRecipient.objects.get(caregiver=harbor.other_caregiver)
    assert recipient.language == "es"
    assert "Olive" in recipient.body
    assert ContactLog.objects.filter(recipient=recipient).exists()
    nudge = Nudge.objects.get()
    assert nudge.recipient is None and nudge.message == recipient.message
