"""Creating and revoking personal access tokens: the only writers of AccessToken."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tandem.core.policy import staff_schools

from .models import AccessToken, new_token, token_hash

MAX_DAYS = 365


@transaction.atomic
def token_create(*, user, school, name: str, days: int, can_write: bool) -> tuple[AccessToken, str]:
    """A new token for one of the user's schools; returns the row and the token, which is
    shown once and never kept."""
    if school.pk not in staff_schools(user):
        raise PermissionDenied
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(days)
    lookup, token = new_token()
    row = AccessToken.objects.create(
        user=user,
        school=school,
        name=name,
        lookup=lookup,
        token_hash=token_hash(token),
        can_write=can_write,
        expires_at=timezone.now() + timedelta(days=days),
    )
    return row, token


def token_revoke(*, token: AccessToken) -> None:
    if token.revoked_at is None:
        AccessToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
