"""Reads for the credentials pages, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from tandem.evidence.models import CompetencyRating
from tandem.evidence.selectors import masteries

from .models import Credential, SigningKey


@dataclass
class Mastery:
    """A mastered competency and its badge, if one is issued (`credential` the valid one)."""

    rating: CompetencyRating
    credential: Credential | None

    @property
    def competency(self):
        return self.rating.competency


def credentials_of(student) -> list[Credential]:
    """All the student's credentials, revoked ones too."""
    return list(
        Credential.objects.filter(student=student).select_related(
            "competency", "issued_by", "revoked_by"
        )
    )


def valid_credentials(student) -> list[Credential]:
    """What the student's CLR carries: every badge not revoked, by competency code."""
    return list(
        Credential.objects.filter(student=student, revoked_at__isnull=True)
        .select_related("competency__school", "competency__framework_item__framework")
        .order_by("competency__code", "pk")
    )


def mastery_list(student, credentials: list[Credential]) -> list[Mastery]:
    """The student's mastered competencies (the credit report's rule), each with its badge."""
    valid = {c.competency_id: c for c in credentials if c.revoked_at is None}
    found = masteries(student)
    return sorted(
        (Mastery(rating, valid.get(cid)) for cid, rating in found.items()),
        key=lambda m: m.competency.code,
    )


def keys_of(school) -> list[SigningKey]:
    return list(SigningKey.objects.filter(school=school).select_related("school"))
