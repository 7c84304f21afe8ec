"""The coordinator assigns and reassigns advisors; the history is kept; the rule is in the DB."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tandem.advisories import services
from tandem.advisories.models import Advisory
from tandem.schools.models import Role
from tests.personas import make_school, make_staff, make_student

pytestmark = pytest.mark.django_db


def test_reassigning_keeps_the_history(cast):
    assert services.advisory_assign(
        student=cast.student, advisor=cast.other_advisor, year=cast.year, by=cast.coordinator
    )
    history = list(Advisory.objects.filter(student=cast.student).order_by("started_at", "pk"))
    assert [a.advisor for a in history] == [cast.advisor, cast.other_advisor]
    assert history[0].ended_at is not None and history[1].ended_at is None
    assert history[1].assigned_by == cast.coordinator


def test_assigning_the_same_advisor_changes_nothing(cast):
    assert not services.advisory_assign(
        student=cast.student, advisor=cast.advisor, year=cast.year, by=cast.coordinator
    )
    assert Advisory.objects.filter(student=cast.student).count() == 1


def test_only_advisors_of_the_school_can_be_assigned(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.advisory_assign(
            student=cast.student, advisor=cast.case_manager, year=cast.year, by=cast.coordinator
        )


def test_database_holds_one_current_advisor_per_student_and_year(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Advisory.objects.create(student=cast.student, advisor=cast.other_advisor, year=cast.year)


def test_reassigned_advisor_loses_access_and_new_one_gains_it(client, cast):
    services.advisory_assign(
        student=cast.student, advisor=cast.other_advisor, year=cast.year, by=cast.coordinator
    )
    url = reverse("people:student_detail", args=[cast.student.pk])
    client.force_login(cast.advisor)
    assert client.get(url).status_code == 404
    client.force_login(cast.other_advisor)
    assert client.get(url).status_code == 200


def test_coordinator_page_shows_caseloads_and_filters(client, cast):
    client.force_login(cast.coordinator)
    html = client.get(reverse("advisories:coordinator")).content.decode()
    assert "Alice Advisor" in html and "Bob Advisor" in html
    assert "Sam Rivera" in html and "Olive Chen" in html
    filtered = client.get(
        reverse("advisories:coordinator"), {"advisor": cast.advisor.pk}
    ).content.decode()
    assert "Sam Rivera" in filtered and "Olive Chen" not in filtered
    by_grade = client.get(reverse("advisories:coordinator"), {"grade": 11}).content.decode()
    assert "Olive Chen" in by_grade and "Sam Rivera" not in by_grade
    searched = client.get(reverse("advisories:coordinator"), {"q": "S-200"}).content.decode()
    assert "Olive Chen" in searched and "Sam Rivera" not in searched
    iep = client.get(reverse("advisories:coordinator"), {"support": "iep"}).content.decode()
    assert "Sam Rivera" in iep and "Olive Chen" not in iep


def test_unassigned_students_are_counted_and_findable(client, cast):
    make_student(cast.school, "Nia", "Okafor", grade=8, local_id="S-300")
    client.force_login(cast.coordinator)
    html = client.get(reverse("advisories:coordinator")).content.decode()
    assert "1 student without an advisor" in html
    none = client.get(reverse("advisories:coordinator"), {"advisor": "none"}).content.decode()
    assert "Nia Okafor" in none and "Sam Rivera" not in none


def test_bulk_reassign_moves_every_ticked_student(client, cast):
    extra = make_student(cast.school, "Nia", "Okafor", grade=8, local_id="S-300")
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("advisories:reassign"),
        {
            "school": cast.school.pk,
            "students": [cast.student.pk, extra.pk],
            "advisor": cast.other_advisor.pk,
            "query": "grade=8",
        },
        follow=True,
    )
    assert "2 students moved to Bob Advisor." in response.content.decode()
    assert response.redirect_chain[0][0] == reverse("advisories:coordinator") + "?grade=8"
    current = Advisory.objects.current()
    assert current.get(student=cast.student).advisor == cast.other_advisor
    assert current.get(student=extra).advisor == cast.other_advisor


def test_bulk_reassign_with_a_forged_student_writes_nothing(client, cast):
    other_school, _ = make_school("Hilltop Middle")
    stranger = make_student(other_school, "Zed", "Hill", local_id="H-1")
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("advisories:reassign"),
        {
            "school": cast.school.pk,
            "students": [cast.student.pk, stranger.pk],
            "advisor": cast.other_advisor.pk,
        },
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    assert Advisory.objects.current().get(student=cast.student).advisor == cast.advisor


def test_bulk_reassign_needs_a_student(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        reverse("advisories:reassign"),
        {"school": cast.school.pk, "advisor": cast.other_advisor.pk},
        follow=True,
    )
    assert "Tick at least one student to move." in response.content.decode()


@pytest.mark.parametrize("persona", ["advisor", "other_advisor", "case_manager"])
def test_only_coordinators_may_reassign(client, cast, persona):
    client.force_login(getattr(cast, persona))
    response = client.post(
        reverse("advisories:reassign"),
        {"school": cast.school.pk, "students": [cast.student.pk], "advisor": cast.other_advisor.pk},
    )
    assert response.status_code == 404
    assert Advisory.objects.current().get(student=cast.student).advisor == cast.advisor


def test_coordinator_of_another_school_cannot_touch_this_one(client, cast):
    other_school, _ = make_school("Hilltop Middle")
    outsider = make_staff(other_school, "hal@hilltop.test", "Hal", Role.COORDINATOR)
    client.force_login(outsider)
    assert (
        client.get(reverse("advisories:student_advisory", args=[cast.student.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("advisories:reassign"),
        {"school": cast.school.pk, "students": [cast.student.pk], "advisor": cast.other_advisor.pk},
    )
    assert response.status_code == 404
    assert (
        client.get(reverse("advisories:coordinator"), {"school": cast.school.pk}).status_code == 404
    )


def test_student_advisory_page_assigns_and_ends(client, cast):
    client.force_login(cast.coordinator)
    url = reverse("advisories:student_advisory", args=[cast.student.pk])
    response = client.post(
        url,
        {"action": "assign", "advisor": cast.other_advisor.pk, "note": "Schedule change"},
        follow=True,
    )
    html = response.content.decode()
    assert "Bob Advisor now advises Sam Rivera." in html
    assert "Schedule change" in html and "Alice Advisor" in html  # history
    response = client.post(url, {"action": "end"}, follow=True)
    assert "Sam Rivera has no advisor now." in response.content.decode()
    assert not Advisory.objects.current().filter(student=cast.student).exists()


def test_student_advisory_page_refuses_a_non_advisor(client, cast):
    client.force_login(cast.coordinator)
    url = reverse("advisories:student_advisory", args=[cast.student.pk])
    response = client.post(url, {"action": "assign", "advisor": cast.case_manager.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_advisor_home_lists_and_searches_advisees(client, cast):
    make_student(cast.school, "Nia", "Okafor", grade=8, local_id="S-300")
    client.force_login(cast.advisor)
    html = client.get(reverse("advisories:advisor_home")).content.decode()
    assert "Sam Rivera" in html and "Carla Rivera" in html
    assert "Olive Chen" not in html and "Nia Okafor" not in html
    none = client.get(reverse("advisories:advisor_home"), {"q": "zzz"}).content.decode()
    assert "No students match" in none


def test_advisees_of_a_past_year_are_not_current(client, cast):
    from datetime import timedelta

    cast.year.ends_on = cast.year.starts_on + timedelta(days=30)
    cast.year.save()
    client.force_login(cast.advisor)
    html = client.get(reverse("advisories:advisor_home")).content.decode()
    assert "Sam Rivera" not in html


def test_advisor_search_answers_htmx_with_the_results_only(client, cast):
    client.force_login(cast.advisor)
    response = client.get(reverse("advisories:advisor_home"), {"q": "sam"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "Sam Rivera" in html and "<html" not in html
    empty = client.get(reverse("advisories:advisor_home"), {"q": ""}, HTTP_HX_REQUEST="true")
    assert "Sam Rivera" in empty.content.decode()


def test_advisor_with_no_advisees_is_told_why(client, cast):
    client.force_login(cast.other_advisor)
    cast.other_student.advisories.all().delete()
    html = client.get(reverse("advisories:advisor_home")).content.decode()
    assert "You have no advisees this year yet." in html
