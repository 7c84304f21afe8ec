"""The coordinator's window page (oversight, scheduler, publish, nudge), and the two forms that
feed the scheduler: a family's times that work and an advisor's conference settings."""

import itertools
from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role
from tandem.schools import calendar
from tandem.schools.models import School, Term

from . import access, selectors, services
from . import schedule as scheduling
from .forms import PREFERENCES, ModeForm
from .models import ConferenceWindow, FamilyAvailability, ScheduleRun


@login_required
def terms(request):
    """The terms of the schools the user oversees, each with its conference window."""
    schools = schools_with_role(request.user, OVERSIGHT_ROLES)
    if not schools:
        raise Http404
    overseen = list(School.objects.filter(pk__in=schools).order_by("name"))
    # A year still running at any of the schools (each school's own today, from the calendar).
    earliest = min(calendar.today(school) for school in overseen)
    found = (
        Term.objects.filter(year__school_id__in=schools, year__ends_on__gte=earliest)
        .select_related("year__school", "conference_window")
        .order_by("year__school__name", "starts_on")
    )
    from tandem.meetings.selectors import school_progress  # the meetings app builds on this one

    progress = [(school, school_progress(school)) for school in overseen]
    return render(
        request,
        "conferences/coordinator_terms.html",
        {
            "terms": found,
            "progress": progress,
            "several_schools": len(progress) > 1,
            "missing_windows": calendar.terms_missing_window(overseen),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def window(request, term_id):
    term = access.oversight_term(request.user, term_id)
    if request.method == "POST":
        services.window_for_term(term=term)
        messages.success(request, _("Conference window set up with the school's defaults."))
        return redirect("conferences:window", term_id=term.pk)
    found = ConferenceWindow.objects.filter(term=term).select_related("term__year__school").first()
    context = {"term": term, "window": found}
    if found is not None:
        context |= selectors.window_oversight(
            found,
            show=request.GET.get("show", ""),
            q=request.GET.get("q", ""),
            page=request.GET.get("page"),
            proposal_page=request.GET.get("proposal_page"),
        )
        query = request.GET.copy()
        query.pop("page", None)
        query.pop("proposal_page", None)
        query["show"] = context["show"]
        if not context["q"]:
            query.pop("q", None)
        context["query"] = query.urlencode()  # page links keep the list and the search
        context["here"] = f"{request.path}?{request.GET.urlencode()}"  # where actions return
    return render(request, "conferences/coordinator_window.html", context)


@login_required
@require_POST
def schedule(request, window_id):
    found = access.oversight_window(request.user, window_id)
    run = scheduling.schedule_run(window=found, by=request.user, time_limit=20.0)
    placed, left = len(run.result["meetings"]), len(run.result["unscheduled"])
    messages.success(
        request,
        _(
            "The scheduler placed %(placed)s conferences; %(left)s could not be placed. "
            "Review, then publish."
        )
        % {"placed": placed, "left": left},
    )
    return redirect("conferences:window", term_id=found.term_id)


@login_required
@require_POST
def publish(request, window_id, schedule_id):
    found = access.oversight_window(request.user, window_id)
    run = get_object_or_404(ScheduleRun, pk=schedule_id, window=found, published_at__isnull=True)
    booked, problems = scheduling.schedule_publish(run=run, by=request.user)
    messages.success(
        request,
        ngettext(
            "Published: %(count)s conference booked and its invitations sent.",
            "Published: %(count)s conferences booked and their invitations sent.",
            booked,
        )
        % {"count": booked},
    )
    for problem in problems:
        messages.warning(request, problem)
    return redirect("conferences:window", term_id=found.term_id)


@login_required
@require_POST
def nudge(request, window_id):
    found = access.oversight_window(request.user, window_id)
    count = scheduling.families_nudge(window=found, by=request.user)
    messages.success(
        request,
        ngettext(
            "Reminder sent to %(count)s caregiver.", "Reminder sent to %(count)s caregivers.", count
        )
        % {"count": count},
    )
    return redirect("conferences:window", term_id=found.term_id)


def _blocks(found):
    """The parts of each day a family ranks: morning, afternoon, evening (within the window's
    hours)."""
    cuts = [found.day_starts_at, time(12), time(16), found.day_ends_at]
    names = [_("Morning"), _("Afternoon"), _("Evening")]
    out = []
    for day in found.days():
        for name, (a, b) in zip(names, itertools.pairwise(cuts), strict=True):
            if a < b:
                out.append((f"{day.isoformat()}_{a:%H%M}", day, name, a, b))
    return out


@login_required
@require_http_methods(["GET", "POST"])
def family_availability(request, window_id):
    caregiver = access.caregiver_of(request.user)
    found = next((w for w in selectors.family_windows(caregiver) if w.pk == window_id), None)
    if found is None or not selectors.family_requests(caregiver, found):
        raise Http404
    zone = found.school.zone
    blocks = _blocks(found)
    saved = {
        (
            row.starts_at.astimezone(zone).date(),
            row.starts_at.astimezone(zone).time(),
        ): row.preference
        for row in FamilyAvailability.objects.filter(window=found, caregiver=caregiver)
    }
    students = [r.student for r in selectors.family_requests(caregiver, found)]
    current = selectors.meeting_mode(found, students[0])
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        data.setdefault("mode", current)  # the form without the question keeps the choice
    mode_form = ModeForm(data, initial={"mode": current})
    status = 200
    if request.method == "POST" and mode_form.is_valid():
        rows = []
        for key, day, _name, a, b in blocks:
            value = request.POST.get(key, "0")
            if value in {"1", "2", "3"}:
                rows.append(
                    FamilyAvailability(
                        window=found,
                        caregiver=caregiver,
                        preference=int(value),
                        starts_at=datetime.combine(day, a, tzinfo=zone),
                        ends_at=datetime.combine(day, b, tzinfo=zone),
                    )
                )
        try:
            with transaction.atomic():
                services.meeting_preference_set(
                    by=request.user,
                    window=found,
                    students=students,
                    mode=mode_form.cleaned_data["mode"],
                )
                FamilyAvailability.objects.filter(window=found, caregiver=caregiver).delete()
                FamilyAvailability.objects.bulk_create(rows)
        except ValidationError as error:
            mode_form.add_error("mode", error)
        else:
            messages.success(request, _("Thank you. The school will propose a time that works."))
            return redirect("conferences:family")
    if request.method == "POST":
        status = 400
        saved = {(day, a): int(request.POST.get(key, "0") or 0) for key, day, _n, a, _b in blocks}
    rows = [(key, day, name, a, b, str(saved.get((day, a), 0))) for key, day, name, a, b in blocks]
    return render(
        request,
        "conferences/family_availability.html",
        {"window": found, "rows": rows, "choices": PREFERENCES, "mode_form": mode_form},
        status=status,
    )
