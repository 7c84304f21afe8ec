"""The school admin's evidence import: upload, preview (nothing written), confirm or discard;
the coordinator's graduation requirement."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.evidence.models import AssessmentResult, FrameworkItem, GraduationRule
from tandem.plans.models import Competency
from tandem.rosters.models import ImportRun

from .builders import case_bytes, case_package, nwea_new

pytestmark = pytest.mark.django_db


def upload(client, what, name, data):
    return client.post(
        reverse("evidence:imports"),
        {"what": what, "file": SimpleUploadedFile(name, data)},
    )


def test_preview_then_confirm(client, cast):
    client.force_login(cast.school_admin)
    assert "Nothing has been imported" in client.get(reverse("evidence:imports")).content.decode()
    response = upload(client, "framework:case", "harbor.json", case_bytes(case_package()))
    run = ImportRun.objects.get(kind=ImportRun.Kind.FRAMEWORK)
    assert response.url == reverse("evidence:import_run", kwargs={"import_id": run.pk})
    html = client.get(response.url).content.decode()
    assert "Nothing has been written yet." in html and run.status == "preview"
    assert not FrameworkItem.objects.exists() and run.package
    client.post(reverse("evidence:import_confirm", kwargs={"import_id": run.pk}))
    run.refresh_from_db()
    assert run.status == "applied" and not run.package
    assert FrameworkItem.objects.count() == 4
    # The roster page does not list it, and its URL is not the roster's.
    roster = client.get(reverse("rosters:home")).content.decode()
    assert "harbor.json" not in roster
    assert client.get(reverse("rosters:run", kwargs={"run_id": run.pk})).status_code == 404


def test_bad_rows_need_the_skip_box(client, cast):
    client.force_login(cast.school_admin)
    data = nwea_new(
        [("S-100", "Math", "01/12/2027", "222", "61"), ("S-999", "Math", "01/12/2027", "200", "30")]
    )
    response = upload(client, "assessments:nwea", "AssessmentResults.csv", data)
    html = client.get(response.url).content.decode()
    assert "AssessmentResults.csv row 3, StudentID" in html
    run = ImportRun.objects.get()
    confirm = reverse("evidence:import_confirm", kwargs={"import_id": run.pk})
    client.post(confirm)
    assert not AssessmentResult.objects.exists()
    client.post(confirm, {"skip_bad_rows": "on"})
    assert AssessmentResult.objects.count() == 1
    run.refresh_from_db()
    assert run.status == "applied"


def test_discard(client, cast):
    client.force_login(cast.school_admin)
    upload(
        client,
        "assessments:nwea",
        "AssessmentResults.csv",
        nwea_new([("S-100", "Math", "01/12/2027", "222", "61")]),
    )
    run = ImportRun.objects.get()
    client.post(reverse("evidence:import_discard", kwargs={"import_id": run.pk}))
    run.refresh_from_db()
    assert run.status == "discarded" and not run.package
    assert not AssessmentResult.objects.exists()


def test_unreadable_file_is_rejected_at_once(client, cast):
    client.force_login(cast.school_admin)
    upload(client, "framework:case", "x.json", b"{not json")
    run = ImportRun.objects.get()
    assert run.status == "rejected" and not run.package


def test_graduation_requirement(client, cast):
    """The requirement is kept on the diploma page now (tests/transcripts/test_diploma_page.py);
    the old address leads there."""
    competency = Competency.objects.create(school=cast.school, code="C1", statement="One")
    client.force_login(cast.coordinator)
    response = client.get(reverse("evidence:graduation"))
    url = reverse("transcripts:diploma")
    assert response.status_code == 302 and response["Location"].startswith(url)
    management = {"areas-TOTAL_FORMS": "0", "areas-INITIAL_FORMS": "0"}
    bad = client.post(
        url, {"credits_required": "22", f"credits-{competency.pk}": "lots"} | management
    )
    assert "C1: write the credit value as a number" in bad.content.decode()
    client.post(
        url,
        {
            "credits_required": "22",
            f"counts-{competency.pk}": "on",
            f"credits-{competency.pk}": "1.5",
        }
        | management,
    )
    competency.refresh_from_db()
    assert competency.counts_toward_graduation and str(competency.credits) == "1.50"
    assert GraduationRule.objects.get(school=cast.school).credits_required == 22
