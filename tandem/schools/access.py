"""Fetch-and-authorise for a school: one the user holds one of the given roles at, or a 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.policy import schools_with_role

from .models import School


def school_with_role(user, roles, school_id=None) -> School:
    """The school asked for, if the user holds one of `roles` there; with no id, their first."""
    allowed = schools_with_role(user, roles)
    if not allowed:
        raise Http404
    schools = School.objects.filter(pk__in=allowed).order_by("name")
    if school_id in (None, ""):
        return schools.first()
    try:
        return get_object_or_404(schools, pk=int(school_id))
    except (TypeError, ValueError):
        raise Http404 from None
