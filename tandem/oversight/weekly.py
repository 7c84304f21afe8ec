"""The coordinator's weekly digest: what changed on the desk since last week's digest and what
is newly overdue, by e-mail, once a week per coordinator and school (from Monday's morning hour
in the school's zone). Safe to run as often as you like: CoordinatorDigest holds one row per
(coordinator, school, week), written in the same transaction as the e-mail is queued, and keeps
the states it reported so next week's digest can say what changed."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.core.mail import send_templated_email
from tandem.schools.models import Role, StaffRole

from . import compliance
from .models import CoordinatorDigest

SHOWN = 40
OVERDUE_STATES = {compliance.OVERDUE, compliance.REVISION_OVERDUE}


def week_of(day: datetime.date) -> datetime.date:
    """The Monday of the day's week."""
    return day - datetime.timedelta(days=day.weekday())


def compare(rows, before: dict | None):
    """(rows whose state changed since `before`, rows newly overdue). Without an earlier
    digest nothing has "changed" and every overdue row is new."""
    before = before or {}
    changed = [r for r in rows if r.key in before and before[r.key] != r.state]
    newly_overdue = [r for r in rows if r.state in OVERDUE_STATES and before.get(r.key) != r.state]
    return changed, newly_overdue


def send_weekly_digests(*, hour: int = 7, now=None) -> tuple[int, int]:
    """(digests sent, coordinators already sent this week or before the hour)."""
    now = now or timezone.now()
    sent = skipped = 0
    desks = {}
    roles = (
        StaffRole.objects.filter(role=Role.COORDINATOR, user__is_active=True)
        .select_related("user", "school")
        .order_by("school_id", "user_id")
    )
    for role in roles:
        user, school = role.user, role.school
        local = timezone.localtime(now, school.zone)
        week = week_of(local.date())
        if (local.date() == week and local.hour < hour) or CoordinatorDigest.objects.filter(
            user=user, school=school, week=week
        ).exists():
            skipped += 1
            continue
        if school.pk not in desks:
            desks[school.pk] = compliance.desk_rows(school, today=local.date())
        desk = desks[school.pk]
        if desk is None:
            skipped += 1
            continue
        last = (
            CoordinatorDigest.objects.filter(user=user, school=school, week__lt=week)
            .order_by("-week")
            .first()
        )
        changed, newly_overdue = compare(desk.rows, last.states if last else None)
        try:
            with transaction.atomic():
                CoordinatorDigest.objects.create(
                    user=user,
                    school=school,
                    week=week,
                    states={row.key: row.state for row in desk.rows},
                )
                _send(user, school, desk, changed, newly_overdue, first=last is None)
        except IntegrityError:  # another worker sent it a moment ago
            continue
        sent += 1
    return sent, skipped


def _send(user, school, desk, changed, newly_overdue, *, first: bool) -> None:
    overdue = [
        (
            f"{compliance.item_label(item)}: {compliance.state_label(item, state)}",
            len(desk.of(item=item, state=state)),
        )
        for item, (_label, states) in compliance.ITEMS.items()
        for state in states
        if state in OVERDUE_STATES and desk.of(item=item, state=state)
    ]
    send_templated_email(
        to=user.email,
        language=user.preferred_language or "en",
        template="oversight/email/weekly",
        context={
            "user": user,
            "school": school,
            "first": first,
            "changed": len(changed),
            "newly_overdue": newly_overdue[:SHOWN],
            "newly_overdue_count": len(newly_overdue),
            "more": max(0, len(newly_overdue) - SHOWN),
            "overdue": overdue,
            "link": settings.SITE_URL + reverse("oversight:desk"),
        },
    )
