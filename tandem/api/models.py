"""Personal access tokens for the JSON API (tandem/api/README in docs/architecture.md).

A token is `tdm_<prefix>_<secret>`: the prefix finds the row, the SHA-256 of the whole token is
what is kept (the token itself is shown once and never stored). A token belongs to one staff
member, one of their schools, reads or reads and writes, and ends on a date or when revoked.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "tdm_"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(lookup prefix, whole token)."""
    lookup = secrets.token_hex(6)
    return lookup, f"{PREFIX}{lookup}_{secrets.token_urlsafe(32)}"


def lookup_of(token: str) -> str | None:
    if not token.startswith(PREFIX):
        return None
    lookup, _sep, secret = token[len(PREFIX) :].partition("_")
    return lookup if len(lookup) == 12 and secret else None


class AccessTokenQuerySet(models.QuerySet):
    def live(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class AccessToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    lookup = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64)
    can_write = models.BooleanField(_("may write"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({PREFIX}{self.lookup}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
