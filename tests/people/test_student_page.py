"""The student page: who sees it, and what each of them sees on it."""

import re

import pytest
from django.urls import reverse

from tandem.people.models import Guardianship, Household
from tests.personas import make_caregiver, make_student

pytestmark = pytest.mark.django_db


def page(client, user, student):
    client.force_login(user)
    return client.get(reverse("people:student_detail", args=[student.pk]))


def test_advisor_sees_people_caregivers_flags_and_advisor(client, cast):
    html = page(client, cast.advisor, cast.student).content.decode()
    assert "Sam Rivera" in html
    assert "Samuel Rivera" in html  # legal name, for staff and family alike
    assert "IEP" in html and "Casey Manager" in html
    assert "Alice Advisor" in html
    assert "carla@family.test" in html and "ned@family.test" in html
    assert "No educational rights" in html
    assert "S-100" in html


def test_caregiver_never_sees_another_households_contact_details(client, cast):
    html = page(client, cast.caregiver.user, cast.student).content.decode()
    assert "Ned Rivera" in html  # the name of the child's other parent is not hidden
    assert "ned@family.test" not in html
    assert "(617) 555-0102" not in html and "+16175550102" not in html
    assert "carla@family.test" in html  # her own household
    assert "No educational rights" not in html  # staff-only notes


def without_tokens(response) -> str:
    return re.sub(r'(value="|X-CSRFToken": ")[^"]+', "", response.content.decode())


def test_caregiver_without_rights_gets_404_like_a_missing_record(client, cast):
    forbidden = page(client, cast.caregiver_no_rights.user, cast.student)
    missing = client.get(reverse("people:student_detail", args=[999_999]))
    assert forbidden.status_code == missing.status_code == 404
    assert without_tokens(forbidden) == without_tokens(missing)


def test_caregiver_with_two_children_picks_which_one(client, cast):
    sister = make_student(cast.school, "Lucia", "Rivera", grade=7, local_id="S-101")
    Guardianship.objects.create(
        student=sister,
        caregiver=cast.caregiver,
        relationship="mother",
        household=Household.objects.get(name="Rivera (Elm St)"),
    )
    client.force_login(cast.caregiver.user)
    home = client.get(reverse("people:family_home")).content.decode()
    assert "Sam Rivera" in home and "Lucia Rivera" in home
    html = page(client, cast.caregiver.user, sister).content.decode()
    assert 'aria-label="Your children"' in html
    assert f'href="/students/{cast.student.pk}/"' in html
    assert "Siblings at school" in html


def test_sibling_with_another_advisor_is_not_linked_for_the_advisor(client, cast):
    other_child = make_student(cast.school, "Mateo", "Rivera", grade=12, local_id="S-102")
    Guardianship.objects.create(
        student=other_child,
        caregiver=cast.caregiver,
        relationship="mother",
        household=Household.objects.get(name="Rivera (Elm St)"),
    )
    html = page(client, cast.advisor, cast.student).content.decode()
    assert "Mateo" not in html  # Alice has no educational interest in Mateo


def test_family_home_lists_only_children_with_rights(client, cast):
    client.force_login(cast.caregiver_no_rights.user)
    html = client.get(reverse("people:family_home")).content.decode()
    assert "Sam Rivera" not in html
    assert "No student records are open to you" in html


def test_student_sees_themself(client, cast):
    client.force_login(cast.student.user)
    html = client.get(reverse("people:student_home")).content.decode()
    assert "Sam Rivera" in html and "Alice Advisor" in html
    assert page(client, cast.student.user, cast.other_student).status_code == 404


def test_inactive_caregiver_loses_access(client, cast):
    cast.caregiver.is_active = False
    cast.caregiver.save()
    assert page(client, cast.caregiver.user, cast.student).status_code == 404


def test_caregiver_of_another_school_sees_nothing(client, cast):
    from tests.personas import make_school

    other_school, _year = make_school("Hilltop Middle")
    stranger = make_caregiver(other_school, "Gus", "Hill", email="gus@family.test")
    assert page(client, stranger.user, cast.student).status_code == 404
