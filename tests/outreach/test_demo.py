"""The demo school comes with message templates, a support team and some routines logged, and
`morning_digest` runs on it."""

import io

import pytest
from django.core.management import call_command

from tandem.outreach.models import ContactLog, MessageTemplate
from tandem.referrals.models import SupportTeamMember

pytestmark = pytest.mark.django_db


def test_demo_school_has_outreach_and_the_digest_runs(settings):
    settings.SITE_URL = "http://demo.test"
    out = io.StringIO()
    call_command("seed_demo", "--students", "40", "--seed", "3", stdout=out)
    assert "contacts" in out.getvalue()
    assert set(MessageTemplate.objects.values_list("language", flat=True)) == {"en", "es"}
    assert SupportTeamMember.objects.count() == 1
    assert ContactLog.objects.exists()
    out = io.StringIO()
    call_command("morning_digest", "--hour", "0", stdout=out)
    assert "digest(s) queued" in out.getvalue()
