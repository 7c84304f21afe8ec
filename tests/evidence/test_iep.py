"""IEP goals and progress monitoring: restricted, every view logged, exports of the log and of
who has access."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from tandem.core.models import AccessLog
from tandem.evidence.models import IepGoal, ProgressPoint
from tandem.people.models import Student

from .builders import evidence_for

pytestmark = pytest.mark.django_db


def test_every_view_of_iep_records_is_logged(client, cast):
    evidence_for(cast)
    goal = IepGoal.objects.get()
    for user, name in [
        (cast.case_manager, "evidence:iep"),
        (cast.caregiver.user, "evidence:iep"),
        (cast.advisor, "evidence:packet"),
        (cast.student.user, "evidence:packet_pdf"),
    ]:
        client.force_login(user)
        response = client.get(reverse(name, kwargs={"student_id": cast.student.pk}))
        assert response.status_code == 200
    entries = list(AccessLog.objects.order_by("at", "pk"))
    assert [(e.user, e.record_type, e.record_id) for e in entries] == [
        (cast.case_manager, "evidence.iepgoal", str(goal.pk)),
        (cast.caregiver.user, "evidence.iepgoal", str(goal.pk)),
        (cast.advisor, "evidence.iepgoal", str(goal.pk)),
        (cast.student.user, "evidence.iepgoal", str(goal.pk)),
    ]
    assert entries[0].purpose == "IEP progress page" and entries[2].purpose == "review packet"
    assert all(e.student == cast.student and e.school == cast.school for e in entries)


def test_outsiders_get_404_and_leave_no_trace(client, cast):
    evidence_for(cast)
    for user in (cast.other_advisor, cast.caregiver_no_rights.user, cast.other_student.user):
        client.force_login(user)
        url = reverse("evidence:iep", kwargs={"student_id": cast.student.pk})
        assert client.get(url).status_code == 404
    assert not AccessLog.objects.exists()


@time_machine.travel(datetime(2026, 11, 23, 15, 0, tzinfo=UTC), tick=False)
def test_case_manager_keeps_goals_and_data_points(client, cast):
    client.force_login(cast.case_manager)
    url = reverse("evidence:iep", kwargs={"student_id": cast.student.pk})
    assert "No IEP goals have been entered." in client.get(url).content.decode()
    goal = {
        "form": "goal",
        "goal-area": "Math",
        "goal-goal": "Solves two-step problems",
        "goal-baseline": "2",
        "goal-target": "8",
        "goal-measure": "problems of 10",
        "goal-starts_on": "2026-09-01",
        "goal-ends_on": "2026-08-01",
    }
    response = client.post(url, goal)
    assert "The target date must be after the start date." in response.content.decode()
    assert client.post(url, goal | {"goal-ends_on": "2027-06-01"}).status_code == 302
    saved = IepGoal.objects.get()
    point = {
        "form": "progress",
        "progress-goal": saved.pk,
        "progress-measured_on": "2026-10-01",
        "progress-value": "4",
        "progress-note": "with a calculator",
    }
    future = client.post(url, point | {"progress-measured_on": "2026-11-24"})
    assert "A measurement cannot be in the future." in future.content.decode()
    assert client.post(url, point).status_code == 302
    assert ProgressPoint.objects.get().value == Decimal(4)
    html = client.get(url).content.decode()
    assert '<img class="chart-image"' in html and "with a calculator" in html
    # The advisor reads, does not keep.
    client.force_login(cast.advisor)
    assert "Add an IEP goal" not in client.get(url).content.decode()
    assert client.post(url, point).status_code == 404


def test_iep_access_export(client, cast):
    cast.student.counselor = cast.other_advisor
    cast.student.save()
    client.force_login(cast.school_admin)
    response = client.get(reverse("evidence:iep_access"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["student", "local_id", "person", "email", "why"]
    found = {(row[3], row[4]) for row in rows[1:]}
    assert found == {
        ("cora@harbor.test", "PLP coordinator"),
        ("sid@harbor.test", "School admin"),
        ("casey@harbor.test", "Case manager"),
        ("bob@harbor.test", "Counselor"),
        ("alice@harbor.test", "Advisor"),
        ("carla@family.test", "Caregiver with educational rights (Mother)"),
        ("sam@student.harbor.test", "The student"),
    }  # Ned (no rights) and Olive's people are not listed
    assert {row[1] for row in rows[1:]} == {"S-100"}


def test_iep_access_export_matches_the_policy(client, cast):
    """Everyone the export lists has full access to the student, by the one policy."""
    from tandem.accounts.models import User
    from tandem.core.policy import Reach, reach

    client.force_login(cast.coordinator)
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("evidence:iep_access")).content.decode()))
    )
    student = Student.objects.get(local_id="S-100")
    for row in rows[1:]:
        assert reach(User.objects.get(email=row[3]), student) == Reach.FULL


def test_access_log_export(client, cast):
    evidence_for(cast)
    client.force_login(cast.case_manager)
    client.get(reverse("evidence:iep", kwargs={"student_id": cast.student.pk}))
    client.force_login(cast.coordinator)
    response = client.get(reverse("evidence:access_log"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["at", "user", "student"]
    assert rows[1][1] == "casey@harbor.test" and rows[1][3] == "evidence.iepgoal"
