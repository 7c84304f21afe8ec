"""The demo school: deterministic, shaped like a real school, and every demo login works."""

import itertools
import math
from collections import Counter, defaultdict
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory
from django.utils.html import escape

from tandem.advisories.models import Advisory
from tandem.demo import generator
from tandem.demo.logins import demo_logins
from tandem.people.models import Caregiver, Guardianship, Student
from tandem.people.phones import to_e164
from tandem.schools.models import Role, School, StaffRole
from tandem.schools.selectors import current_year

pytestmark = pytest.mark.django_db


def seed(students=300, seed=2026, *extra):
    out = StringIO()
    call_command("seed_demo", "--students", str(students), "--seed", str(seed), *extra, stdout=out)
    return out.getvalue()


class _Rollback(Exception):
    pass


def fingerprint(*, students: int, seed: int) -> list[tuple]:
    """The people a seed makes, read back from the database, then thrown away."""
    try:
        with transaction.atomic():
            generator.build_demo_school(students=students, seed=seed)
            found = list(
                Student.objects.order_by("local_id").values_list(
                    "local_id", "state_id", "first_name", "last_name", "preferred_name", "grade"
                )
            ) + list(
                Caregiver.objects.order_by("first_name", "last_name", "mobile_phone").values_list(
                    "first_name", "last_name", "email", "mobile_phone", "preferred_language"
                )
            )
            raise _Rollback
    except _Rollback:
        return found


def families() -> list[set[int]]:
    """Students who share a caregiver, directly or through a sibling, are one family."""
    parent: dict = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for student_id, caregiver_id in Guardianship.objects.values_list("student_id", "caregiver_id"):
        parent[find(("s", student_id))] = find(("c", caregiver_id))
    groups = defaultdict(set)
    for student_id in Student.objects.values_list("pk", flat=True):
        groups[find(("s", student_id))].add(student_id)
    return list(groups.values())


def test_the_same_seed_makes_the_same_school():
    first = fingerprint(students=60, seed=7)
    assert first == fingerprint(students=60, seed=7)
    assert first != fingerprint(students=60, seed=8)
    assert len(first) > 60


def test_proportions_hold_for_300_students():
    seed()
    students = Student.objects.all()
    n = students.count()
    assert n == 300

    groups = families()
    with_siblings = sum(1 for group in groups if len(group) > 1) / len(groups)
    assert 0.15 <= with_siblings <= 0.25

    ties = set(Guardianship.objects.values_list("student_id", "household_id"))
    homes = Counter(student_id for student_id, _household in ties)
    two_homes = sum(1 for count in homes.values() if count >= 2) / n
    assert 0.12 <= two_homes <= 0.20

    supported = students.filter(has_iep=True) | students.filter(has_504=True)
    supported = (supported | students.filter(has_est=True)).distinct()
    assert 0.12 <= supported.count() / n <= 0.18
    case_managers = set(
        StaffRole.objects.filter(role=Role.CASE_MANAGER).values_list("user_id", flat=True)
    )
    assert {s.case_manager_id for s in supported} <= case_managers
    assert len({s.case_manager_id for s in supported}) == 2
    assert students.filter(counselor__isnull=False).exists()

    spanish = students.filter(guardianships__caregiver__preferred_language="es").distinct()
    assert 0.09 <= spanish.count() / n <= 0.16
    assert Caregiver.objects.filter(preferred_language="es", needs_interpreter=True).exists()

    other = Caregiver.objects.filter(needs_interpreter=True).exclude(home_language="Spanish")
    assert set(other.values_list("preferred_language", flat=True)) == {"en"}
    assert set(other.values_list("home_language", flat=True)) == {
        "Haitian Creole",
        "Vietnamese",
        "Somali",
        "Portuguese",
        "Arabic",
    }

    no_rights = Guardianship.objects.filter(has_educational_rights=False)
    assert no_rights.filter(relationship__in=["mother", "father"]).exists()
    assert not no_rights.filter(lives_with_student=True, relationship__in=["mother", "father"])
    # Every student has at least one caregiver with educational rights.
    assert not students.exclude(guardianships__has_educational_rights=True).exists()


def test_every_student_has_one_current_advisor_and_advisors_hold_about_15():
    seed(students=200)
    school = School.objects.get()
    year = current_year(school)
    assert year.starts_on <= date.today() <= year.ends_on or year.starts_on > date.today()
    assert year.quarters.count() == 4
    assert list(year.terms.values_list("name", flat=True)) == ["Fall", "Winter", "Spring"]

    current = Advisory.objects.current().filter(year=year)
    per_student = Counter(current.values_list("student_id", flat=True))
    assert set(per_student) == set(Student.objects.values_list("pk", flat=True))
    assert set(per_student.values()) == {1}

    advisors = StaffRole.objects.filter(school=school, role=Role.ADVISOR)
    assert advisors.count() == math.ceil(200 / 15)
    caseloads = Counter(current.values_list("advisor__email", flat=True))
    assert set(caseloads) == set(advisors.values_list("user__email", flat=True))
    assert min(caseloads.values()) >= 13 and max(caseloads.values()) <= 16
    assert caseloads[generator.ADVISOR_EMAIL] == max(caseloads.values())


def test_records_are_valid_linked_and_reachable_by_phone():
    seed(students=60)
    for student in Student.objects.select_related("user"):
        student.full_clean()
        assert student.user.email.endswith("@" + generator.STUDENT_DOMAIN)
    for caregiver in Caregiver.objects.select_related("user"):
        caregiver.full_clean()
        if caregiver.mobile_phone:
            assert to_e164(caregiver.mobile_phone) == caregiver.mobile_phone
            assert caregiver.mobile_phone.startswith("+1")
        assert (caregiver.user is not None) == bool(caregiver.email)
        if caregiver.user:
            assert caregiver.user.email == caregiver.email
        assert caregiver.contact_methods
    phones = list(Caregiver.objects.exclude(mobile_phone="").values_list("mobile_phone", flat=True))
    assert len(phones) == len(set(phones))


def test_each_demo_login_signs_in_and_sees_their_people(client):
    seed(students=90)
    logins = {login.role: login for login in demo_logins()}
    assert len(logins) == 8
    request = RequestFactory().post("/signin/")
    users = {}
    for role, login in logins.items():
        user = authenticate(request, username=login.email, password="tandem-demo")
        assert user is not None, role
        users[role] = user

    family = users["Caregiver"].caregiver
    children = Student.objects.filter(
        guardianships__caregiver=family, guardianships__has_educational_rights=True
    )
    assert children.count() == 2
    assert family.preferred_language == "en"
    assert users["Caregiver (Spanish)"].caregiver.preferred_language == "es"
    assert users["Student"].student in children
    advisees = Advisory.objects.current().filter(advisor=users["Advisor"])
    assert advisees.filter(student=users["Student"].student).exists()

    pages = {
        "PLP coordinator": "/coordinator/",
        "School admin": "/coordinator/",
        "Advisor": "/advisor/",
        "Counselor": "/caseload/",
        "Case manager": "/caseload/",
        "Caregiver": "/family/",
        "Caregiver (Spanish)": "/family/",
        "Student": "/me/",
    }
    for role, url in pages.items():
        client.force_login(users[role])
        response = client.get(url)
        assert response.status_code == 200, role
    client.logout()
    response = client.post(
        "/signin/", {"username": generator.FAMILY_EMAIL, "password": "tandem-demo"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/family/"
    page = response.content.decode()
    assert all(escape(child.display_name) in page for child in children)


def test_if_empty_does_nothing_on_a_second_run():
    seed(students=30)
    before = (Student.objects.count(), Caregiver.objects.count())
    out = seed(30, 99, "--if-empty")
    assert "not seeding" in out
    assert (Student.objects.count(), Caregiver.objects.count()) == before
    with pytest.raises(CommandError, match="already exists"):
        seed(students=30)


def test_too_small_a_school_is_refused_and_nothing_is_written():
    with pytest.raises(CommandError, match="at least 3 students"):
        seed(students=2)
    assert not School.objects.exists()


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (date(2026, 11, 23), date(2026, 8, 25), date(2027, 6, 18)),
        (date(2027, 3, 1), date(2026, 8, 25), date(2027, 6, 18)),
        (date(2027, 6, 18), date(2026, 8, 25), date(2027, 6, 18)),
        (date(2027, 7, 4), date(2027, 8, 25), date(2028, 6, 18)),
    ],
)
def test_the_school_year_is_the_one_around_today(today, first, last):
    assert generator.school_year(today) == (first, last)
    quarters = generator.split_dates(first, last, 4)
    assert quarters[0][0] == first and quarters[-1][1] == last
    for (_, end), (start, _) in itertools.pairwise(quarters):
        assert (start - end).days == 1


def test_demo_logins_command_prints_the_table_or_says_there_is_none():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "no demo school" in out.getvalue()
    seed(students=20)
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert generator.COORDINATOR_EMAIL in text and "tandem-demo" in text
    assert "http://127.0.0.1:8000" in text


def test_demo_has_plans_in_every_state_and_one_waiting_for_the_demo_family(client):
    from tandem.plans.models import Plan, PlanState

    seed(students=120)
    states = set(Plan.objects.values_list("state", flat=True))
    assert {PlanState.DRAFT, PlanState.SHARED, PlanState.APPROVED} <= states
    family = Caregiver.objects.get(email="family@example.com")
    waiting = Plan.objects.filter(student__guardianships__caregiver=family, state=PlanState.SHARED)
    assert waiting.exists()
    client.force_login(family.user)
    assert client.get(f"/plans/{waiting.first().pk}/").status_code == 200
