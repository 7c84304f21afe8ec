"""Departures are handled, not just blocked (issue 13): when a staff member loses their last role
at a school — by hand or by a roster import — the coordinator sees what they left behind and
hands each group over in one step; a booked conference follows the advisory."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from tandem.advisories.models import Advisory, Handover
from tandem.conferences import selectors as conference_selectors
from tandem.conferences import services as conference_services
from tandem.conferences.models import Conference, Status
from tandem.conferences.views import feed_key_for
from tandem.people.models import Student
from tandem.referrals.models import Referral
from tandem.referrals.services import referral_create
from tandem.schools.models import Role, StaffRole
from tests.personas import make_school, make_staff, make_student
from tests.rosters.conftest import run_import  # noqa: F401 (a fixture)
from tests.rosters.packages import harbor

NOW = datetime(2027, 1, 4, 14, 0, tzinfo=UTC)  # Monday, 09:00 in New York


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


def local(window, text):
    return datetime.fromisoformat(text).replace(tzinfo=window.school.zone)


@pytest.fixture
def window(cast):
    return conference_services.window_for_term(term=cast.year.terms.get(name="Fall"))


def book(cast, window, student, at):
    (made,) = conference_services.conferences_book(
        by=cast.coordinator,
        window=window,
        requests=conference_selectors.staff_requests(window, student),
        starts_at=local(window, at),
        by_family=False,
        notify=False,
    )
    return made


def leaves(user, school):
    """What the admin site (or a roster import) does: the person's roles at the school go."""
    StaffRole.objects.filter(user=user, school=school).delete()


def ics_of(mail):
    (attachment,) = [a for a in mail.attachments if a[2].startswith("text/calendar")]
    return Calendar.from_ical(attachment[1])


def page(client, user, name, *args, school=None):
    client.force_login(user)
    url = reverse(name, args=args) + (f"?school={school.pk}" if school else "")
    return client.get(url)


def hand_over(client, cast, person, kind, successor, capture):
    client.force_login(cast.coordinator)
    with capture(execute=True):
        return client.post(
            reverse("advisories:departure", args=[person.pk]),
            {"school": cast.school.pk, "kind": kind, "successor": successor.pk},
        )


def test_nobody_left_anything(client, cast):
    response = page(client, cast.coordinator, "advisories:departures")
    assert response.status_code == 200
    assert "Nobody who left the school left anything behind" in response.content.decode()
    home = page(client, cast.coordinator, "advisories:coordinator").content.decode()
    assert "left something behind" not in home


def test_an_advisor_who_leaves_is_listed_with_advisees_and_booked_conferences(client, cast, window):
    book(cast, window, cast.student, "2027-01-20 10:00")
    leaves(cast.advisor, cast.school)

    home = page(client, cast.coordinator, "advisories:coordinator").content.decode()
    assert "Departures: 1 person left something behind" in home
    html = page(client, cast.coordinator, "advisories:departures").content.decode()
    assert "Alice Advisor" in html and "no longer has a role at the school" in html
    assert "Advisees: 1" in html and "Booked conferences: 1" in html
    assert "Bob Advisor" not in html
    detail = page(client, cast.coordinator, "advisories:departure", cast.advisor.pk)
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "What Alice Advisor left behind" in html and "Sam Rivera" in html
    # Only advisors are offered for the advisees.
    assert f'<option value="{cast.other_advisor.pk}">Bob Advisor' in html
    # The departed advisor's feed is empty: no school where they hold a role.
    client.logout()
    feed = client.get(reverse("conferences:feed", args=[feed_key_for(cast.advisor)]))
    assert not Calendar.from_ical(feed.content).walk("VEVENT")


def test_the_handover_moves_the_advisees_and_their_conference_follows(
    client, cast, window, mailoutbox, django_capture_on_commit_callbacks
):
    booked = book(cast, window, cast.student, "2027-01-20 10:00")
    leaves(cast.advisor, cast.school)

    response = hand_over(
        client,
        cast,
        cast.advisor,
        "advisees",
        cast.other_advisor,
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302

    current = Advisory.objects.current().get(student=cast.student)
    assert current.advisor == cast.other_advisor and current.assigned_by == cast.coordinator
    booked.refresh_from_db()
    assert booked.status == Status.BOOKED and booked.advisor == cast.other_advisor
    (update,) = [m for m in mailoutbox if m.to == [cast.caregiver.email]]
    event = ics_of(update).walk("VEVENT")[0]
    assert str(event["UID"]) == f"conference-{booked.uid}@tandem"
    assert event["SEQUENCE"] == 1
    handover = Handover.objects.get()
    assert (handover.person, handover.successor, handover.by, handover.count) == (
        cast.advisor,
        cast.other_advisor,
        cast.coordinator,
        1,
    )
    # What is left: the booked conference went with the advisee, so nothing.
    html = page(client, cast.coordinator, "advisories:departures").content.decode()
    assert "Nobody who left the school left anything behind" in html
    assert "Handed over" in html and "Advisees (1)" in html
    # The departed person's page is gone too.
    assert (
        page(client, cast.coordinator, "advisories:departure", cast.advisor.pk).status_code == 404
    )


def test_a_new_advisor_busy_then_means_the_family_is_told_and_may_book_again(
    client, cast, window, mailoutbox, django_capture_on_commit_callbacks
):
    booked = book(cast, window, cast.student, "2027-01-20 10:00")
    book(cast, window, cast.other_student, "2027-01-20 10:00")  # Bob is busy then
    leaves(cast.advisor, cast.school)

    hand_over(
        client,
        cast,
        cast.advisor,
        "advisees",
        cast.other_advisor,
        django_capture_on_commit_callbacks,
    )

    booked.refresh_from_db()
    assert booked.status == Status.CANCELLED and booked.rebook_offered_at is not None
    (told,) = [m for m in mailoutbox if m.to == [cast.caregiver.email]]
    assert "has a new advisor, who is not free" in told.body
    assert ics_of(told)["METHOD"] == "CANCEL"
    assert conference_services.reopened_for(
        window, conference_selectors.staff_requests(window, cast.student)
    )
    # The coordinator's page shows it until the family books again.
    html = page(client, cast.coordinator, "advisories:departures").content.decode()
    assert "1 conference cancelled when the advisee moved" in html
    detail = page(client, cast.coordinator, "advisories:departure", cast.advisor.pk)
    book_url = reverse("conferences:staff_book", args=[window.pk, cast.student.pk])
    assert book_url in detail.content.decode()
    book(cast, window, cast.student, "2027-01-21 10:00")
    html = page(client, cast.coordinator, "advisories:departures").content.decode()
    assert "Nobody who left the school left anything behind" in html


def test_the_case_managers_caseload_and_referrals_are_handed_over(
    client, cast, django_capture_on_commit_callbacks
):
    referral = referral_create(
        student=cast.student,
        referrer=cast.case_manager,
        refer_to="support_team",
        category="Academic",
        urgency="routine",
        observed="Missed three assignments.",
        family_told=True,
    )
    leaves(cast.case_manager, cast.school)
    html = page(client, cast.coordinator, "advisories:departures").content.decode()
    assert "Casey Manager" in html
    assert "IEP caseload (case manager): 1" in html and "Open referrals: 1" in html

    # Bob is no case manager: refused, nothing moves.
    hand_over(
        client,
        cast,
        cast.case_manager,
        "case_manager",
        cast.other_advisor,
        django_capture_on_commit_callbacks,
    )
    assert Student.objects.get(pk=cast.student.pk).case_manager == cast.case_manager
    assert not Handover.objects.exists()

    dana = make_staff(cast.school, "dana@harbor.test", "Dana Manager", Role.CASE_MANAGER)
    hand_over(
        client, cast, cast.case_manager, "case_manager", dana, django_capture_on_commit_callbacks
    )
    assert Student.objects.get(pk=cast.student.pk).case_manager == dana
    hand_over(
        client, cast, cast.case_manager, "referrals", dana, django_capture_on_commit_callbacks
    )
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.referrer == dana
    assert "Handed over from Casey Manager" in referral.notes.get().body
    assert (
        page(client, cast.coordinator, "advisories:departure", cast.case_manager.pk).status_code
        == 404
    )


def test_a_roster_import_that_drops_a_teacher_puts_them_on_the_departures_page(
    client,
    db,
    run_import,  # noqa: F811
):
    run_import(harbor())
    alice = StaffRole.objects.get(sourced_id="t1").user
    school = alice.staff_roles.get().school
    coordinator = make_staff(school, "cora@lighthouse.test", "Cora Coordinator", Role.COORDINATOR)
    sam = Student.objects.get(sourced_id="s1")
    Advisory.objects.create(student=sam, advisor=alice, year=school.years.get())
    assert (
        "left something behind"
        not in page(client, coordinator, "advisories:coordinator").content.decode()
    )

    package = harbor()
    package.users = [u for u in package.users if u["sourcedId"] != "t1"]
    package.roles = [r for r in package.roles if r["userSourcedId"] != "t1"]
    package.enrollments = [e for e in package.enrollments if e["userSourcedId"] != "t1"]
    run_import(package)

    assert not StaffRole.objects.filter(user=alice).exists()
    home = page(client, coordinator, "advisories:coordinator").content.decode()
    assert "Departures: 1 person left something behind" in home
    html = page(client, coordinator, "advisories:departures").content.decode()
    assert "Alice Advisor" in html and "Advisees: 1" in html


@pytest.mark.parametrize("name", ["advisories:departures", "advisories:departure"])
def test_only_the_schools_coordinator_opens_the_departures_pages(client, cast, name):
    leaves(cast.advisor, cast.school)
    args = [cast.advisor.pk] if name == "advisories:departure" else []
    other_school, _year = make_school("Elsewhere High")
    elsewhere = make_staff(other_school, "eve@elsewhere.test", "Eve Else", Role.COORDINATOR)
    assert page(client, cast.coordinator, name, *args).status_code == 200  # owner
    assert page(client, cast.school_admin, name, *args).status_code == 200  # allowed
    for outsider in (cast.other_advisor, cast.case_manager, cast.caregiver.user):
        assert page(client, outsider, name, *args).status_code == 404
    # The other school's coordinator has their own departures page, without Alice.
    theirs = page(client, elsewhere, name, *args)
    if args:
        assert theirs.status_code == 404
    else:
        assert theirs.status_code == 200 and "Alice" not in theirs.content.decode()
    # Naming the school does not help the other school's coordinator.
    assert page(client, elsewhere, name, *args, school=cast.school).status_code == 404
    # A person who left nothing is no departure.
    if args:
        assert page(client, cast.coordinator, name, cast.other_advisor.pk).status_code == 404


def _departed_advisors(cast, window, count, start):
    for n in range(start, start + count):
        gone = make_staff(cast.school, f"gone{n}@harbor.test", f"Gone {n}", Role.ADVISOR)
        for k in range(3):
            student = make_student(cast.school, f"Kid{n}-{k}", "Left", local_id=f"L-{n}-{k}")
            Advisory.objects.create(student=student, advisor=gone, year=cast.year)
        leaves(gone, cast.school)


def test_the_departures_page_runs_a_fixed_number_of_queries(client, cast, window):
    client.force_login(cast.coordinator)
    url = reverse("advisories:departures")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    _departed_advisors(cast, window, 2, 0)
    small = queries()
    _departed_advisors(cast, window, 12, 10)
    large = queries()
    assert small == large, f"{small} queries for 2 departed advisors, {large} for 14"
    assert Conference.objects.count() == 0


def test_revision_plans_and_next_steps_they_own_are_handed_over(
    client, cast, window, django_capture_on_commit_callbacks
):
    from datetime import date

    from tandem.plans.approvals import revision_plan_create
    from tandem.records.models import MeetingRecord, NextStep
    from tests.core.test_access_matrix import shared_plan_of

    revision = revision_plan_create(
        plan=shared_plan_of(cast),
        changes="Add a reading goal.",
        owner=cast.advisor,
        due_on=date(2027, 1, 15),
        review_on=date(2027, 1, 22),
        by=cast.advisor,
    )
    record = MeetingRecord.objects.create(
        conference=book(cast, window, cast.student, "2027-01-20 10:00")
    )
    step = NextStep.objects.create(
        record=record, what="Call the family", owner=cast.advisor, due_on=date(2027, 2, 1)
    )
    NextStep.objects.create(  # long done: not left behind
        record=record, what="Old step", owner=cast.advisor, due_on=date(2026, 12, 1)
    )
    leaves(cast.advisor, cast.school)
    html = page(client, cast.coordinator, "advisories:departures").content.decode()
    assert "Revision plans: 1" in html and "Next steps from meeting records: 1" in html

    for kind in ("revision_plans", "next_steps"):
        hand_over(
            client, cast, cast.advisor, kind, cast.other_advisor, django_capture_on_commit_callbacks
        )
    revision.refresh_from_db()
    step.refresh_from_db()
    assert revision.owner == cast.other_advisor and step.owner == cast.other_advisor
    assert sorted(Handover.objects.values_list("kind", "count")) == [
        ("next_steps", 1),
        ("revision_plans", 1),
    ]


def test_booked_conferences_of_students_without_an_advisor_are_handed_over(
    client, cast, window, mailoutbox, django_capture_on_commit_callbacks
):
    from tandem.advisories.services import advisory_end

    booked = book(cast, window, cast.student, "2027-01-20 10:00")
    advisory_end(student=cast.student, year=cast.year)
    leaves(cast.advisor, cast.school)
    html = page(client, cast.coordinator, "advisories:departures").content.decode()
    assert "Booked conferences: 1" in html and "Advisees" not in html

    hand_over(
        client,
        cast,
        cast.advisor,
        "conferences",
        cast.other_advisor,
        django_capture_on_commit_callbacks,
    )
    booked.refresh_from_db()
    assert booked.advisor == cast.other_advisor and booked.sequence == 1
    (update,) = [m for m in mailoutbox if m.to == [cast.caregiver.email]]
    assert ics_of(update).walk("VEVENT")[0]["SEQUENCE"] == 1


def test_removing_the_role_in_the_admin_site_puts_them_on_the_departures_page(client, cast):
    from tandem.accounts.models import User

    it = User.objects.create_superuser(email="it@harbor.test", password="x" * 20)
    client.force_login(it)
    (role,) = cast.advisor.staff_roles.all()
    response = client.post(
        reverse("admin:schools_staffrole_delete", args=[role.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    html = page(client, cast.coordinator, "advisories:departures").content.decode()
    assert "Alice Advisor" in html and "Advisees: 1" in html
