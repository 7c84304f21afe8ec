"""The coordinator's weekly digest: once a week from Monday morning in the school's zone, what
is newly overdue and, from the second week on, how many items changed."""

import datetime

import pytest
from django.core.management import call_command

from tandem.outreach import services
from tandem.oversight.models import CoordinatorDigest
from tests.smtp import Inbox

D = datetime.date
pytestmark = pytest.mark.django_db


def run(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("coordinator_digest")


def test_once_a_week_with_what_changed(harbor, travel, smtp, django_capture_on_commit_callbacks):
    travel(D(2026, 9, 21), hour=6)  # Monday, before the hour
    run(django_capture_on_commit_callbacks)
    assert smtp.messages == []
    travel(D(2026, 9, 21), hour=8)
    run(django_capture_on_commit_callbacks)
    run(django_capture_on_commit_callbacks)  # the same week: nothing more
    smtp.wait_for(1)
    (first,) = smtp.messages
    assert first["To"] == "cora@harbor.test"
    text = Inbox.text_of(first)
    # Sam's and Olive's first contacts and initial PLPs are overdue since 15 September.
    assert "4 items are newly overdue" in text
    assert "Olive Chen: First contact: Overdue" in text
    assert "Initial PLP / annual update: Not started, overdue: 2" in text
    assert "changed since last week" not in text
    assert "/coordinator/desk/" in text

    travel(D(2026, 9, 23))
    services.contact_log(
        student=harbor.other_student,
        caregiver=harbor.other_caregiver,
        by=harbor.other_advisor,
        method="call",
        initiated_by="school",
        outcome="reached",
    )
    travel(D(2026, 9, 24), hour=9)  # Thursday: this week's digest went out already
    run(django_capture_on_commit_callbacks)
    assert len(smtp.messages) == 1
    travel(D(2026, 9, 28), hour=7)
    run(django_capture_on_commit_callbacks)
    smtp.wait_for(2)
    text = Inbox.text_of(smtp.messages[-1])
    assert "1 item changed since last week's digest" in text
    assert "0 items are newly overdue" in text
    assert CoordinatorDigest.objects.count() == 2
