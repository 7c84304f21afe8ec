"""Writes for outreach: each one atomic, keyword-only, and the place its rule is enforced."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.people.models import Guardianship
from tandem.schools import calendar
from tandem.schools.models import Quarter

from .models import (
    CheckIn,
    ContactDetail,
    ContactFlag,
    ContactLog,
    ContactMethod,
    Outcome,
    OutreachSettings,
    QuarterlyMeeting,
)

# An outcome that shows the caregiver's details are wrong, and which detail.
FLAGGING_OUTCOMES = {
    Outcome.WRONG_NUMBER: ContactDetail.PHONE,
    Outcome.BOUNCED: ContactDetail.EMAIL,
}


def _require_caregiver_of(student, caregiver) -> None:
    if not Guardianship.objects.filter(student=student, caregiver=caregiver).exists():
        raise ValidationError(
            _("%(caregiver)s is not one of %(student)s's caregivers.")
            % {"caregiver": caregiver, "student": student}
        )


def contact_flag(*, caregiver, detail: str, reason: str, by=None) -> ContactFlag:
    """Flag a caregiver's phone or e-mail for correction; one open flag per detail."""
    value = caregiver.mobile_phone if detail == ContactDetail.PHONE else caregiver.email
    existing = ContactFlag.objects.filter(
        caregiver=caregiver, detail=detail, resolved_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ContactFlag.objects.create(
                caregiver=caregiver, detail=detail, value=value, reason=reason, flagged_by=by
            )
    except IntegrityError:  # flagged at the same moment by someone else
        return ContactFlag.objects.get(caregiver=caregiver, detail=detail, resolved_at=None)


@transaction.atomic
def contact_log(
    *,
    student,
    caregiver,
    by,
    method: str,
    initiated_by: str,
    outcome: str,
    note: str = "",
    contacted_at=None,
) -> ContactLog:
    _require_caregiver_of(student, caregiver)
    contacted_at = contacted_at or timezone.now()
    if contacted_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"contacted_at": _("A contact cannot be in the future.")})
    if outcome in (Outcome.SENT, Outcome.PENDING, Outcome.NOT_SENT):
        raise ValidationError({"outcome": _("That outcome is kept for messages sent by Tandem.")})
    if outcome == Outcome.BOUNCED and method != ContactMethod.EMAIL:
        raise ValidationError({"outcome": _("Only an e-mail can bounce.")})
    if outcome == Outcome.WRONG_NUMBER and method not in (ContactMethod.CALL, ContactMethod.TEXT):
        raise ValidationError({"outcome": _("A wrong number needs a call or a text.")})
    entry = ContactLog.objects.create(
        student=student,
        caregiver=caregiver,
        by=by,
        method=method,
        initiated_by=initiated_by,
        outcome=outcome,
        note=note.strip(),
        contacted_at=contacted_at,
    )
    if outcome in FLAGGING_OUTCOMES:
        contact_flag(
            caregiver=caregiver,
            detail=FLAGGING_OUTCOMES[outcome],
            reason=entry.get_outcome_display(),
            by=by,
        )
    return entry


@transaction.atomic
def contact_flag_resolve(*, flag: ContactFlag, by) -> ContactFlag:
    if flag.resolved_at is None:
        flag.resolved_at = timezone.now()
        flag.resolved_by = by
        flag.save(update_fields=["resolved_at", "resolved_by"])
    return flag


@transaction.atomic
def meeting_log(
    *, student, advisor, held_on, progress="", problems="", ideas="", follow_ups=""
) -> QuarterlyMeeting:
    quarter = Quarter.objects.filter(
        year__school=student.school_id, starts_on__lte=held_on, ends_on__gte=held_on
    ).first()
    if quarter is None:
        raise ValidationError(
            {"held_on": _("That date is not in any quarter of the school's calendar.")}
        )
    if held_on > calendar.today(student.school):
        raise ValidationError({"held_on": _("A meeting cannot be logged before it happens.")})
    texts = [progress, problems, ideas, follow_ups]
    if not any(text.strip() for text in texts):
        raise ValidationError(_("Write at least one line about what came of the meeting."))
    return QuarterlyMeeting.objects.create(
        student=student,
        advisor=advisor,
        quarter=quarter,
        held_on=held_on,
        progress=progress.strip(),
        problems=problems.strip(),
        ideas=ideas.strip(),
        follow_ups=follow_ups.strip(),
    )


@transaction.atomic
def checkin_log(*, student, advisor, note: str = "") -> CheckIn:
    return CheckIn.objects.create(student=student, advisor=advisor, note=note.strip()[:300])


@transaction.atomic
def outreach_settings_update(*, school, **values) -> OutreachSettings:
    current, _created = OutreachSettings.objects.get_or_create(school=school)
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    return current
