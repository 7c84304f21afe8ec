"""Advisors' onboarding and voice: the advisor's expectations page and checklist, their
suggestions and concerns; the coordinator's view of who has not acknowledged, the editor, and
the inbox. Views parse, authorise (access.py), call a service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.forms import add_errors, errors_to_messages
from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role
from tandem.schools.models import Role, School

from . import access, selectors, services
from .forms import OnboardingForm, ReplyForm, SuggestionForm
from .models import SuggestionKind, SuggestionStatus


def _school_param(request):
    return request.GET.get("school") or request.POST.get("school")


def _schools(user, roles):
    return list(School.objects.filter(pk__in=schools_with_role(user, roles)).order_by("name"))


def _with_school(url, school):
    return f"{url}?school={school.pk}"


# -- the advisor ---------------------------------------------------------------------------------


@login_required
def expectations(request):
    school = access.advisor_school(request.user, _school_param(request))
    return render(
        request,
        "onboarding/expectations.html",
        {
            "school": school,
            "schools": _schools(request.user, {Role.ADVISOR}),
            "page": selectors.advisor_page(school, request.user),
        },
    )


@login_required
@require_POST
def acknowledge(request):
    version = access.version_to_acknowledge(
        request.user, _school_param(request), request.POST.get("version")
    )
    school = version.school
    try:
        services.expectations_acknowledge(advisor=request.user, version=version)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Thank you: you have acknowledged the advisor expectations."))
    return redirect(_with_school(reverse("onboarding:expectations"), school))


@login_required
@require_POST
def task_tick(request, task_id):
    task = access.own_task(request.user, task_id)
    page = selectors.advisor_page(task.school, request.user)
    if page.year is None:
        messages.error(request, _("The school has no academic year set up yet."))
    else:
        services.start_task_tick(
            advisor=request.user, task=task, year=page.year, done=request.POST.get("done") == "1"
        )
    if request.htmx:
        page = selectors.advisor_page(task.school, request.user)
        return render(
            request,
            "onboarding/_checklist.html",
            {"school": task.school, "page": page},
        )
    return redirect(_with_school(reverse("onboarding:expectations"), task.school) + "#checklist")


@login_required
@require_http_methods(["GET", "POST"])
def suggestions(request):
    school = access.advisor_school(request.user, _school_param(request))
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggestion_send(
                author=request.user, school=school, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Sent to your PLP coordinator."))
            return redirect("onboarding:suggestion", suggestion.pk)
    return render(
        request,
        "onboarding/suggestions.html",
        {
            "school": school,
            "schools": _schools(request.user, {Role.ADVISOR}),
            "form": form,
            "suggestions": selectors.my_suggestions(request.user, school),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def suggestion(request, suggestion_id):
    found = access.own_suggestion(request.user, suggestion_id)
    return render(
        request,
        "onboarding/suggestion.html",
        {"suggestion": found, "replies": list(found.replies.select_related("by"))},
    )


# -- the coordinator -----------------------------------------------------------------------------


@login_required
def coordinator(request):
    school = access.oversight_school(request.user, _school_param(request))
    show = request.GET.get("show", "all")
    if show not in selectors.SHOWS:
        show = "all"
    onboarding = selectors.onboarding(school)
    return render(
        request,
        "onboarding/coordinator.html",
        {
            "school": school,
            "schools": _schools(request.user, OVERSIGHT_ROLES),
            "onboarding": onboarding,
            "show": show,
            "rows": onboarding.of(show),
            "counts": onboarding.counts(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request):
    school = access.oversight_school(request.user, _school_param(request))
    version = services.expectations_for(school)
    initial = {
        "expectations": "\n".join(version.items),
        "tasks": "\n".join(task.text for task in school.start_tasks.all()),
    }
    form = OnboardingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.expectations_edit(
                school=school,
                items=services.lines(form.cleaned_data["expectations"]),
                by=request.user,
            )
            services.start_tasks_edit(
                school=school, texts=services.lines(form.cleaned_data["tasks"]), by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if new is not None:
                messages.success(
                    request,
                    _("Saved as version %(number)s: every advisor acknowledges it again.")
                    % {"number": new.number},
                )
            else:
                messages.success(request, _("Saved."))
            return redirect(_with_school(reverse("onboarding:coordinator"), school))
    return render(
        request,
        "onboarding/edit.html",
        {"school": school, "version": version, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def inbox(request):
    school = access.oversight_school(request.user, _school_param(request))
    show = request.GET.get("show", SuggestionStatus.OPEN)
    if show not in selectors.INBOX_SHOWS:
        show = SuggestionStatus.OPEN
    kind = request.GET.get("kind", "")
    if kind not in SuggestionKind.values:
        kind = ""
    found = selectors.inbox(school, kind=kind)
    return render(
        request,
        "onboarding/inbox.html",
        {
            "school": school,
            "schools": _schools(request.user, OVERSIGHT_ROLES),
            "show": show,
            "kind": kind,
            "kinds": SuggestionKind.choices,
            "shows": [(s, SuggestionStatus(s).label) for s in selectors.INBOX_SHOWS],
            "suggestions": found.of(show),
            "counts": found.counts(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inbox_item(request, suggestion_id):
    found = access.inbox_suggestion(request.user, suggestion_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_reply(suggestion=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Reply sent to %(name)s.") % {"name": found.author.full_name}
            )
            return redirect("onboarding:inbox_item", found.pk)
    return render(
        request,
        "onboarding/inbox_item.html",
        {"suggestion": found, "replies": list(found.replies.select_related("by")), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def close(request, suggestion_id):
    found = access.inbox_suggestion(request.user, suggestion_id)
    services.suggestion_close(suggestion=found, by=request.user)
    messages.success(request, _("Closed “%(subject)s”.") % {"subject": found.subject})
    return redirect(_with_school(reverse("onboarding:inbox"), found.school))
