"""The demo school's conference preparations: some students have started, deterministic."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from tandem.records.models import Preparation, PreparationComment, WorkPiece

pytestmark = pytest.mark.django_db


def test_some_students_have_prepared_and_can_open_it(client):
    out = io.StringIO()
    call_command("seed_demo", "--students", "40", "--seed", "3", stdout=out)
    assert "conference preparations" in out.getvalue()
    preparations = list(Preparation.objects.select_related("student__user", "term"))
    assert preparations and all(not p.is_empty for p in preparations)
    assert WorkPiece.objects.count() >= len(preparations)
    assert PreparationComment.objects.exists()
    prep = preparations[0]
    client.force_login(prep.student.user)
    url = reverse("records:term_preparation", args=[prep.student_id, prep.term_id])
    assert prep.learned in client.get(url).content.decode()
