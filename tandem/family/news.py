"""The advisor hears what a family did: a comment on the plan, a request for changes, an
approval in Tandem, a conference booked, moved or cancelled.

The domain's service calls `family_did(...)` inside its transaction; that only queues the task
`tell_advisor` (tasks.enqueue_on_commit: nothing is told of a change that rolled back, and the
family's request pays for one task row, not for the telling). The task writes one `FamilyEvent`
per student for the student's current advisor (policy.is_current_advisor: an advisor who left
the school hears nothing), and then, as the advisor chose on their account page
(User.family_news): "now" — one e-mail at once (a Delivery, tandem.core.mail), or "digest" —
the morning digest carries it (outreach.digest reads `untold_for` and marks them told in the
digest's own transaction).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.dates import format_weekday_datetime, school_clock
from tandem.core.tasks import enqueue_on_commit

from .models import FamilyEvent

Kind = FamilyEvent.Kind
COMMENTED, CHANGES_ASKED, APPROVED = Kind.COMMENTED, Kind.CHANGES_ASKED, Kind.APPROVED
BOOKED, MOVED, CANCELLED = Kind.BOOKED, Kind.MOVED, Kind.CANCELLED
NOW, DIGEST = "now", "digest"
DETAIL_LIMIT = 2000


def family_did(*, kind, caregiver, plan=None, conferences=(), detail="", previous_at=None):
    """Queue telling the advisor (after the caller's transaction commits)."""
    from .tasks import tell_advisor

    if caregiver is None:
        return
    enqueue_on_commit(
        tell_advisor,
        key=uuid.uuid4().hex,
        kind=str(kind),
        caregiver_id=caregiver.pk,
        plan_id=plan.pk if plan is not None else None,
        conference_ids=[c.pk for c in conferences],
        detail=(detail or "")[:DETAIL_LIMIT],
        previous_at=previous_at.isoformat() if previous_at else "",
    )


def advisor_to_tell(student):
    """The student's current advisor, while they still work at the student's school."""
    from tandem.advisories.selectors import current_advisory
    from tandem.core.policy import is_current_advisor

    advisory = current_advisory(student)
    if advisory is None or not is_current_advisor(advisory.advisor, student):
        return None
    return advisory.advisor


def record_event(
    *, key, kind, caregiver, student, plan=None, conference=None, detail="", previous_at=None
) -> FamilyEvent | None:
    """Write the event for the student's advisor and tell them now if that is their choice.
    A key already written (the task ran again) writes nothing."""
    if FamilyEvent.objects.filter(key=key).exists():
        return None
    advisor = advisor_to_tell(student)
    if advisor is None:
        return None
    try:
        with transaction.atomic():
            event = FamilyEvent.objects.create(
                key=key,
                kind=kind,
                school_id=student.school_id,
                student=student,
                caregiver=caregiver,
                advisor=advisor,
                plan=plan,
                conference=conference,
                detail=detail,
                previous_at=previous_at,
            )
            if advisor.family_news == NOW:
                _send_now(event)
    except IntegrityError:  # another run of the same task wrote it a moment ago
        return None
    return event


def _send_now(event: FamilyEvent) -> None:
    from tandem.core.mail import send_templated_email

    advisor = event.advisor
    language = advisor.preferred_language or "en"
    with school_clock(event.school):
        lines = [line(event, language=language)]
        send_templated_email(
            to=advisor.email,
            language=language,
            template="family/email/news",
            context={"user": advisor, "lines": lines, "student": event.student},
            about=event,
        )
    FamilyEvent.objects.filter(pk=event.pk).update(told_at=timezone.now())


def untold_for(user) -> list[FamilyEvent]:
    """What families did that `user` has not been told yet (the morning digest's part)."""
    return list(
        FamilyEvent.objects.filter(advisor=user, told_at__isnull=True)
        .select_related("school", "student", "caregiver", "plan__term", "conference")
        .order_by("at", "pk")
    )


def mark_told(events) -> None:
    FamilyEvent.objects.filter(pk__in=[e.pk for e in events], told_at__isnull=True).update(
        told_at=timezone.now()
    )


def line(event: FamilyEvent, *, language: str | None = None) -> dict:
    """The event as the advisor reads it: a sentence in the active (or given) language, with
    times in the school's zone, the family's words, and the page to open."""
    from django.utils import translation

    with translation.override(language or translation.get_language()):
        return {
            "text": _sentence(event),
            "detail": event.detail,
            "url": settings.SITE_URL + _page(event),
        }


def _sentence(event: FamilyEvent) -> str:
    zone = event.school.zone
    names = {
        "caregiver": event.caregiver.full_name,
        "student": event.student.display_name,
        "term": event.plan.term.name if event.plan is not None else "",
        "when": format_weekday_datetime(event.conference.starts_at, zone)
        if event.conference is not None
        else "",
        "before": format_weekday_datetime(event.previous_at, zone) if event.previous_at else "",
    }
    texts = {
        COMMENTED: _("%(caregiver)s commented on %(student)s's plan (%(term)s)."),
        CHANGES_ASKED: _("%(caregiver)s asked for changes to %(student)s's plan (%(term)s)."),
        APPROVED: _("%(caregiver)s approved %(student)s's plan (%(term)s)."),
        BOOKED: _("%(caregiver)s booked %(student)s's conference for %(when)s."),
        MOVED: _("%(caregiver)s moved %(student)s's conference from %(before)s to %(when)s."),
        CANCELLED: _("%(caregiver)s cancelled %(student)s's conference of %(when)s."),
    }
    return texts[event.kind] % names


def _page(event: FamilyEvent) -> str:
    if event.plan_id:
        return reverse("plans:detail", args=[event.plan_id])
    return reverse("conferences:advisor")
