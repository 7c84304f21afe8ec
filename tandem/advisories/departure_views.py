"""The coordinator's departures pages: what people who left the school (or whose advisee moved)
left behind, and the one-step handover of each group (advisories.departures,
services.departure_hand_over)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from tandem.core.forms import errors_to_messages

from . import access, departures, services
from .forms import HandoverForm


@login_required
def departures_list(request):
    school = access.oversight_school(request.user, request.GET.get("school"))
    return render(
        request,
        "advisories/departures.html",
        {
            "school": school,
            "departures": departures.departures(school),
            "handovers": departures.recent_handovers(school),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def departure_detail(request, person_id):
    school_id = request.GET.get("school") or request.POST.get("school")
    school, departure = access.departure(request.user, person_id, school_id)
    successors = departures.successors(school)
    if request.method == "POST":
        form = HandoverForm(request.POST, successors=successors)
        if form.is_valid():
            try:
                handover = services.departure_hand_over(
                    by=request.user,
                    school=school,
                    person=departure.person,
                    kind=form.cleaned_data["kind"],
                    successor=form.cleaned_data["successor"],
                )
            except ValidationError as error:
                errors_to_messages(request, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d item handed over to %(name)s: %(what)s.",
                        "%(count)d items handed over to %(name)s: %(what)s.",
                        handover.count,
                    )
                    % {
                        "count": handover.count,
                        "name": handover.successor,
                        "what": handover.get_kind_display(),
                    },
                )
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        back = reverse("advisories:departure", args=[departure.person.pk])
        if departures.departure_of(school, departure.person) is None:
            back = reverse("advisories:departures")
        return redirect(f"{back}?school={school.pk}")
    groups = [
        {
            "kind": kind,
            "label": kind.label,
            "rows": rows,
            "successors": successors[kind],
        }
        for kind, rows in departure.group_list
    ]
    return render(
        request,
        "advisories/departure.html",
        {
            "school": school,
            "departure": departure,
            "groups": groups,
            "title": _("What %(name)s left behind") % {"name": departure.person},
        },
    )
