"""The demo school has this term's sample drawn and partly reviewed, and no mail went out."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from tandem.demo import generator
from tandem.quality.models import Review, Sample

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_quality_sample_partly_reviewed(client):
    out = StringIO()
    call_command("seed_demo", "--students", "60", "--seed", "2026", stdout=out)
    school = generator.demo_school()
    sample = Sample.objects.get(school=school)
    reviews = Review.objects.filter(sample=sample)
    submitted = reviews.filter(submitted_at__isnull=False).count()
    assert 0 < submitted < reviews.count()
    assert "quality reviews" in out.getvalue()
    assert not any("Plan quality" in m.subject for m in mail.outbox)
    per_advisor = {}
    for advisor_id in reviews.values_list("advisor_id", flat=True):
        per_advisor[advisor_id] = per_advisor.get(advisor_id, 0) + 1
    assert max(per_advisor.values()) <= 2
    client.force_login(generator_coordinator())
    page = client.get("/coordinator/quality/")
    assert page.context["data"].reviews_total == submitted


def generator_coordinator():
    from tandem.accounts.models import User

    return User.objects.get(email=generator.COORDINATOR_EMAIL)
