"""The coordinator keeps the school's conference checklist: add, edit, reorder, remove (after
confirming), or go back to the guide's list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.forms import add_errors
from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role

from . import access, selectors, services
from .forms import ChecklistItemForm
from .models import ChecklistItem


def _back(school):
    return redirect(f"{reverse('meetings:checklist')}?school={school.pk}")


def _item(user, item_id) -> ChecklistItem:
    return get_object_or_404(
        ChecklistItem.objects.select_related("checklist__school"),
        pk=item_id,
        checklist__school_id__in=schools_with_role(user, OVERSIGHT_ROLES),
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist(request):
    school = access.checklist_school(request.user, request.GET.get("school"))
    checklist = services.checklist_for(school)
    form = ChecklistItemForm(request.POST or None, prefix="new", school=school)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.checklist_item_add(
                school=school, by=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Added “%(title)s”.") % {"title": item.title})
            return _back(school)
    schools = list(_schools(request.user))
    return render(
        request,
        "meetings/checklist.html",
        {
            "school": school,
            "schools": schools,
            "checklist": checklist,
            "all_items": list(checklist.items.all()),
            "form": form,
            "progress": selectors.school_progress(school),
        },
        status=400 if request.method == "POST" else 200,
    )


def _schools(user):
    from tandem.schools.models import School

    return School.objects.filter(pk__in=schools_with_role(user, OVERSIGHT_ROLES)).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def checklist_item(request, item_id):
    item = _item(request.user, item_id)
    school = item.checklist.school
    form = ChecklistItemForm(request.POST or None, instance=item, prefix="item", school=school)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.checklist_item_edit(
                item=ChecklistItem.objects.select_related("checklist__school").get(pk=item.pk),
                by=request.user,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved “%(title)s”.") % {"title": saved.title})
            return _back(item.checklist.school)
    return render(
        request,
        "meetings/checklist_item.html",
        {"item": item, "form": form, "school": item.checklist.school},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist_remove(request, item_id):
    item = _item(request.user, item_id)
    school = item.checklist.school
    if request.method == "POST":
        services.checklist_item_remove(item=item, by=request.user)
        messages.success(request, _("Removed “%(title)s”.") % {"title": item.title})
        return _back(school)
    return render(request, "meetings/checklist_remove.html", {"item": item, "school": school})


@login_required
@require_POST
def checklist_move(request, item_id):
    item = _item(request.user, item_id)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.checklist_item_move(item=item, direction=direction, by=request.user)
    return redirect(
        f"{reverse('meetings:checklist')}?school={item.checklist.school_id}#item-{item.pk}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def checklist_reset(request):
    school = access.checklist_school(
        request.user, request.GET.get("school") or request.POST.get("school")
    )
    if request.method == "POST":
        services.checklist_reset(school=school, by=request.user)
        messages.success(request, _("The checklist is back to the school guide's list."))
        return _back(school)
    return render(request, "meetings/checklist_reset.html", {"school": school})
