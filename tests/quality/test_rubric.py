"""The school's rubric: the default from the seeds, edited, reordered and retired by the
coordinator; a retired criterion leaves new reviews and keeps its old scores readable."""

import pytest

from tandem.quality import services
from tandem.quality.models import Criterion, Rubric
from tests.personas import make_school, make_staff

pytestmark = pytest.mark.django_db

RUBRIC = "/coordinator/quality/rubric/"
SEED_CRITERIA = [
    "Specific goals",
    "Competencies targeted",
    "Family voice",
    "Action steps with owners and dates",
    "Supports named",
]


def names(rubric):
    return list(rubric.criteria.filter(retired_at=None).values_list("name", flat=True))


def test_the_default_rubric_is_made_from_the_seeds_on_first_use(client, cast):
    assert not Rubric.objects.exists()
    client.force_login(cast.coordinator)
    page = client.get(RUBRIC)
    text = page.content.decode()
    for name in SEED_CRITERIA:
        assert name in text
    assert "1 · Beginning" in text and "4 · Exemplary" in text
    rubric = Rubric.objects.get(school=cast.school)
    assert names(rubric) == SEED_CRITERIA
    assert rubric.per_advisor == 2 and rubric.peer_review is False
    assert all(c.descriptors.count() == 4 for c in rubric.criteria.all())
    client.get(RUBRIC)
    assert Rubric.objects.count() == 1  # made once


def test_the_coordinator_adds_edits_reorders_and_retires(client, cast):
    client.force_login(cast.coordinator)
    rubric = services.rubric_for(cast.school)
    form = {
        "name": "Student voice",
        "description": "The student's own words.",
        "descriptor_1": "Written for the student.",
        "descriptor_4": "In the student's words throughout.",
    }
    response = client.post("/coordinator/quality/rubric/criteria/new/", form)
    assert response.status_code == 302
    added = rubric.criteria.get(name="Student voice")
    assert names(rubric)[-1] == "Student voice"
    assert added.descriptors.get(level=4).text == "In the student's words throughout."

    goals = rubric.criteria.get(name="Specific goals")
    client.post(
        f"/coordinator/quality/rubric/criteria/{goals.pk}/",
        {"name": "Specific, measurable goals", "description": "", "descriptor_2": "Vague."},
    )
    goals.refresh_from_db()
    assert goals.name == "Specific, measurable goals"
    assert goals.descriptors.get(level=2).text == "Vague."

    client.post(f"/coordinator/quality/rubric/criteria/{added.pk}/move/", {"direction": "up"})
    assert names(rubric)[-2:] == ["Student voice", "Supports named"]
    client.post(f"/coordinator/quality/rubric/criteria/{goals.pk}/move/", {"direction": "up"})
    assert names(rubric)[0] == "Specific, measurable goals"  # the first stays first

    client.post(f"/coordinator/quality/rubric/criteria/{added.pk}/retire/", {"retire": "1"})
    added.refresh_from_db()
    assert added.is_retired
    assert "Student voice" not in names(rubric)
    page = client.get(RUBRIC).content.decode()
    assert "retired: kept for the scores given" in page
    client.post(f"/coordinator/quality/rubric/criteria/{added.pk}/retire/", {"retire": "0"})
    assert "Student voice" in names(rubric)

    # Levels are renamed and the sample size set on the same page.
    response = client.post(
        RUBRIC,
        {
            "per_advisor": 3,
            "peer_review": "on",
            "level_1": "Not yet",
            "level_2": "Developing",
            "level_3": "Proficient",
            "level_4": "Exemplary",
        },
    )
    assert response.status_code == 302
    rubric.refresh_from_db()
    assert rubric.per_advisor == 3 and rubric.peer_review
    assert rubric.levels.get(value=1).name == "Not yet"


def test_the_last_criterion_in_use_cannot_be_retired(client, cast):
    rubric = services.rubric_for(cast.school)
    criteria = list(rubric.criteria.all())
    for criterion in criteria[1:]:
        services.criterion_retire(criterion=criterion, retire=True)
    client.force_login(cast.coordinator)
    response = client.post(
        f"/coordinator/quality/rubric/criteria/{criteria[0].pk}/retire/",
        {"retire": "1"},
        follow=True,
    )
    assert "Keep at least one criterion in use." in response.content.decode()
    assert Criterion.objects.get(pk=criteria[0].pk).retired_at is None


def test_another_schools_coordinator_gets_404(client, cast):
    rubric = services.rubric_for(cast.school)
    criterion = rubric.criteria.first()
    bay, _ = make_school("Bay Middle")
    stranger = make_staff(bay, "cole@bay.test", "Cole Coordinator", "coordinator")
    client.force_login(stranger)
    assert client.get(f"/coordinator/quality/rubric/criteria/{criterion.pk}/").status_code == 404
    assert (
        client.post(
            f"/coordinator/quality/rubric/criteria/{criterion.pk}/retire/", {"retire": "1"}
        ).status_code
        == 404
    )
    assert client.get(RUBRIC, {"school": cast.school.pk}).status_code == 404
    # Their own page is their own school's rubric.
    assert "Bay Middle" in client.get(RUBRIC).content.decode()
