"""Conference setup pages: the window's settings, advisors' hours (each advisor's own page,
and the coordinator's view of every advisor), the interpreter pool with each interpreter's
hours, how a family meets, and offering new times after a no-show. Views parse, authorise
(access.py), call a service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core import content
from tandem.core.forms import add_errors, errors_to_messages
from tandem.core.redirects import safe_next
from tandem.schools import services as school_services
from tandem.schools.models import Role

from . import access, selectors, services
from .forms import (
    AdvisorSettingsForm,
    ExceptionForm,
    HoursForm,
    InterpreterForm,
    ModeForm,
    WindowForm,
)
from .models import AdvisorAvailability, ConferenceWindow, Interpreter, InterpreterHours

# -- the window ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def window_settings(request, window_id):
    found = access.oversight_window(request.user, window_id)
    form = WindowForm(request.POST or None, instance=found)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in WindowForm.Meta.fields}
            fresh = ConferenceWindow.objects.select_related("term__year__school").get(pk=found.pk)
            try:
                with transaction.atomic():
                    services.window_configure(by=request.user, window=fresh, **fields)
                    # Only the languages the page posted (an empty own name keeps the name).
                    names = {
                        lang: text
                        for lang, text in content.cleaned_texts(form, "name").items()
                        if content.column("name", lang) in form.data
                    }
                    school_services.term_names_save(term=fresh.term, names=names)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Conference window saved."))
                return redirect("conferences:window", term_id=found.term_id)
        status = 400
    return render(
        request,
        "conferences/window_settings.html",
        {"window": found, "term": found.term, "form": form},
        status=status,
    )


# -- advisors' hours -----------------------------------------------------------------------


def _availability_page(request, found, advisor, *, own: bool):
    settings = (
        AdvisorAvailability.objects.filter(window=found, advisor=advisor)
        .prefetch_related("weekly", "exceptions")
        .first()
    ) or AdvisorAvailability(window=found, advisor=advisor)
    here = (
        reverse("conferences:advisor_availability", args=[found.pk])
        if own
        else reverse("conferences:advisor_hours", args=[found.pk, advisor.pk])
    )
    action = request.POST.get("action", "save")
    form = AdvisorSettingsForm(
        request.POST if request.method == "POST" and action == "save" else None,
        instance=settings,
        school=found.school,
    )
    exception_form = ExceptionForm(
        request.POST if request.method == "POST" and action == "add_exception" else None,
        prefix="ex",
    )
    status = 200
    if request.method == "POST":
        if action == "save" and form.is_valid():
            services.advisor_hours_save(
                by=request.user,
                window=found,
                advisor=advisor,
                settings=form.settings(),
                weekly=form.cleaned_data["weekly"],
            )
            messages.success(request, _("Conference hours saved."))
            return redirect(here)
        if action == "add_exception" and exception_form.is_valid():
            data = exception_form.cleaned_data
            try:
                services.advisor_exception_add(
                    by=request.user,
                    window=found,
                    advisor=advisor,
                    day=data["day"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                )
            except ValidationError as error:
                exception_form.add_error("day", error)
            else:
                messages.success(request, _("Exception added."))
                return redirect(here)
        if action == "remove_exception":
            services.advisor_exception_remove(
                by=request.user,
                window=found,
                advisor=advisor,
                exception_id=request.POST.get("exception", "0") or 0,
            )
            messages.success(request, _("Exception removed."))
            return redirect(here)
        status = 400
    return render(
        request,
        "conferences/advisor_availability.html",
        {
            "window": found,
            "advisor": advisor,
            "own": own,
            "form": form,
            "exception_form": exception_form,
            "exceptions": list(settings.exceptions.all()) if settings.pk else [],
            "weekly_fields": [form[f"day_{d}"] for d in range(5)],
            "settings_fields": [
                form[name] for name in AdvisorSettingsForm.Meta.fields if name in form.fields
            ],
            "here": here,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def advisor_availability(request, window_id):
    found = get_object_or_404(
        ConferenceWindow.objects.select_related("term__year__school"),
        pk=window_id,
        term__year__school__staff_roles__user=request.user,
        term__year__school__staff_roles__role=Role.ADVISOR,
    )
    return _availability_page(request, found, request.user, own=True)


@login_required
@require_http_methods(["GET", "POST"])
def advisor_hours(request, window_id, advisor_id):
    found, advisor = access.window_advisor(request.user, window_id, advisor_id)
    return _availability_page(request, found, advisor, own=False)


# -- interpreters --------------------------------------------------------------------------


@login_required
def interpreters(request, window_id):
    found = access.oversight_window(request.user, window_id)
    return render(
        request,
        "conferences/interpreters.html",
        {"window": found, "term": found.term, "pool": selectors.interpreter_pool(found)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def interpreter_new(request, window_id):
    found = access.oversight_window(request.user, window_id)
    form = InterpreterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = services.interpreter_save(
            by=request.user, interpreter=Interpreter(school=found.school), **form.cleaned_data
        )
        messages.success(request, _("%(name)s added. Now give their hours.") % {"name": made.name})
        return redirect("conferences:interpreter", window_id=found.pk, interpreter_id=made.pk)
    return render(
        request,
        "conferences/interpreter_form.html",
        {"window": found, "form": form, "interpreter": None},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interpreter(request, window_id, interpreter_id):
    found, person = access.oversight_interpreter(request.user, window_id, interpreter_id)
    here = reverse("conferences:interpreter", args=[found.pk, person.pk])
    action = request.POST.get("action", "save")
    form = InterpreterForm(
        request.POST if request.method == "POST" and action == "save" else None, instance=person
    )
    hours_form = HoursForm(
        request.POST if request.method == "POST" and action == "add_hours" else None,
        prefix="hours",
    )
    status = 200
    if request.method == "POST":
        if action == "save" and form.is_valid():
            services.interpreter_save(by=request.user, interpreter=person, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect(here)
        if action == "add_hours" and hours_form.is_valid():
            try:
                services.interpreter_hours_add(
                    by=request.user, interpreter=person, window=found, **hours_form.cleaned_data
                )
            except ValidationError as error:
                hours_form.add_error(None, error)
            else:
                messages.success(request, _("Hours added."))
                return redirect(here)
        if action == "remove_hours":
            services.interpreter_hours_remove(
                by=request.user,
                interpreter=person,
                window=found,
                hours_id=request.POST.get("hours", "0") or 0,
            )
            messages.success(request, _("Hours removed."))
            return redirect(here)
        if action == "reactivate":
            services.interpreter_set_active(by=request.user, interpreter=person, active=True)
            messages.success(request, _("%(name)s is active again.") % {"name": person.name})
            return redirect(here)
        status = 400
    return render(
        request,
        "conferences/interpreter_form.html",
        {
            "window": found,
            "form": form,
            "interpreter": person,
            "hours_form": hours_form,
            "hours": InterpreterHours.objects.filter(interpreter=person, window=found),
            "days": found.days(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def interpreter_deactivate(request, window_id, interpreter_id):
    found, person = access.oversight_interpreter(request.user, window_id, interpreter_id)
    if request.method == "POST":
        upcoming = services.interpreter_set_active(
            by=request.user, interpreter=person, active=False
        )
        messages.success(
            request,
            ngettext(
                "%(name)s is no longer offered for new conferences. They are still on "
                "%(count)s conference already booked.",
                "%(name)s is no longer offered for new conferences. They are still on "
                "%(count)s conferences already booked.",
                upcoming,
            )
            % {"name": person.name, "count": upcoming}
            if upcoming
            else _("%(name)s is no longer offered for new conferences.") % {"name": person.name},
        )
        return redirect("conferences:interpreters", window_id=found.pk)
    return render(
        request,
        "conferences/interpreter_deactivate.html",
        {"window": found, "interpreter": person, "upcoming": selectors.upcoming_with(person)},
    )


# -- how a family meets; no-shows -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def student_mode(request, window_id, student_id):
    found, student = access.student_mode_window(request.user, window_id, student_id)
    current = selectors.meeting_mode(found, student)
    form = ModeForm(request.POST or None, initial={"mode": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_preference_set(
                by=request.user, window=found, students=[student], mode=form.cleaned_data["mode"]
            )
        except ValidationError as error:
            form.add_error("mode", error)
        else:
            messages.success(request, _("Saved."))
            return redirect(
                safe_next(request, reverse("conferences:student_mode", args=[found.pk, student.pk]))
            )
    return render(
        request,
        "conferences/student_mode.html",
        {
            "window": found,
            "student": student,
            "form": form,
            "homes": selectors.homes_of(student),
            "next": safe_next(request, ""),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def offer_rebooking(request, conference_id):
    conference = access.staff_conference(request.user, conference_id)
    try:
        told = services.conference_offer_rebooking(by=request.user, conference=conference)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "Booking reopened for %(name)s; %(count)s caregiver was sent the link.",
                "Booking reopened for %(name)s; %(count)s caregivers were sent the link.",
                told,
            )
            % {"name": conference.student.display_name, "count": told},
        )
    return redirect(safe_next(request, reverse("conferences:advisor")))
