"""Telling advisors what families did, after commit (tandem.family.news)."""

from datetime import datetime

from django_tasks import task


@task()
def tell_advisor(
    *,
    key: str,
    kind: str,
    caregiver_id: int,
    plan_id: int | None = None,
    conference_ids: list | tuple = (),
    detail: str = "",
    previous_at: str = "",
) -> int:
    """One event per student concerned (a plan's student; each conference's student), for
    that student's advisor; the number written."""
    from tandem.conferences.models import Conference
    from tandem.people.models import Caregiver
    from tandem.plans.models import Plan

    from .news import record_event

    caregiver = Caregiver.objects.filter(pk=caregiver_id).first()
    if caregiver is None:
        return 0
    subjects = []
    if plan_id is not None:
        plan = Plan.objects.select_related("student__school", "term").filter(pk=plan_id).first()
        if plan is not None:
            subjects.append((plan.student, plan, None))
    for conference in Conference.objects.filter(pk__in=conference_ids).select_related(
        "student__school"
    ):
        subjects.append((conference.student, None, conference))
    written = 0
    before = datetime.fromisoformat(previous_at) if previous_at else None
    for n, (student, plan, conference) in enumerate(subjects):
        event = record_event(
            key=f"{key}:{n}",
            kind=kind,
            caregiver=caregiver,
            student=student,
            plan=plan,
            conference=conference,
            detail=detail,
            previous_at=before,
        )
        written += event is not None
    return written
