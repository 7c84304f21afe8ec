"""The diploma page: the school's oversight keeps the credits per subject area, the total and the
competencies that count; anyone else gets a 404 (the matrix checks every persona)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tandem.evidence.models import GraduationRule
from tandem.plans.models import Competency
from tandem.transcripts.models import CourseRecord, DiplomaRequirement
from tests.personas import make_school, make_staff, make_student

pytestmark = pytest.mark.django_db
URL = reverse("transcripts:diploma")


def form(*areas, total="24", extra=None) -> dict:
    data = {
        "credits_required": total,
        "areas-TOTAL_FORMS": str(len(areas)),
        "areas-INITIAL_FORMS": "0",
    }
    for n, (name, credits, others) in enumerate(areas):
        # The name in the school's language (tests/transcripts/test_diploma_languages.py has
        # the others).
        data |= {
            f"areas-{n}-name_en": name,
            f"areas-{n}-credits": credits,
            f"areas-{n}-areas": others,
        }
    return data | (extra or {})


def test_the_coordinator_sets_the_credits_per_subject_area(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        URL,
        form(
            ("English", "4", ""),
            ("Science", "3", "Life and Physical Sciences,  Biology "),
            ("", "", ""),  # a blank row adds nothing
        ),
    )
    assert response.status_code == 302
    assert [(r.name, r.credits, r.areas) for r in DiplomaRequirement.objects.all()] == [
        ("English", Decimal(4), []),
        ("Science", Decimal(3), ["Life and Physical Sciences", "Biology"]),
    ]
    assert GraduationRule.objects.get(school=cast.school).credits_required == 24

    page = client.get(URL).content.decode()
    assert 'value="Life and Physical Sciences, Biology"' in page

    # Removing one, reordering, renaming: the page's list is the diploma.
    client.post(URL, form(("Mathematics", "3", ""), ("English", "4.5", "")))
    assert [(r.name, r.credits) for r in DiplomaRequirement.objects.all()] == [
        ("Mathematics", Decimal(3)),
        ("English", Decimal("4.5")),
    ]


def test_what_cannot_be_saved_is_said_and_nothing_changes(client, cast):
    client.force_login(cast.school_admin)  # the admin oversees as the coordinator does
    competency = Competency.objects.create(school=cast.school, code="C1", statement="One")
    page = client.post(URL, form(("English", "20", ""), ("Math", "8", ""), total="24"))
    assert "The subject areas require 28 credits, more than the 24" in page.content.decode()
    page = client.post(URL, form(("Science", "3", "Biology"), ("Biology", "1", "")))
    assert "Biology is counted by two requirements" in page.content.decode()
    page = client.post(URL, form(("English", "0", "")))
    assert page.status_code == 200 and not DiplomaRequirement.objects.exists()
    page = client.post(URL, form(extra={f"credits-{competency.pk}": "lots"}))
    assert "C1: write the credit value as a number" in page.content.decode()
    assert not GraduationRule.objects.exists()


def test_the_page_lists_the_subject_areas_on_transcripts_and_what_counts_them(client, cast):
    DiplomaRequirement.objects.create(
        school=cast.school, name="Science", credits=3, areas=["Life and Physical Sciences"]
    )
    for area in ("life and physical  sciences", "World Languages"):
        CourseRecord.objects.create(
            student=cast.student,
            course_code=area[:5],
            title=area,
            subject_area=area,
            school_year=2027,
            credits_attempted=1,
            source="csv",
        )
    client.force_login(cast.coordinator)
    page = client.get(URL).content.decode()
    assert "life and physical  sciences — counts toward Science" in page
    assert "World Languages — <span" in page and "count toward the total only" in page


def test_another_schools_coordinator_sees_only_their_own_school(client, cast):
    bay, _year = make_school("Bay Middle")
    cora_at_bay = make_staff(bay, "bay-coord@bay.test", "Bay Coordinator", "coordinator")
    make_student(bay, "Bo", "Bay", local_id="B-1")
    DiplomaRequirement.objects.create(school=cast.school, name="Harbor English", credits=4)
    client.force_login(cora_at_bay)
    page = client.get(URL).content.decode()
    assert "Bay Middle" in page and "Harbor English" not in page
    assert client.get(URL, {"school": cast.school.pk}).status_code == 404  # not theirs
    client.post(f"{URL}?school={cast.school.pk}", form(("English", "4", "")))
    assert list(DiplomaRequirement.objects.values_list("name", flat=True)) == ["Harbor English"]
