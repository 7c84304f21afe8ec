from django import template

from tandem.core.policy import roles_by_school

register = template.Library()


@register.filter
def works_at_school_of(user, student) -> bool:
    """Is the user staff of the student's school (roles are read once per request)?"""
    return student.school_id in roles_by_school(user)
