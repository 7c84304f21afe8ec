"""The diploma's subject areas are school content a family reads (issue 15): named in each
language the school serves on the diploma page, a name not translated yet marked there and
listed on the languages page, and a Spanish family reading the credit report in Spanish with an
English fallback marked with its language. Which courses count does not depend on the reader."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tandem.core import content
from tandem.evidence import selectors
from tandem.transcripts.models import CourseRecord, DiplomaRequirement

pytestmark = pytest.mark.django_db
URL = reverse("transcripts:diploma")


def form(*areas, total="24", initial=0) -> dict:
    """The page as posted: `initial` rows are the requirements the page showed."""
    data = {
        "credits_required": total,
        "areas-TOTAL_FORMS": str(len(areas)),
        "areas-INITIAL_FORMS": str(initial),
    }
    for n, (english, spanish, credits) in enumerate(areas):
        data |= {
            f"areas-{n}-name_en": english,
            f"areas-{n}-name_es": spanish,
            f"areas-{n}-credits": credits,
            f"areas-{n}-areas": "",
        }
    return data


def serve_spanish(cast):
    cast.school.languages = "en,es"
    cast.school.save()


def test_the_coordinator_names_each_subject_area_in_each_language(client, cast):
    serve_spanish(cast)
    client.force_login(cast.coordinator)
    page = client.get(URL).content.decode()
    assert 'name="areas-0-name_en"' in page and 'name="areas-0-name_es"' in page
    assert "Not yet translated" not in page  # the blank rows to add are not untranslated

    response = client.post(URL, form(("Mathematics", "Matemáticas", "4"), ("Science", "", "2")))
    assert response.status_code == 302
    assert [(r.name_en, r.name_es, r.credits) for r in DiplomaRequirement.objects.all()] == [
        ("Mathematics", "Matemáticas", Decimal(4)),
        ("Science", None, Decimal(2)),
    ]
    page = client.get(URL).content.decode()
    assert 'value="Matemáticas"' in page and "Not yet translated" in page
    languages = client.get(reverse("schools:languages")).content.decode()
    assert "Diploma requirement: “Science”" in languages
    assert "“Mathematics”" not in languages
    assert f"{URL}?school={cast.school.pk}" in languages

    # Translated on the diploma page: the same requirement, now in Spanish too.
    science = DiplomaRequirement.objects.get(name_en="Science")
    both = [("Mathematics", "Matemáticas", "4"), ("Science", "Ciencias", "2")]
    assert client.post(URL, form(*both, initial=2)).status_code == 302
    assert DiplomaRequirement.objects.count() == 2
    science.refresh_from_db()
    assert (science.name_en, science.name_es) == ("Science", "Ciencias")
    assert "“Science”" not in client.get(reverse("schools:languages")).content.decode()

    # The school's language is required; two requirements may not share a name in any language.
    page = client.post(URL, form(("", "Matemáticas", "4"), both[1], initial=2))
    assert page.status_code == 200 and DiplomaRequirement.objects.count() == 2
    twice = [("Mathematics", "Ciencias", "4"), ("Science", "Ciencias", "2")]
    page = client.post(URL, form(*twice, initial=2))
    assert "Ciencias is counted by two requirements" in page.content.decode()


@pytest.fixture
def diploma(cast):
    """Mathematics (in Spanish too) and Science (English only); Sam passed a course in each,
    one named in Spanish by its transcript."""
    serve_spanish(cast)
    for position, (names, credits) in enumerate(
        [({"en": "Mathematics", "es": "Matemáticas"}, 4), ({"en": "Science"}, 2)]
    ):
        DiplomaRequirement.objects.create(
            school=cast.school, credits=credits, position=position, **content.kwargs("name", names)
        )
    for code, area in [("ALG-1", "Mathematics"), ("GEO-1", "Matemáticas"), ("BIO-1", "Science")]:
        CourseRecord.objects.create(
            student=cast.student,
            course_code=code,
            title=code,
            subject_area=area,
            school_year=2026,
            grade="B",
            credits_attempted=1,
            credits_earned=1,
            source="csv",
        )
    return cast.year.terms.get(name_en="Fall")


def test_which_courses_count_does_not_depend_on_the_readers_language(cast, diploma):
    for reader in ("en", "es"):
        with translation.override(reader):
            areas = selectors.credit_report(cast.student, diploma).diploma.areas
            assert [(p.earned, p.required) for p in areas] == [(2, 4), (1, 2)], reader
    with translation.override("es"):
        assert [p.name for p in areas] == ["Matemáticas", "Science"]


def test_a_spanish_family_reads_the_subject_areas_in_spanish(client, cast, diploma):
    cast.caregiver.preferred_language = "es"
    cast.caregiver.save()
    cast.caregiver.user.preferred_language = "es"
    cast.caregiver.user.save()
    url = reverse("evidence:credit_report", args=[cast.student.pk])
    client.force_login(cast.caregiver.user)
    page = client.get(url, {"term": diploma.pk}).content.decode()
    assert '<th scope="row">Matemáticas</th>' in page
    assert '<th scope="row"><span lang="en">Science</span></th>' in page  # the fallback

    client.force_login(cast.advisor)  # reads English: the school's words, unmarked
    page = client.get(url, {"term": diploma.pk}).content.decode()
    assert '<th scope="row">Mathematics</th>' in page and '<th scope="row">Science</th>' in page
    assert "Matemáticas</th>" not in page
