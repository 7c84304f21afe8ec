"""Rollover (issue 16): the next school year from this one — terms keep their names and
weekdays, windows their settings, advisories are carried except for graduates, leavers and
students whose advisor left; the coordinator reviews and changes it before confirming, and
confirming twice makes nothing twice."""

import datetime
from datetime import UTC

import pytest
import time_machine
from django.urls import reverse

from tandem.advisories import rollover
from tandem.advisories.models import Advisory
from tandem.conferences.models import ConferenceWindow
from tandem.conferences.services import window_for_term
from tandem.plans.models import Plan, PlanKind
from tandem.plans.services import plan_create
from tandem.schools.models import AcademicYear, Quarter, Role, School, StaffRole, Term
from tests.personas import make_staff, make_student

D = datetime.date
NOW = datetime.datetime(2027, 5, 3, 14, 0, tzinfo=UTC)  # Monday, 10:00 in New York
URL = reverse("advisories:rollover")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def school(db):
    school = School.objects.create(name="Bayside Middle", time_zone="America/New_York")
    year = AcademicYear.objects.create(
        school=school, name="2026–2027", starts_on=D(2026, 8, 31), ends_on=D(2027, 6, 18)
    )
    for name, starts, ends in [
        ("Fall", D(2026, 8, 31), D(2026, 11, 20)),  # Monday to Friday
        ("Winter", D(2026, 11, 30), D(2027, 3, 5)),
        ("Spring", D(2027, 3, 8), D(2027, 6, 11)),
    ]:
        Term.objects.create(year=year, name=name, starts_on=starts, ends_on=ends)
    for number, (starts, ends) in enumerate(
        [
            (D(2026, 8, 31), D(2026, 11, 6)),
            (D(2026, 11, 9), D(2027, 1, 29)),
            (D(2027, 2, 1), D(2027, 4, 9)),
            (D(2027, 4, 12), D(2027, 6, 18)),
        ],
        start=1,
    ):
        Quarter.objects.create(year=year, number=number, starts_on=starts, ends_on=ends)
    for term in year.terms.all():
        window_for_term(term=term)
    spring = ConferenceWindow.objects.get(term__name="Spring")
    spring.starts_on, spring.ends_on = D(2027, 6, 14), D(2027, 6, 25)  # Monday to Friday
    spring.slot_minutes, spring.step_minutes = 20, 10
    spring.day_starts_at, spring.day_ends_at = datetime.time(12), datetime.time(18)
    spring.holidays = ["2027-06-18"]
    spring.booking_open = False
    spring.save()

    school.coordinator = make_staff(school, "cora@bayside.test", "Cora Coordinator", "coordinator")
    school.admin = make_staff(school, "sid@bayside.test", "Sid Admin", Role.SCHOOL_ADMIN)
    alice = make_staff(school, "alice@bayside.test", "Alice Advisor", Role.ADVISOR)
    bob = make_staff(school, "bob@bayside.test", "Bob Advisor", Role.ADVISOR)
    gone = make_staff(school, "gus@bayside.test", "Gus Gone", Role.ADVISOR)
    school.alice, school.bob, school.gone, school.year = alice, bob, gone, year

    def student(first, grade, advisor, **fields):
        made = make_student(school, first, "Lee", grade=grade, local_id=first, **fields)
        if advisor is not None:
            Advisory.objects.create(student=made, advisor=advisor, year=year)
        return made

    school.stays = student("Stella", 6, alice)
    school.returning = student("Ruth", 7, bob)
    school.graduate = student("Greta", 8, alice)
    school.leaver = student("Leo", 7, alice, is_active=False)
    school.orphan = student("Otto", 6, gone)
    school.newcomer = student("Nina", 6, None)
    # Ruth had a plan in an earlier year: she gets the annual update; the others an initial PLP.
    earlier = AcademicYear.objects.create(
        school=school, name="2025–2026", starts_on=D(2025, 9, 1), ends_on=D(2026, 6, 19)
    )
    old_term = Term.objects.create(
        year=earlier, name="Fall", starts_on=D(2025, 9, 1), ends_on=D(2025, 11, 21)
    )
    plan_create(student=school.returning, term=old_term, kind=PlanKind.INITIAL, by=alice)
    StaffRole.objects.filter(user=gone, school=school).delete()  # Gus left the school
    return school


def signed_in(client, user):
    client.force_login(user)
    return client


def confirm(client, school, **extra):
    """Post the page's own form as the coordinator would: every field as proposed."""
    page = client.get(URL, {"school": school.pk})
    form = {"school": school.pk}
    for key in ["year_form"]:
        f = page.context[key]
        form |= {f.add_prefix(n): f[n].value() for n in f.fields}
    for _period, f in page.context["terms"] + page.context["quarters"]:
        form |= {f.add_prefix(n): f[n].value() for n in f.fields}
    form = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in form.items()}
    form |= extra
    return client.post(URL, form)


def test_the_next_year_keeps_names_weekdays_and_windows(client, school):
    signed_in(client, school.coordinator)
    response = confirm(client, school)
    assert response.status_code == 302
    year = AcademicYear.objects.get(school=school, name="2027–2028")
    assert (year.starts_on, year.ends_on) == (D(2027, 8, 30), D(2028, 6, 16))
    old = {t.name: t for t in school.year.terms.all()}
    new = list(year.terms.order_by("starts_on"))
    assert [t.name for t in new] == ["Fall", "Winter", "Spring"]
    for term in new:
        assert term.starts_on.weekday() == old[term.name].starts_on.weekday()
        assert term.ends_on.weekday() == old[term.name].ends_on.weekday()
    assert year.quarters.count() == 4
    assert all(q.starts_on.weekday() == 0 for q in year.quarters.all())
    spring = ConferenceWindow.objects.get(term__year=year, term__name="Spring")
    assert (spring.starts_on, spring.ends_on) == (D(2028, 6, 12), D(2028, 6, 23))
    assert (spring.slot_minutes, spring.step_minutes) == (20, 10)
    assert (spring.day_starts_at, spring.day_ends_at) == (datetime.time(12), datetime.time(18))
    assert spring.holidays == ["2028-06-16"] and spring.booking_open is False
    assert ConferenceWindow.objects.filter(term__year=year).count() == 3
    assert not spring.conferences.exists()

    carried = dict(
        Advisory.objects.filter(year=year, ended_at__isnull=True).values_list(
            "student__first_name", "advisor__full_name"
        )
    )
    # Greta graduates, Leo left, Otto's advisor left and Nina had none: not carried.
    assert carried == {"Stella": "Alice Advisor", "Ruth": "Bob Advisor"}
    # This year's advisories stay as they were (history kept).
    assert Advisory.objects.filter(year=school.year, ended_at__isnull=True).count() == 5

    fall = year.terms.get(name="Fall")
    plans = dict(Plan.objects.filter(term=fall).values_list("student__first_name", "kind"))
    assert plans == {
        "Stella": PlanKind.INITIAL,
        "Otto": PlanKind.INITIAL,
        "Nina": PlanKind.INITIAL,
        "Ruth": PlanKind.ANNUAL,
    }
    assert Plan.objects.get(term=fall, student=school.returning).sections.exists()


def test_confirming_twice_makes_nothing_new(client, school):
    signed_in(client, school.coordinator)
    confirm(client, school)
    counts = [
        AcademicYear.objects.count(),
        Term.objects.count(),
        Quarter.objects.count(),
        ConferenceWindow.objects.count(),
        Advisory.objects.count(),
        Plan.objects.count(),
    ]
    page = client.get(URL, {"school": school.pk})
    assert "2027–2028 exists already" in page.content.decode()
    assert confirm(client, school).status_code == 302
    assert counts == [
        AcademicYear.objects.count(),
        Term.objects.count(),
        Quarter.objects.count(),
        ConferenceWindow.objects.count(),
        Advisory.objects.count(),
        Plan.objects.count(),
    ]
    # A year entered by hand with another spelling is the same year (the roster's matching).
    AcademicYear.objects.filter(name="2027–2028").update(name="2027 - 2028")
    assert rollover.propose(school).existing.name == "2027 - 2028"
    assert confirm(client, school).status_code == 302
    assert AcademicYear.objects.count() == counts[0]


def test_the_preview_reads_in_a_fixed_number_of_queries(client, school):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in(client, school.coordinator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"school": school.pk}).status_code == 200
        return len(captured)

    few = queries()
    for n in range(30):
        student = make_student(school, f"Extra{n}", "Moe", grade=6, local_id=f"X{n}")
        Advisory.objects.create(student=student, advisor=school.bob, year=school.year)
    assert queries() == few


def test_the_preview_lists_every_student_with_why_and_counts_are_list_lengths(client, school):
    signed_in(client, school.coordinator)
    page = client.get(URL, {"school": school.pk})
    assert page.status_code == 200
    proposal = page.context["proposal"]
    why = {r.student.first_name: r.status for r in proposal.rows}
    assert why == {
        "Stella": rollover.CARRIED,
        "Ruth": rollover.CARRIED,
        "Greta": rollover.GRADUATING,
        "Leo": rollover.LEFT,
        "Otto": rollover.ADVISOR_GONE,
        "Nina": rollover.NO_ADVISOR,
    }
    text = page.content.decode()
    assert "2027–2028" in text and "Monday, August 30, 2027" in text
    for status, _label, count in page.context["filters"]:
        listed = client.get(URL, {"school": school.pk, "show": status})
        rows = list(listed.context["page"].object_list)
        assert len(rows) == count == listed.context["page"].paginator.count
        assert {r.status for r in rows} <= {status}
        for row in rows:
            assert row.student.display_name in listed.content.decode()
    assert page.context["total"] == len(proposal.rows) == 6
    graduating = client.get(URL, {"school": school.pk, "show": rollover.GRADUATING})
    assert "Greta Lee" in graduating.content.decode()
    assert "Stella Lee" not in graduating.content.decode()


def test_unticking_a_student_and_changing_an_advisor_take_effect(client, school):
    signed_in(client, school.coordinator)
    stays, returning, orphan = school.stays, school.returning, school.orphan
    shown = [stays.pk, returning.pk, orphan.pk]
    confirm(
        client,
        school,
        shown=shown,
        include=[stays.pk, orphan.pk],  # Ruth unticked
        **{
            f"advisor-{stays.pk}": school.bob.pk,  # Stella moves to Bob
            f"advisor-{orphan.pk}": school.alice.pk,  # Otto gets Alice
        },
    )
    year = AcademicYear.objects.get(name="2027–2028")
    carried = dict(
        Advisory.objects.filter(year=year, ended_at__isnull=True).values_list(
            "student__first_name", "advisor__full_name"
        )
    )
    assert carried == {"Stella": "Bob Advisor", "Otto": "Alice Advisor"}
    assert not Plan.objects.filter(term__year=year, student=returning).exists()


def test_an_advisor_who_is_not_an_advisor_here_is_refused_and_nothing_is_made(client, school):
    signed_in(client, school.coordinator)
    response = confirm(
        client,
        school,
        shown=[school.stays.pk],
        include=[school.stays.pk],
        **{f"advisor-{school.stays.pk}": school.gone.pk},
    )
    assert response.status_code == 200
    assert "Choose an advisor of Bayside Middle for Stella Lee." in response.content.decode()
    assert not AcademicYear.objects.filter(name="2027–2028").exists()


def test_edited_dates_are_used(client, school):
    signed_in(client, school.coordinator)
    confirm(client, school, **{"year-name": "2027-28", "term-0-starts_on": "2027-09-01"})
    year = AcademicYear.objects.get(name="2027-28")
    assert year.terms.get(name="Fall").starts_on == D(2027, 9, 1)


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_oversight_opens_it(client, school, who):
    signed_in(client, getattr(school, who))
    assert client.get(URL, {"school": school.pk}).status_code == 200


def test_an_advisor_and_another_schools_coordinator_get_404(client, school):
    signed_in(client, school.alice)
    assert client.get(URL, {"school": school.pk}).status_code == 404
    assert confirm_status(client, school) == 404
    other = School.objects.create(name="Elsewhere")
    stranger = make_staff(other, "cora@elsewhere.test", "Cora Elsewhere", Role.COORDINATOR)
    signed_in(client, stranger)
    assert client.get(URL, {"school": school.pk}).status_code == 404
    assert confirm_status(client, school) == 404
    assert not AcademicYear.objects.filter(name="2027–2028").exists()


def confirm_status(client, school):
    return client.post(URL, {"school": school.pk, "year-name": "2027–2028"}).status_code


def test_a_term_outside_the_year_is_named_and_nothing_is_made(client, school):
    signed_in(client, school.coordinator)
    response = confirm(client, school, **{"term-2-ends_on": "2028-07-30"})
    assert response.status_code == 200
    assert "Spring: It must fall inside the academic year." in response.content.decode()
    assert not AcademicYear.objects.filter(name="2027–2028").exists()
    assert not Plan.objects.filter(term__year__name="2027–2028").exists()


def test_a_graduating_student_ticked_stays_with_their_advisor(client, school):
    signed_in(client, school.coordinator)
    greta = school.graduate
    confirm(
        client,
        school,
        shown=[greta.pk],
        include=[greta.pk],
        **{f"advisor-{greta.pk}": school.alice.pk},
    )
    assert Advisory.objects.get(year__name="2027–2028", student=greta).advisor == school.alice
