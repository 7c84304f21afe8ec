"""Student records and the family's and student's homes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.core.policy import OVERSIGHT_ROLES, roles_by_school
from tandem.core.redirects import safe_next

from . import access, selectors, services
from .forms import HouseholdAddressForm


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
    """My children: each child with what waits for the family, most urgent first
    (tandem.family.steps)."""
    from tandem.family.steps import family_next

    caregiver = access.caregiver_of(request.user)
    return render(
        request,
        "people/family_home.html",
        {"caregiver": caregiver, "children": family_next(caregiver)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_address(request, household_id):
    """A household's address, for home visits: its own caregivers and staff with access to
    one of its students may see and edit it."""
    household = access.household_for(request.user, household_id)
    form = HouseholdAddressForm(request.POST or None, instance=household)
    back = safe_next(request)
    if request.method == "POST" and form.is_valid():
        services.household_address_save(by=request.user, household=household, **form.cleaned_data)
        messages.success(request, _("Address saved."))
        return redirect(back or "core:home")
    return render(
        request,
        "people/household_address.html",
        {"household": household, "form": form, "next": back},
        status=400 if form.errors else 200,
    )
