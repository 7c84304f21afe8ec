"""The morning digest: each advisor's and case manager's due list by e-mail, once a day, in
their language. Safe to run as often as you like: a person gets at most one digest a day
(DigestSent), and only once the morning hour has come in their school's time zone."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tandem.core.mail import send_templated_email
from tandem.family import news as family_news
from tandem.oversight.selectors import nudges_for
from tandem.schools import calendar
from tandem.schools.models import Role, School

from .due import due_list
from .models import DigestSent

ROUTINE_ROLES = [Role.ADVISOR, Role.CASE_MANAGER, Role.COUNSELOR]
SHOWN = 40  # items listed in the e-mail; the page has the rest


def people_with_routines():
    return (
        get_user_model()
        .objects.filter(is_active=True, staff_roles__role__in=ROUTINE_ROLES)
        .distinct()
        .order_by("pk")
    )


def _home_school(user) -> School | None:
    return (
        School.objects.filter(staff_roles__user=user, staff_roles__role__in=ROUTINE_ROLES)
        .order_by("name")
        .first()
    )


def send_digests(*, hour: int = 7, now=None) -> tuple[int, int]:
    """(digests sent, people skipped for today); one digest per person per local day."""
    now = now or timezone.now()
    sent = skipped = 0
    for user in people_with_routines():
        school = _home_school(user)
        if school is None:
            continue
        if timezone.localtime(now, school.zone).hour < hour:
            continue
        day = calendar.today(school, now)
        if DigestSent.objects.filter(user=user, day=day).exists():
            continue
        found = due_list(user, today=day)
        # The coordinator's nudges of the last day ride along (tandem.oversight), and what
        # families did that the advisor chose to hear of here (tandem.family.news).
        nudged = nudges_for(user, now - datetime.timedelta(days=1))
        news = family_news.untold_for(user)
        try:
            with transaction.atomic():
                DigestSent.objects.create(
                    user=user, day=day, items=len(found) + len(nudged) + len(news)
                )
                if len(found) or nudged or news:
                    _send(user, found, day, nudged, news)
                    family_news.mark_told(news)
        except IntegrityError:  # another worker sent it a moment ago
            continue
        if len(found) or nudged or news:
            sent += 1
        else:
            skipped += 1
    return sent, skipped


def _send(user, found, day: datetime.date, nudged=(), news=()) -> None:
    language = user.preferred_language or "en"
    send_templated_email(
        to=user.email,
        language=language,
        template="outreach/email/digest",
        context={
            "user": user,
            "items": found.items[:SHOWN],
            "more": max(0, len(found.items) - SHOWN),
            "overdue": found.overdue,
            "checkins": len(found.checkins),
            "total": len(found.items) + len(news),
            "day": day,
            "link": settings.SITE_URL + reverse("outreach:due"),
            "nudged": nudged,
            "news": [family_news.line(event, language=language) for event in news],
        },
    )
