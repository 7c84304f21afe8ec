"""Student records and the family's and student's homes."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from tandem.core.policy import OVERSIGHT_ROLES, roles_by_school

from . import access, selectors


@login_required
def student_detail(request, student_id):
    student = access.student_for(request.user, student_id)
    profile = selectors.student_profile(student, request.user)
    caregiver = getattr(request.user, "caregiver", None)
    children = list(selectors.children_of(caregiver)) if profile.viewer_is_family else []
    can_assign = bool(roles_by_school(request.user).get(student.school_id, set()) & OVERSIGHT_ROLES)
    return render(
        request,
        "people/student_detail.html",
        {"profile": profile, "student": student, "children": children, "can_assign": can_assign},
    )


@login_required
def student_home(request):
    student = access.student_self(request.user)
    profile = selectors.student_profile(student, request.user)
    return render(request, "people/student_home.html", {"profile": profile, "student": student})


@login_required
def family_home(request):
    caregiver = access.caregiver_of(request.user)
    children = list(selectors.children_of(caregiver))
    return render(
        request, "people/family_home.html", {"caregiver": caregiver, "children": children}
    )
