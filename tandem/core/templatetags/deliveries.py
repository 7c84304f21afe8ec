from django import template

from tandem.core import policy, selectors

register = template.Library()


@register.inclusion_tag("core/_undelivered_notice.html", takes_context=True)
def undelivered_notice(context, student):
    """For staff with full access to the student: the messages to the student's caregivers
    that have not arrived (a permanent failure has flagged the address for correction)."""
    user = context["request"].user
    shown = policy.holds_role_at(user, student.school_id) and (
        policy.reach(user, student) == policy.Reach.FULL
    )
    undelivered = list(selectors.undelivered_to_caregivers_of(student)) if shown else []
    oversees = student.school_id in policy.schools_with_role(user, policy.OVERSIGHT_ROLES)
    return {"undelivered": undelivered, "student": student, "oversees": oversees}
