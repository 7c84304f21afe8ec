"""Writes: the school's diploma."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from tandem.evidence.services import graduation_set

from .models import DiplomaRequirement


@transaction.atomic
def diploma_set(
    *,
    school,
    credits_required: Decimal,
    competencies: dict,
    requirements: list[tuple[str, Decimal, list[str]]],
) -> None:
    """The diploma: the credits it requires in all, which competencies count and for how much
    (`evidence.services.graduation_set`), and the credits each subject area requires, in this
    order. Requirements not listed are removed."""
    graduation_set(school=school, credits_required=credits_required, competencies=competencies)
    have = {r.name: r for r in DiplomaRequirement.objects.filter(school=school)}
    kept = []
    for position, (name, credits, areas) in enumerate(requirements):
        requirement = have.get(name) or DiplomaRequirement(school=school, name=name)
        requirement.credits, requirement.areas, requirement.position = credits, areas, position
        requirement.save()
        kept.append(requirement.pk)
    DiplomaRequirement.objects.filter(school=school).exclude(pk__in=kept).delete()
