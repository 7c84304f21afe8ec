"""Every write of credentials: keyword-only, atomic. A school's first key and status list are
made on first use; issuing takes the next status index under a row lock; revoking sets the
credential's bit (the list is re-signed when it is served: `status_list_jwt`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.tasks import enqueue_on_commit
from tandem.evidence.selectors import masteries

from . import documents, keys
from .models import Credential, IssuerSettings, SigningKey, StatusList


def settings_of(school) -> IssuerSettings:
    found, _created = IssuerSettings.objects.get_or_create(school=school)
    return found


def settings_save(*, school, auto_issue: bool) -> IssuerSettings:
    found = settings_of(school)
    found.auto_issue = auto_issue
    found.save(update_fields=["auto_issue"])
    return found


def _new_key(school, number: int) -> SigningKey:
    public, sealed = keys.new_keypair()
    return SigningKey.objects.create(
        school=school, number=number, public_key=public, private_key=sealed
    )


@transaction.atomic
def active_key(school) -> SigningKey:
    """The key that signs for the school now, made on first use."""
    key = SigningKey.objects.filter(school=school, retired_at__isnull=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return _new_key(school, 1 + SigningKey.objects.filter(school=school).count())
    except IntegrityError:  # made by a concurrent first use
        return SigningKey.objects.get(school=school, retired_at__isnull=True)


@transaction.atomic
def key_rotate(*, school) -> SigningKey:
    """Retire the active key (it stays published and still verifies what it signed) and make
    a new one."""
    list(SigningKey.objects.select_for_update().filter(school=school))
    latest = SigningKey.objects.filter(school=school).order_by("-number").first()
    SigningKey.objects.filter(school=school, retired_at__isnull=True).update(
        retired_at=timezone.now()
    )
    return _new_key(school, (latest.number if latest else 0) + 1)


def _take_status_index(school) -> tuple[StatusList, int]:
    status_list = (
        StatusList.objects.select_for_update().filter(school=school).order_by("-number").first()
    )
    if status_list is None or status_list.next_index >= status_list.size:
        number = status_list.number + 1 if status_list else 1
        status_list = StatusList.objects.create(school=school, number=number)
    index = status_list.next_index
    status_list.next_index = index + 1
    status_list.save(update_fields=["next_index"])
    return status_list, index


@transaction.atomic
def credential_issue(*, student, competency, by=None) -> Credential:
    """Issue the student an OpenBadgeCredential for a competency they have mastered (the
    credit report's rule, evidence.selectors.mastered_of)."""
    if competency.school_id != student.school_id:
        raise ValidationError(_("That competency belongs to another school."))
    rating = masteries(student).get(competency.pk)
    if rating is None:
        raise ValidationError(
            _("%(name)s has not mastered this competency.") % {"name": student.display_name}
        )
    if Credential.objects.filter(
        student=student, competency=competency, revoked_at__isnull=True
    ).exists():
        raise ValidationError(_("A badge for this competency is already issued."))
    school = student.school
    key = active_key(school)
    status_list, index = _take_status_index(school)
    credential = Credential(
        school=school,
        student=student,
        competency=competency,
        rating=rating,
        signing_key=key,
        status_list=status_list,
        status_index=index,
        issued_at=timezone.now(),
        issued_by=by,
    )
    credential.jwt = keys.sign(
        documents.badge_payload(credential),
        sealed_private_key=key.private_key,
        kid=documents.key_id(key),
    )
    try:
        with transaction.atomic():
            credential.save()
    except IntegrityError as error:  # issued meanwhile by someone else
        raise ValidationError(_("A badge for this competency is already issued.")) from error
    return credential


@transaction.atomic
def credential_revoke(*, credential: Credential, by, reason: str = "") -> Credential:
    if credential.revoked_at is not None:
        return credential
    now = timezone.now()
    Credential.objects.filter(pk=credential.pk).update(
        revoked_at=now, revoked_by=by, revoke_reason=reason[:300]
    )
    StatusList.objects.filter(pk=credential.status_list_id).update(updated_at=now)
    credential.refresh_from_db()
    return credential


def status_list_jwt(status_list: StatusList) -> str:
    """The list as a signed BitstringStatusListCredential, as it is served. Ed25519 signatures
    are deterministic, so the same bits and key give the same text (the ETag)."""
    revoked = list(
        Credential.objects.filter(status_list=status_list, revoked_at__isnull=False).values_list(
            "status_index", flat=True
        )
    )
    key = active_key(status_list.school)
    return keys.sign(
        documents.status_list_payload(status_list, revoked),
        sealed_private_key=key.private_key,
        kid=documents.key_id(key),
    )


def clr_jwt(student, credentials) -> str:
    """A ClrCredential of the given (valid) credentials, signed now."""
    key = active_key(student.school)
    return keys.sign(
        documents.clr_payload(student, credentials),
        sealed_private_key=key.private_key,
        kid=documents.key_id(key),
    )


def mastery_recorded(rating) -> None:
    """Called by evidence.services.rating_save for a Mastered rating: with the school's
    auto-issue on, the badge is issued after the rating commits."""
    found = IssuerSettings.objects.filter(school_id=rating.student.school_id).first()
    if found is not None and found.auto_issue:
        from .tasks import issue_for_mastery

        enqueue_on_commit(issue_for_mastery, rating.student_id, rating.competency_id)
