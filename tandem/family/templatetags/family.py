"""`{% load family %}`: the family's side on pages of other apps."""

from django import template

from tandem.family.steps import after_approval

register = template.Library()


@register.simple_tag
def family_after_approval(plan, caregiver) -> str:
    """What happens next for this caregiver once they approved the plan ("" before)."""
    if caregiver is None:
        return ""
    return after_approval(plan, caregiver)
