"""Verifiable credentials (issue 18): Open Badges 3.0 achievements a school issues to a student
for a mastered competency, signed with the school's Ed25519 key as VC-JWT, revocable through a
Bitstring Status List the school publishes.

A school's keys: one active key signs; rotating retires it (kept, still published in the
school's DID document, so what it signed still verifies) and makes a new one. The private key is
stored encrypted (keys.py). A credential keeps the exact JWT it was issued as: the download, the
baked badge and the CLR hand out those bytes.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Student
from tandem.schools.models import School

# The W3C Bitstring Status List's minimum length (herd privacy): 16 KB of bits.
STATUS_LIST_SIZE = 131_072


class IssuerSettings(models.Model):
    """How a school issues credentials."""

    school = models.OneToOneField(
        School, on_delete=models.CASCADE, related_name="credential_settings"
    )
    auto_issue = models.BooleanField(
        _("issue a badge as soon as a competency is mastered"),
        default=False,
        help_text=_(
            "Without this, the coordinator issues each badge from the student's credentials page."
        ),
    )

    def __str__(self):
        return f"{self.school}: auto_issue={self.auto_issue}"


class SigningKey(models.Model):
    """One of a school's Ed25519 keys: `key-<number>` in the school's DID document."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="signing_keys")
    number = models.PositiveIntegerField()
    public_key = models.CharField(max_length=64)  # the raw 32 bytes, base64url (a JWK's "x")
    private_key = models.TextField()  # the raw 32-byte seed, encrypted (keys.seal)
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["school", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="signing_key_number"),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(retired_at__isnull=True),
                name="one_active_signing_key",
            ),
        ]

    def __str__(self):
        return f"{self.school} key-{self.number}"

    @property
    def fragment(self) -> str:
        return f"key-{self.number}"

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class StatusList(models.Model):
    """A school's revocation list: bit `i` is 1 when the credential at index `i` is revoked.
    Indexes are handed out in order; `updated_at` (the list credential's validFrom) moves when
    a bit does."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="status_lists")
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField(default=STATUS_LIST_SIZE)
    next_index = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["school", "number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="status_list_number"),
            models.CheckConstraint(
                condition=Q(next_index__lte=models.F("size")), name="status_list_not_overfull"
            ),
        ]

    def __str__(self):
        return f"{self.school} status list {self.number}"


class Credential(models.Model):
    """An OpenBadgeCredential issued to a student for one mastered competency."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="credentials")
    competency = models.ForeignKey(
        "plans.Competency", on_delete=models.PROTECT, related_name="credentials"
    )
    rating = models.ForeignKey(
        "evidence.CompetencyRating",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credentials",
    )
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="entries")
    status_index = models.PositiveIntegerField()
    jwt = models.TextField()
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(  # None: issued automatically (IssuerSettings.auto_issue)
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["competency__code", "-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="credential_status_index"
            ),
            models.UniqueConstraint(
                fields=["student", "competency"],
                condition=Q(revoked_at__isnull=True),
                name="one_valid_credential_per_competency",
            ),
        ]
        indexes = [models.Index(fields=["status_list", "revoked_at"], name="credential_revoked")]

    def __str__(self):
        return f"{self.competency} for {self.student}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
