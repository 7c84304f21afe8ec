"""Writes: the school's diploma."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from tandem.core import content
from tandem.evidence.services import graduation_set

from .models import DiplomaRequirement


@transaction.atomic
def diploma_set(
    *,
    school,
    credits_required: Decimal,
    competencies: dict,
    requirements: list[tuple[dict[str, str] | str, Decimal, list[str]]],
) -> None:
    """The diploma: the credits it requires in all, which competencies count and for how much
    (`evidence.services.graduation_set`), and the credits each subject area requires, in this
    order. A requirement's name is {language: text} (the languages given are set, an empty one
    cleared) or a plain text in the school's language; a requirement is the same one while its
    name in the school's language is. Requirements not listed are removed."""
    graduation_set(school=school, credits_required=credits_required, competencies=competencies)
    own = content.school_language(school)
    current = DiplomaRequirement.objects.filter(school=school)
    have = {content.text_in(r, "name", own): r for r in current}
    listed = [
        (content.texts(names, school), credits, areas) for names, credits, areas in requirements
    ]
    kept = [have[names[own]].pk for names, _credits, _areas in listed if names.get(own) in have]
    # The ones going first, so a name moved to another requirement is free again.
    DiplomaRequirement.objects.filter(school=school).exclude(pk__in=kept).delete()
    for position, (names, credits, areas) in enumerate(listed):
        requirement = have.get(names.get(own)) or DiplomaRequirement(school=school)
        content.set_all(requirement, "name", names)
        requirement.credits, requirement.areas, requirement.position = credits, areas, position
        requirement.save()
