"""The morning digest: once a day per person, from the morning hour in the school's zone, in
the person's language, through a real SMTP server."""

import datetime

import pytest
from django.core.management import call_command

from tandem.outreach.models import DigestSent
from tests.smtp import Inbox

D = datetime.date
pytestmark = pytest.mark.django_db


def test_digest_once_a_day_after_seven(harbor, travel, smtp, django_capture_on_commit_callbacks):
    travel(D(2026, 9, 16), hour=6)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("morning_digest")
    assert smtp.messages == []
    travel(D(2026, 9, 16), hour=7)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("morning_digest")
        call_command("morning_digest")  # a second run the same day sends nothing more
    smtp.wait_for(3)
    assert sorted(m["To"] for m in smtp.messages) == [
        "alice@harbor.test",
        "bob@harbor.test",
        "casey@harbor.test",
    ]
    (bob,) = smtp.to("bob@harbor.test")
    text = Inbox.text_of(bob)
    assert "Olive Chen: Reach the family (first contact) (overdue since" in text
    assert "/advisor/due/" in text
    (casey,) = smtp.to("casey@harbor.test")
    assert "Sam Rivera: Reach the family (first contact)" in Inbox.text_of(casey)
    assert DigestSent.objects.count() == 3


def test_digest_in_the_persons_language(harbor, travel, smtp, django_capture_on_commit_callbacks):
    harbor.other_advisor.preferred_language = "es"
    harbor.other_advisor.save()
    travel(D(2026, 9, 16), hour=8)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("morning_digest")
    smtp.wait_for(3)
    (bob,) = smtp.to("bob@harbor.test")
    assert "Buenos días" in Inbox.text_of(bob)  # needs the Spanish catalog
