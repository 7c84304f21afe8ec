"""Results and finalisation: per criterion the submitted scores, the median and the spread; the
student's advisor finalises once, which writes the competency ratings (the exhibition as their
evidence) and the credit report's panel notes; the coordinator reads but does not finalise."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tandem.evidence.models import CompetencyRating, Level, PanelNote
from tandem.exhibitions import selectors, services
from tandem.exhibitions.models import Result

from .stage import score


@pytest.fixture
def scored(stage):
    score(
        stage.staff_seat, levels={"Presents clearly": 2, "Uses evidence": 3}, comment="Bob: good."
    )
    score(
        stage.panelist_seat,
        levels={"Presents clearly": 3, "Uses evidence": 4},
        comment="Pat: a clear argument.",
    )
    return stage


def test_results_show_scores_median_and_spread(scored):
    results = selectors.presentation_results(scored.presentation)
    rows = {row.criterion.name: row for row in results.criteria}
    assert sorted(rows["Presents clearly"].values) == [2, 3]
    assert rows["Presents clearly"].median_text == "2.5"
    assert rows["Presents clearly"].spread == 1
    assert rows["Uses evidence"].median_text == "3.5"
    levels = {c.competency.code: c.level.value for c in results.competencies}
    assert levels == {"COMM.1": 2, "CRIT.1": 3}  # 2.5 reaches 2; 3.5 reaches 3


def test_unsubmitted_scores_do_not_count(stage):
    score(stage.staff_seat, levels={"Presents clearly": 4, "Uses evidence": 4}, submit=False)
    results = selectors.presentation_results(stage.presentation)
    assert all(not row.scores for row in results.criteria)
    assert len(results.pending) == 2


def test_the_advisor_finalises_and_the_credit_report_shows_it(client, cast, scored):
    client.force_login(cast.advisor)
    url = reverse("exhibitions:result", args=[scored.presentation.pk])
    page = client.get(url).content.decode()
    assert "2.5" in page and "Finalize the results" in page
    response = client.post(url, {"note": "Sam grew in confidence."})
    assert response.status_code == 302

    result = Result.objects.get(presentation=scored.presentation)
    ratings = {r.competency.code: r for r in CompetencyRating.objects.filter(student=cast.student)}
    assert ratings["COMM.1"].level == Level.IN_PROGRESS  # level 2, Developing
    assert ratings["CRIT.1"].level == Level.MASTERED  # level 3, Proficient
    assert "Senior Exhibition" in ratings["COMM.1"].evidence
    assert ratings["COMM.1"].evidence_url.endswith(url)
    assert ratings["COMM.1"].rated_by == cast.advisor
    assert set(result.ratings.all()) == set(ratings.values())
    notes = list(PanelNote.objects.filter(student=cast.student).values_list("panelist", "note"))
    assert ("Bob Advisor — Senior Exhibition", "Bob: good.") in notes
    assert ("Pat Panel — Senior Exhibition", "Pat: a clear argument.") in notes
    assert ("Alice Advisor — Senior Exhibition", "Sam grew in confidence.") in notes

    term = ratings["COMM.1"].term
    report = client.get(
        reverse("evidence:credit_report", args=[cast.student.pk]), {"term": term.pk}
    ).content.decode()
    assert "COMM.1" in report and "CRIT.1" in report
    assert "Pat: a clear argument." in report

    # Once.
    with pytest.raises(ValidationError):
        services.result_finalise(presentation=scored.presentation, by=cast.advisor)
    assert "Finalize the results" not in client.get(url).content.decode()


def test_the_coordinator_reads_but_the_advisor_finalises(client, cast, scored):
    client.force_login(cast.coordinator)
    url = reverse("exhibitions:result", args=[scored.presentation.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "The student's advisor finalizes the results." in page.content.decode()
    assert client.post(url, {"note": ""}).status_code == 404
    assert not Result.objects.exists()


def test_nothing_to_finalise_before_a_rater_submits(client, cast, stage):
    client.force_login(cast.advisor)
    url = reverse("exhibitions:result", args=[stage.presentation.pk])
    response = client.post(url, {"note": ""})
    assert response.status_code == 200
    assert "No rater has submitted scores yet." in response.content.decode()
    assert not CompetencyRating.objects.exists()


def test_a_final_result_freezes_the_panel(cast, scored):
    services.result_finalise(presentation=scored.presentation, by=cast.advisor)
    from tandem.exhibitions.models import Rater

    late = Rater.objects.create(exhibition=scored.exhibition, name="Late", email="late@x.test")
    with pytest.raises(ValidationError):
        services.seat_add(presentation=scored.presentation, rater=late)


def test_the_results_pdf(client, cast, scored):
    client.force_login(cast.coordinator)
    response = client.get(reverse("exhibitions:results_pdf", args=[scored.exhibition.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Senior-Exhibition" in response["Content-Disposition"]
