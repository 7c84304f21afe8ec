"""What other pages ask of single sign-on: the buttons on the sign-in page, and whether a
person's password still signs them in."""

from __future__ import annotations

from django.http import Http404

from tandem.core.policy import staff_schools
from tandem.schoolpage.selectors import public_key, school_by_key

from .models import SchoolSignOn


def sign_on_for_key(key: str) -> SchoolSignOn:
    """The school's provider at /signin/sso/<key>/ (the school's web address or id); a school
    without one that is on is a 404, as a school that does not exist."""
    school = school_by_key(key)
    sign_on = SchoolSignOn.objects.filter(school=school, is_enabled=True).first()
    if sign_on is None:
        raise Http404
    sign_on.school = school
    return sign_on


def signin_buttons() -> list[dict]:
    """One "Sign in with <provider>" per school whose provider is on, by school name."""
    rows = SchoolSignOn.objects.filter(is_enabled=True).select_related("school")
    return [
        {
            "provider": row.provider_name,
            "school": row.school.name,
            "key": public_key(row.school),
        }
        for row in rows.order_by("school__name")
    ]


def password_off_for(user) -> SchoolSignOn | None:
    """The provider of a school where `user` holds a staff role now (core.policy) and password
    sign-in is off for staff, if any: such a person signs in there, not with a password."""
    schools = staff_schools(user)
    if not schools:
        return None
    return (
        SchoolSignOn.objects.filter(school_id__in=schools, is_enabled=True, staff_password_off=True)
        .select_related("school")
        .order_by("school__name")
        .first()
    )
