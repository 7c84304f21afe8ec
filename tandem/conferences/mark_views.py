"""Marking a conference held or no-show (after a confirmation page) and undoing the mark (with a
reason). Who: `access.staff_conference` (the student's current advisor, the school's
oversight). When: `schools.calendar` (not before the conference starts), asked by the service
and, for what the page offers, here. Views parse, authorise, call a service and render."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from tandem.core.forms import add_errors, errors_to_messages
from tandem.core.redirects import safe_next
from tandem.schools import calendar

from . import access, services
from .models import Status

MARKS = {Status.HELD.value, Status.NO_SHOW.value}


class UnmarkForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the mark undone?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Say why the mark is undone.")},
    )


def _back(request, conference) -> str:
    return safe_next(request, reverse("meetings:agenda", args=[conference.pk]))


def _render(request, template, context, *, status=200):
    with timezone.override(context["conference"].window.school.time_zone):
        return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def conference_mark(request, conference_id):
    """GET (or a POST without `confirm`): the confirmation page; POST with `confirm`: mark."""
    conference = access.staff_conference(request.user, conference_id)
    status = request.POST.get("status") or request.GET.get("status") or Status.HELD
    if status not in MARKS:
        raise Http404
    back = _back(request, conference)
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            services.conference_mark(by=request.user, conference=conference, status=status)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            if status == Status.HELD:
                messages.success(request, _("Recorded as held."))
            else:
                messages.warning(request, _("Recorded as a no-show. The time is free again."))
        return redirect(back)
    return _render(
        request,
        "conferences/mark.html",
        {
            "conference": conference,
            "status": status,
            "is_held": status == Status.HELD,
            "may_mark": calendar.conference_may_be_marked(conference),
            "marked": conference.status in MARKS,
            "back": back,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_unmark(request, conference_id):
    """Undo a held or no-show mark, with a reason kept in the conference's history."""
    conference = access.staff_conference(request.user, conference_id)
    back = _back(request, conference)
    form = UnmarkForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.conference_unmark(
                    by=request.user, conference=conference, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The mark is undone: the conference is booked again."))
                return redirect(back)
        status = 400
    return _render(
        request,
        "conferences/unmark.html",
        {
            "conference": conference,
            "form": form,
            "refusal": services.unmark_refusal(conference),
            "back": back,
        },
        status=status,
    )
