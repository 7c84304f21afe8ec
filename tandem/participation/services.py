"""Writes of the participation page: the school's target line."""

from django.db import transaction

from tandem.schools.models import School


@transaction.atomic
def participation_target_set(*, school: School, target: int) -> School:
    """Set the percentage the participation charts draw as the school's target."""
    school.participation_target = target
    school.full_clean(validate_unique=False, validate_constraints=False)
    school.save(update_fields=["participation_target"])
    return school
