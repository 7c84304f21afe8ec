"""IEP data points: checked against the goal's measure, and corrected or removed by their author
with a reason that the goal's history and the access log keep."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.core.models import AccessLog
from tandem.evidence import services
from tandem.evidence.models import IepGoal, ProgressPoint, ProgressPointChange, measure_range

pytestmark = pytest.mark.django_db


def make_goal(cast, measure="words per minute", baseline=70, target=110):
    today = timezone.localdate()
    return services.iep_goal_add(
        student=cast.student,
        area="Reading fluency",
        goal="Reads a grade-level passage aloud",
        baseline=Decimal(baseline),
        target=Decimal(target),
        measure=measure,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=200),
        by=cast.case_manager,
    )


def add_point(goal, by, value="82", days_ago=7, note=""):
    return services.progress_add(
        goal=goal,
        measured_on=timezone.localdate() - timedelta(days=days_ago),
        value=Decimal(value),
        note=note,
        by=by,
    )


@pytest.mark.parametrize(
    ("measure", "least", "most"),
    [
        ("words per minute", 0, None),
        ("problems of 10", 0, 10),
        ("trials correct out of 5", 0, 5),
        ("% of trials correct", 0, 100),
        ("percent accuracy", 0, 100),
        ("aciertos de 20", 0, 20),
        ("minutes on task", 0, None),
    ],
)
def test_the_measure_says_which_values_it_allows(measure, least, most):
    assert measure_range(measure) == (least, most)


@pytest.mark.parametrize(
    ("measure", "value", "message"),
    [
        ("words per minute", "-5", "cannot be negative"),
        ("% of trials correct", "101", "is at most 100"),
        ("% of trials correct", "-1", "cannot be negative"),
        ("problems of 10", "11", "is at most 10"),
    ],
)
def test_a_value_the_measure_does_not_allow_is_refused(cast, measure, value, message):
    goal = make_goal(cast, measure=measure, baseline=1, target=8)
    with pytest.raises(ValidationError, match=message):
        add_point(goal, cast.case_manager, value=value)
    assert not ProgressPoint.objects.exists()


@pytest.mark.parametrize(("measure", "value"), [("% correct", "100"), ("problems of 10", "0")])
def test_the_edges_of_the_measure_are_allowed(cast, measure, value):
    goal = make_goal(cast, measure=measure, baseline=1, target=8)
    assert add_point(goal, cast.case_manager, value=value).value == Decimal(value)


def test_a_goals_baseline_and_target_follow_its_measure(cast):
    with pytest.raises(ValidationError, match="is at most 100"):
        make_goal(cast, measure="% correct", baseline=40, target=120)
    assert not IepGoal.objects.exists()


def test_the_database_refuses_a_negative_value(cast):
    goal = make_goal(cast)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressPoint.objects.create(
            goal=goal,
            measured_on=timezone.localdate(),
            value=Decimal(-5),
            recorded_by=cast.case_manager,
        )


def test_the_page_says_why_a_negative_value_is_refused(client, cast):
    goal = make_goal(cast)
    client.force_login(cast.case_manager)
    url = reverse("evidence:iep", kwargs={"student_id": cast.student.pk})
    response = client.post(
        url,
        {
            "form": "progress",
            "progress-goal": goal.pk,
            "progress-measured_on": timezone.localdate().isoformat(),
            "progress-value": "-5",
        },
    )
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()
    assert not ProgressPoint.objects.exists()


def test_the_author_corrects_a_point_with_a_reason(client, cast):
    goal = make_goal(cast)
    point = add_point(goal, cast.case_manager, value="45")
    client.force_login(cast.case_manager)
    url = reverse("evidence:iep_point", args=[cast.student.pk, point.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Correct or remove a data point" in page.content.decode()
    data = {
        "action": "correct",
        "correct-measured_on": point.measured_on.isoformat(),
        "correct-value": "54",
        "correct-note": "",
    }
    no_reason = client.post(url, data)
    assert no_reason.status_code == 400 and "This field is required." in no_reason.content.decode()
    negative = client.post(url, data | {"correct-value": "-54", "correct-reason": "typo"})
    assert negative.status_code == 400
    response = client.post(url, data | {"correct-reason": "Typed 45 for 54"})
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.value == Decimal(54)
    change = ProgressPointChange.objects.get()
    assert change.kind == "corrected" and change.point == point and change.by == cast.case_manager
    assert change.before["value"] == "45.00" and change.after["value"] == "54.00"
    assert change.reason == "Typed 45 for 54"
    log = AccessLog.objects.filter(record_type="evidence.progresspoint").order_by("at", "pk")
    assert [entry.purpose for entry in log] == [
        "IEP data point correction page",
        "IEP data point correction page",
        "IEP data point correction page",
        "IEP data point correction page",
        "IEP data point correct: Typed 45 for 54",
    ]
    html = client.get(reverse("evidence:iep", args=[cast.student.pk])).content.decode()
    assert "corrected to 54" in html and "Typed 45 for 54" in html


def test_the_author_removes_a_point_and_the_history_keeps_it(client, cast):
    goal = make_goal(cast)
    kept = add_point(goal, cast.case_manager, value="80", days_ago=14)
    twice = add_point(goal, cast.case_manager, value="82")
    client.force_login(cast.case_manager)
    url = reverse("evidence:iep_point", args=[cast.student.pk, twice.pk])
    assert client.post(url, {"action": "remove"}).status_code == 400  # a reason is needed
    response = client.post(url, {"action": "remove", "remove-reason": "Entered twice"})
    assert response.status_code == 302
    assert list(goal.points.all()) == [kept]
    change = ProgressPointChange.objects.get()
    assert change.kind == "removed" and change.point is None
    assert change.before["value"] == "82.00" and change.reason == "Entered twice"
    assert AccessLog.objects.filter(purpose="IEP data point remove: Entered twice").exists()
    html = client.get(reverse("evidence:iep", args=[cast.student.pk])).content.decode()
    assert "removed by Casey Manager" in html and "Entered twice" in html


@pytest.mark.parametrize("persona", ["coordinator", "advisor", "other_advisor", "caregiver"])
def test_only_the_author_opens_the_correction(client, cast, persona):
    point = add_point(make_goal(cast), cast.case_manager)
    person = getattr(cast, persona)
    client.force_login(getattr(person, "user", person))
    url = reverse("evidence:iep_point", args=[cast.student.pk, point.pk])
    assert client.get(url).status_code == 404
    posted = client.post(url, {"action": "remove", "remove-reason": "mine now"})
    assert posted.status_code == 404
    assert ProgressPoint.objects.filter(pk=point.pk).exists()


def test_the_service_refuses_anyone_but_the_author(cast):
    point = add_point(make_goal(cast), cast.case_manager)
    with pytest.raises(ValidationError, match="Only the person who recorded"):
        services.progress_remove(point=point, reason="tidy", by=cast.coordinator)
    with pytest.raises(ValidationError, match="Say why"):
        services.progress_remove(point=point, reason="  ", by=cast.case_manager)
    assert ProgressPoint.objects.filter(pk=point.pk).exists()


def test_the_iep_page_offers_the_correction_only_on_ones_own_points(client, cast):
    goal = make_goal(cast)
    add_point(goal, cast.case_manager)
    client.force_login(cast.coordinator)
    html = client.get(reverse("evidence:iep", args=[cast.student.pk])).content.decode()
    assert "Correct or remove" not in html
    client.force_login(cast.case_manager)
    html = client.get(reverse("evidence:iep", args=[cast.student.pk])).content.decode()
    assert "Correct or remove" in html
