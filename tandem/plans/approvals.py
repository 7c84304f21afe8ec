"""The family's side of the workflow: comments, approvals bound to a version, and revision
plans. Writes, like services.py, and built on its workflow rules."""

import unicodedata
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.dates import format_date
from tandem.family import news
from tandem.schools import calendar

from .models import Approval, ApprovalMethod, FamilyInput, Plan, PlanVersion, RevisionPlan
from .models import PlanState as S
from .selectors import approval_rule_met, caregivers_with_rights, open_for_family_input
from .services import PlanError, _locked, _move, latest_version


def _shared_version(plan: Plan, version_number: int) -> PlanVersion:
    if plan.state != S.SHARED:
        raise PlanError(_("This plan is not waiting for the family's approval."))
    version = latest_version(plan)
    if version is None or version.number != version_number:
        raise PlanError(
            _("The plan changed since you opened it. Read the new version, then approve it.")
        )
    return version


def _rights_holder(plan: Plan, caregiver) -> None:
    if not any(g.caregiver_id == caregiver.pk for g in caregivers_with_rights(plan)):
        raise PlanError(_("Only a caregiver with educational rights can approve this plan."))


def _normal(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


@transaction.atomic
def approval_give(
    *,
    plan: Plan,
    caregiver,
    version_number: int,
    typed_name: str,
    confirmed: bool,
    ip_address: str | None,
    user_agent: str,
    by,
    method: str = ApprovalMethod.PORTAL,
) -> Approval:
    """A caregiver approves in Tandem: their typed full name and a confirmation — in the portal,
    or on the advisor's device in the meeting (tandem.meetings, method MEETING)."""
    if method not in (ApprovalMethod.PORTAL, ApprovalMethod.MEETING):
        raise ValidationError({"method": _("Choose how the approval was given.")})
    plan = _locked(plan)
    version = _shared_version(plan, version_number)
    _rights_holder(plan, caregiver)
    if not confirmed:
        raise ValidationError({"confirm": _("Tick the box to confirm your approval.")})
    if _normal(typed_name) != _normal(caregiver.full_name):
        raise ValidationError(
            {
                "typed_name": _("Type your full name as the school has it: %(name)s.")
                % {"name": caregiver.full_name}
            }
        )
    if Approval.objects.filter(version=version, caregiver=caregiver).exists():
        raise PlanError(_("You have already approved this version."))
    approval = Approval.objects.create(
        plan=plan,
        version=version,
        caregiver=caregiver,
        method=method,
        typed_name=typed_name.strip(),
        ip_address=ip_address,
        user_agent=user_agent[:400],
        recorded_by=by,
    )
    _complete_if_approved(plan, version)
    if method == ApprovalMethod.PORTAL:  # in the meeting, the advisor was there
        news.family_did(kind=news.APPROVED, caregiver=caregiver, plan=plan)
    return approval


@transaction.atomic
def approval_record(
    *,
    plan: Plan,
    caregiver,
    version_number: int,
    method: str,
    approved_at,
    note: str,
    attachment,
    by,
) -> Approval:
    """The advisor records an approval given verbally, by text or on paper."""
    plan = _locked(plan)
    version = _shared_version(plan, version_number)
    _rights_holder(plan, caregiver)
    if method not in (ApprovalMethod.VERBAL, ApprovalMethod.TEXT, ApprovalMethod.PAPER):
        raise ValidationError({"method": _("Choose how the approval was given.")})
    if approved_at > timezone.now():
        raise ValidationError({"approved_on": _("An approval cannot be dated in the future.")})
    school = plan.student.school
    shared_on = calendar.today(school, version.created_at)
    if approved_at < calendar.start_of_day(school, shared_on):
        raise ValidationError(
            {
                "approved_on": _(
                    "This version was shared on %(date)s; the approval cannot be earlier."
                )
                % {"date": format_date(version.created_at, version.plan.student.school.zone)}
            }
        )
    if Approval.objects.filter(version=version, caregiver=caregiver).exists():
        raise PlanError(
            _("%(name)s has already approved this version.") % {"name": caregiver.full_name}
        )
    approval = Approval(
        plan=plan,
        version=version,
        caregiver=caregiver,
        method=method,
        approved_at=approved_at,
        note=note.strip(),
        recorded_by=by,
    )
    if attachment:
        approval.attachment = attachment
    approval.full_clean(exclude=["typed_name", "ip_address", "user_agent"])
    approval.save()
    _complete_if_approved(plan, version)
    return approval


def _complete_if_approved(plan: Plan, version: PlanVersion) -> None:
    if approval_rule_met(plan, version):
        _move(plan, S.APPROVED)
        plan.approved_at = timezone.now()
        plan.save()


@transaction.atomic
def family_input_add(
    *, plan: Plan, caregiver, version_number: int, entries, asks_changes: bool = False
) -> int:
    """Save a caregiver's comments and answers; empty ones are skipped. Returns how many. With
    `asks_changes` the family asks for changes before approving (at least one comment says
    what). Either way the advisor is told (tandem.family.news)."""
    plan = _locked(plan)
    if not open_for_family_input(plan):
        raise PlanError(_("The plan is not open for the family's comments now."))
    version = latest_version(plan)
    if version is None or version.number != version_number:
        raise PlanError(_("The plan changed since you opened it. Read the new version first."))
    _rights_holder(plan, caregiver)
    rows = [
        FamilyInput(
            plan=plan,
            version=version,
            caregiver=caregiver,
            section_key=key,
            question=question,
            body=body.strip(),
        )
        for key, question, body in entries
        if body and body.strip()
    ]
    if asks_changes and not rows:
        raise PlanError(_("Write what should change first."))
    FamilyInput.objects.bulk_create(rows)
    if rows:
        news.family_did(
            kind=news.CHANGES_ASKED if asks_changes else news.COMMENTED,
            caregiver=caregiver,
            plan=plan,
            detail="\n\n".join(row.body for row in rows),
        )
    return len(rows)


# -- revision, activation, closing ---------------------------------------------------------


@transaction.atomic
def revision_plan_create(*, plan: Plan, changes: str, owner, due_on, review_on, by):
    plan = _locked(plan)
    today = calendar.today(plan.student.school)
    errors = {}
    if not changes.strip():
        errors["changes"] = _("Say what needs to change.")
    if due_on < today:
        errors["due_on"] = _("The due date cannot be in the past.")
    if review_on < due_on:
        errors["review_on"] = _("The review must come on or after the due date.")
    if errors:
        raise ValidationError(errors)
    _move(plan, S.NEEDS_REVISION)
    plan.save()
    return RevisionPlan.objects.create(
        plan=plan,
        version=latest_version(plan),
        changes=changes.strip(),
        owner=owner,
        due_on=due_on,
        review_on=review_on,
        created_by=by,
    )


def revision_reminders_due(today=None):
    """Open revision plans due tomorrow or today whose owner has not been reminded."""
    today = today or timezone.localdate()
    return RevisionPlan.objects.filter(
        resolved_at__isnull=True,
        reminded_at__isnull=True,
        due_on__lte=today + timedelta(days=1),
    ).select_related("plan__student", "owner")
