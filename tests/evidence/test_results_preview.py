"""The school admin's preview of a test results file: the format Tandem recognised, and the
first rows as it maps them; confirming imports with that format."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.evidence.models import AssessmentResult
from tandem.rosters.models import ImportRun

from . import vendor_files

pytestmark = pytest.mark.django_db


def upload(client, what, name, data):
    return client.post(
        reverse("evidence:imports"),
        {"what": what, "file": SimpleUploadedFile(name, data)},
    )


def test_preview_names_the_detected_format_and_shows_the_first_rows_mapped(client, cast):
    client.force_login(cast.school_admin)
    rows = [
        {"student": "S-100", "assessment_id": f"b4bb4246-2e76-4a37-a156-0b7b6c0d53f{n}",
         "completed": f"2027-01-1{n} 10:27:00", "score": str(1100 + n)}
        for n in range(7)
    ]  # fmt: skip
    data = vendor_files.star("SR", rows)
    response = upload(client, "assessments:auto", "Star_Reading_SR_v2.csv", data)
    html = client.get(response.url).content.decode()
    assert "Renaissance Star: Star Reading" in html and "recognized from its columns" in html
    assert "The first rows, as Tandem reads them" in html
    assert "b4bb4246-2e76-4a37-a156-0b7b6c0d53f4" in html  # five rows shown …
    assert "b4bb4246-2e76-4a37-a156-0b7b6c0d53f5" not in html  # … not seven
    assert "Star Reading (Renaissance Star)" in html and "2027-01-10" in html
    run = ImportRun.objects.get()
    assert run.mode == "star" and not AssessmentResult.objects.exists()
    client.post(reverse("evidence:import_confirm", kwargs={"import_id": run.pk}))
    assert AssessmentResult.objects.count() == 7  # confirmed with the format it detected
