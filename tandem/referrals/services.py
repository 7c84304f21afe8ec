"""Writes for referrals: make one (and notify the team), add a note, move it along."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.tasks import enqueue_on_commit

from .models import NEXT_STATES, Referral, ReferralCategory, ReferralNote, ReferralState
from .selectors import category_choices


@transaction.atomic
def referral_create(
    *,
    student,
    referrer,
    refer_to: str,
    category: str,
    urgency: str,
    observed: str,
    strategies_tried: str = "",
    family_told: bool,
    family_not_told_reason: str = "",
) -> Referral:
    if category not in {value for value, _label in category_choices(student.school)}:
        raise ValidationError({"category": _("Choose one of the school's concern categories.")})
    if not observed.strip():
        raise ValidationError({"observed": _("Say what you saw.")})
    if not family_told and not family_not_told_reason.strip():
        raise ValidationError(
            {"family_not_told_reason": _("Say why the family has not been told.")}
        )
    referral = Referral.objects.create(
        school=student.school,
        student=student,
        referrer=referrer,
        refer_to=refer_to,
        category=category,
        urgency=urgency,
        observed=observed.strip(),
        strategies_tried=strategies_tried.strip(),
        family_told=family_told,
        family_not_told_reason="" if family_told else family_not_told_reason.strip(),
    )
    from .tasks import notify_team

    enqueue_on_commit(notify_team, referral_id=referral.pk)
    return referral


@transaction.atomic
def referral_note(*, referral: Referral, author, body: str, to_state: str = "", may_move=False):
    """A contributor's note; with `to_state`, also the move to the next state (team only)."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    body = body.strip()
    from_state = ""
    if to_state:
        if not may_move:
            raise ValidationError(_("Only the support team moves a referral along."))
        if to_state not in NEXT_STATES[referral.state]:
            raise ValidationError(
                _("A referral that is %(state)s cannot move to %(next)s.")
                % {
                    "state": referral.get_state_display().lower(),
                    "next": ReferralState(to_state).label.lower(),
                }
            )
        if to_state in (ReferralState.ACTIONS_AGREED, ReferralState.CLOSED) and not body:
            raise ValidationError(_("Write the agreed actions or why it is closed."))
        from_state, referral.state = referral.state, to_state
    elif not body:
        raise ValidationError(_("Write a note."))
    elif referral.state == ReferralState.CLOSED:
        raise ValidationError(_("This referral is closed."))
    referral.updated_at = timezone.now()
    referral.save(update_fields=["state", "updated_at"])
    return ReferralNote.objects.create(
        referral=referral,
        author=author,
        body=body,
        from_state=from_state,
        to_state=to_state if from_state else "",
    )


@transaction.atomic
def referral_settings_update(*, school, categories: list[str], members) -> None:
    """Replace the school's categories (in order) and its support team."""
    from .models import SupportTeamMember

    names = []
    for name in categories:
        if name.strip() and name.strip().lower() not in {n.lower() for n in names}:
            names.append(name.strip()[:80])
    ReferralCategory.objects.filter(school=school).exclude(name__in=names).delete()
    for position, name in enumerate(names):
        ReferralCategory.objects.update_or_create(
            school=school, name=name, defaults={"position": position}
        )
    SupportTeamMember.objects.filter(school=school).exclude(user__in=members).delete()
    existing = set(
        SupportTeamMember.objects.filter(school=school).values_list("user_id", flat=True)
    )
    SupportTeamMember.objects.bulk_create(
        SupportTeamMember(school=school, user=user) for user in members if user.pk not in existing
    )
