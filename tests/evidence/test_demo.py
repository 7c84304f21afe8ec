"""The demo school has evidence to show: a review packet with ratings, growth and IEP progress."""

import pytest
from django.urls import reverse

from tandem.demo import generator
from tandem.demo.evidence import seed_demo_evidence
from tandem.demo.plans import seed_demo_plans
from tandem.people.models import Student
from tandem.schools.models import Role, StaffRole

pytestmark = pytest.mark.django_db


def test_demo_school_has_a_review_packet(client):
    summary = generator.build_demo_school(students=40, seed=7)
    seed_demo_plans(summary.school, seed=7)
    counts = seed_demo_evidence(summary.school, seed=7)
    assert counts["test results"] == 10 * Student.objects.filter(is_active=True).count()
    student = Student.objects.filter(has_iep=True, is_active=True).first()
    coordinator = StaffRole.objects.get(school=summary.school, role=Role.COORDINATOR).user
    client.force_login(coordinator)
    html = client.get(reverse("evidence:packet", kwargs={"student_id": student.pk})).content
    html = html.decode()
    assert html.count('<img class="chart-image"') >= 3  # two subjects' growth and the IEP goal
    assert "Reading fluency" in html
