"""The evidence pages, each with its owner, an allowed other and an outsider."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tandem.core.models import AccessLog
from tandem.evidence.models import AssessmentResult, IepGoal, Intervention, Narrative
from tandem.evidence.selectors import credit_report
from tandem.plans.models import Competency

from .builders import evidence_for

pytestmark = pytest.mark.django_db


def page(client, user, name, cast, query="", **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs={"student_id": cast.student.pk, **kwargs}) + query)


def test_credit_report_for_staff_and_in_plain_words_for_family(client, cast):
    evidence_for(cast)
    staff = page(client, cast.advisor, "evidence:credit_report", cast).content.decode()
    assert "COM.1" in staff and "Reads closely to find evidence" in staff
    assert "Essay on tides" in staff and "Rate a competency" in staff
    assert "interventions/?area=credits" in staff  # behind on credits: plan an intervention
    family = page(client, cast.caregiver.user, "evidence:credit_report", cast).content.decode()
    assert "Reads closely to find evidence" in family and "Mastered" in family
    assert "COM.1" not in family and "Rate a competency" not in family
    assert "Behind on credits." in family and "interventions/" not in family
    assert "Clear, confident presentation." in family
    assert (
        page(client, cast.other_caregiver.user, "evidence:credit_report", cast).status_code == 404
    )


def test_credit_report_numbers(cast):
    evidence_for(cast)
    report = credit_report(cast.student, cast.year.terms.get(name="Fall"))
    assert [s.competency.code for s in report.targeted] == ["COM.1", "COM.2"]
    assert [s.level for s in report.targeted] == ["mastered", "in_progress"]
    assert [s.competency.code for s in report.mastered] == ["COM.1", "MTH.1"]
    assert report.credits_earned == Decimal(3)  # COM.1 (2) + MTH.1 (1)
    # Grade 10, end of Fall: one year done and a third of this one → 24 × 1.33 / 4 ≈ 8.
    assert report.credits_expected > report.credits_earned and report.on_track is False
    assert report.credits_short == report.credits_expected - 3


def test_on_track_when_enough_credits(cast):
    evidence_for(cast)
    Competency.objects.filter(code="COM.1").update(credits=20)
    report = credit_report(cast.student, cast.year.terms.get(name="Fall"))
    assert report.on_track is True


def test_rating_from_the_page(client, cast):
    evidence_for(cast)
    fall = cast.year.terms.get(name="Fall")
    competency = Competency.objects.get(code="COM.2")
    client.force_login(cast.advisor)
    url = reverse("evidence:credit_report", kwargs={"student_id": cast.student.pk})
    response = client.post(
        url,
        {
            "form": "rating",
            "term": fall.pk,
            "rating-competency": competency.pk,
            "rating-level": "mastered",
            "rating-rated_on": "2026-11-20",
            "rating-evidence": "Portfolio",
            "rating-evidence_url": "",
        },
    )
    assert response.status_code == 302
    assert competency.ratings.get(student=cast.student).level == "mastered"
    client.force_login(cast.caregiver.user)
    assert client.post(url, {"form": "rating"}).status_code == 404


def test_narrative_draft_is_hidden_from_family_until_final(client, cast):
    client.force_login(cast.advisor)
    url = reverse("evidence:narrative", kwargs={"student_id": cast.student.pk})
    fields = {
        "narrative-successes": "Robotics",
        "narrative-challenges": "Deadlines",
        "narrative-notes": "",
        "save": "",
    }
    assert client.post(url, fields).status_code == 302
    assert not Narrative.objects.get().is_final
    family = page(client, cast.caregiver.user, "evidence:narrative", cast).content.decode()
    assert "Robotics" not in family and "has not written" in family
    student = page(client, cast.student.user, "evidence:narrative", cast).content.decode()
    assert "Robotics" not in student
    client.force_login(cast.advisor)
    incomplete = fields | {"narrative-challenges": "", "finalize": ""}
    response = client.post(url, incomplete)
    assert "Answer both questions" in response.content.decode()
    client.post(url, fields | {"finalize": ""})
    assert Narrative.objects.get().is_final
    family = page(client, cast.caregiver.user, "evidence:narrative", cast).content.decode()
    assert "Robotics" in family
    # Final means final: no form for the advisor, and a post is refused.
    advisor = page(client, cast.advisor, "evidence:narrative", cast).content.decode()
    assert "Save the draft" not in advisor
    assert client.post(url, fields).status_code == 404


def test_tests_page_growth_first_then_details_and_manual_entry(client, cast):
    evidence_for(cast)
    html = page(client, cast.caregiver.user, "evidence:tests", cast).content.decode()
    assert html.index('<img class="chart-image"') < html.index("<summary>Detailed scores")
    assert 'src="data:image/svg+xml;base64,' in html and "From 205 to 221" in html
    assert "Enter a score" not in html
    client.force_login(cast.advisor)
    url = reverse("evidence:tests", kwargs={"student_id": cast.student.pk})
    client.post(
        url,
        {
            "result-assessment": "Benchmark",
            "result-subject": "ELA",
            "result-taken_on": "2026-10-01",
            "result-score": "31",
            "result-percentile": "",
            "result-level": "",
        },
    )
    assert AssessmentResult.objects.filter(assessment="Benchmark").exists()
    empty = page(client, cast.advisor, "evidence:tests", cast, student_id=cast.other_student.pk)
    assert empty.status_code == 404  # Alice does not advise Olive


def test_tests_page_one_chart_per_test_and_scale_retests_in_the_table(client, cast):
    from tandem.evidence.imports import evidence_apply
    from tandem.rosters.models import ImportRun

    from . import vendor_files

    nwea = vendor_files.nwea(
        [
            {"student": "S-100", "course": "Reading", "date": "09/15/2026", "rit": "210",
             "term": "Fall 2026-2027"},
            {"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "201",
             "growth": "FALSE"},
            {"student": "S-100", "course": "Reading", "date": "01/12/2027", "rit": "219"},
        ]
    )  # fmt: skip
    star = vendor_files.star(
        "SR",
        [{"student": "S-100", "assessment_id": "a1", "completed": "2027-01-18 10:27:00",
          "score": "1170"}],
    )  # fmt: skip
    for data, name in ((nwea, "AssessmentResults.csv"), (star, "SR_v2.csv")):
        report = evidence_apply(
            kind=ImportRun.Kind.ASSESSMENTS, fmt="auto", data=data, name=name, school=cast.school
        )
        assert report.written
    html = page(client, cast.caregiver.user, "evidence:tests", cast).content.decode()
    assert html.count('<img class="chart-image"') == 2  # NWEA Reading and Star Reading apart
    assert "NWEA MAP Growth · RIT" in html and "Renaissance Star · Star scaled score" in html
    assert "From 210 to 219 (RIT)" in html
    assert "No: not a growth measure (a retest, or not valid)" in html  # the retest, listed
    assert '219 <span class="muted">± 3.20</span>' in html  # NWEA's standard error


def test_interventions_page(client, cast):
    client.force_login(cast.advisor)
    url = reverse("evidence:interventions", kwargs={"student_id": cast.student.pk})
    assert "No interventions are planned." in client.get(url).content.decode()
    data = {
        "area": "credits",
        "description": "Credit recovery: two modules",
        "owner": cast.advisor.pk,
        "starts_on": "2026-11-01",
        "review_on": "2026-10-01",
        "status": "planned",
        "outcome": "",
    }
    response = client.post(url, data)
    assert "The review date must be on or after the start date." in response.content.decode()
    assert client.post(url, data | {"review_on": "2026-12-01"}).status_code == 302
    intervention = Intervention.objects.get()
    done = data | {"review_on": "2026-12-01", "status": "completed", "edit": intervention.pk}
    assert "Write the outcome" in client.post(url, done).content.decode()
    client.post(url, done | {"outcome": "Both modules passed."})
    intervention.refresh_from_db()
    assert intervention.status == "completed" and intervention.outcome
    assert client.get(url + "?edit=abc").status_code == 404
    client.force_login(cast.caregiver.user)
    assert client.get(url).status_code == 404


def test_packet_in_the_seeds_order_and_as_pdf(client, cast):
    evidence_for(cast)
    html = page(client, cast.advisor, "evidence:packet", cast).content.decode()
    order = [
        "1. Credit report",
        "2. The advisor",
        "3. Growth on tests",
        "4. IEP goals",
        "5. Interventions",
        "6. The new plan",
    ]
    positions = [html.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "Math lab twice a week" in html
    pdf = page(client, cast.caregiver.user, "evidence:packet_pdf", cast)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_student_without_an_iep_has_no_iep_section(client, cast):
    client.force_login(cast.other_advisor)
    url = reverse("evidence:packet", kwargs={"student_id": cast.other_student.pk})
    html = client.get(url).content.decode()
    assert "IEP goals" not in html and "4. Interventions" in html
    assert not AccessLog.objects.exists()


def test_no_terms_is_an_empty_state(client, cast):
    from tandem.schools.models import School, StaffRole

    from ..personas import make_student

    school = School.objects.create(name="New School")
    StaffRole.objects.create(user=cast.coordinator, school=school, role="coordinator")
    student = make_student(school, "Nia", "Okafor", local_id="N-1")
    client.force_login(cast.coordinator)
    html = client.get(reverse("evidence:packet", kwargs={"student_id": student.pk})).content
    assert "nothing to review" in html.decode()
    assert not IepGoal.objects.exists()
