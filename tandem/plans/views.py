"""The plan page and every action on it. Views parse, authorise (access.py), call a service,
and render; the workflow's rules live in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.conferences.selectors import conference_too_soon
from tandem.core.dates import format_datetime
from tandem.core.forms import errors_to_messages
from tandem.people.access import student_for
from tandem.schools.models import Term

from . import access, selectors, services
from .forms import (
    ApproveForm,
    PlanCreateForm,
    SectionForm,
)
from .models import FAMILY_QUESTIONS, SectionKind


def _role(user, plan) -> tuple[str, object]:
    if access.is_current_advisor(user, plan.student):
        return "advisor", None
    if access.is_the_student(user, plan.student):
        return "student", None
    caregiver = access.caregiver_for(user, plan)
    if caregiver is not None:
        return "caregiver", caregiver
    return "viewer", None


def back_to_plan(plan) -> HttpResponse:
    return redirect("plans:detail", plan_id=plan.pk)


# -- a student's plans ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def student_plans(request, student_id):
    student = student_for(request.user, student_id)
    plans = access.visible_plans(request.user).filter(student=student).select_related("term")
    can_create = access.is_current_advisor(request.user, student)
    terms = Term.objects.filter(year__school=student.school).exclude(plans__student=student)
    form = PlanCreateForm(request.POST or None, terms=terms) if can_create else None
    if request.method == "POST":
        if not can_create:
            raise Http404
        if form.is_valid():
            try:
                plan = services.plan_create(
                    student=student,
                    term=form.cleaned_data["term"],
                    kind=form.cleaned_data["kind"],
                    by=request.user,
                )
            except ValidationError as error:
                errors_to_messages(request, error)
            else:
                messages.success(
                    request,
                    _("The plan is started. Write it with %(name)s.")
                    % {"name": student.display_name},
                )
                return back_to_plan(plan)
    return render(
        request, "plans/student_plans.html", {"student": student, "plans": plans, "form": form}
    )


# -- the plan page -------------------------------------------------------------------------


@login_required
def plan_detail(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    return render_detail(request, plan)


def render_detail(request, plan, *, approve_form=None, status=200):
    role, caregiver = _role(request.user, plan)
    page = selectors.plan_page(plan, role=role, caregiver=caregiver)
    context = {
        "page": page,
        "plan": plan,
        "student": plan.student,
        "waiting_on": selectors.waiting_on(plan),
    }
    if role == "caregiver":
        if page.latest is not None:
            context["approve_form"] = approve_form or ApproveForm(
                initial={"version": page.latest.number}
            )
        context["questions"] = family_questions(plan)
    elif role in ("advisor", "student") and not plan.is_read_only:
        for section in page.sections:
            section.form = SectionForm(
                initial={"revision": section.revision, "body": section.body},
                prefix=section.key,
            )
        context["competencies"] = plan.student.school.competencies.filter(is_active=True)
    else:
        context["live_sections"] = services.plan_content(plan)["sections"]
    return render(request, "plans/plan_detail.html", context, status=status)


def family_questions(plan) -> list[tuple[str, str]]:
    template = services.template_for(plan.student.school)
    return [(key, str(text)) for key, text in FAMILY_QUESTIONS.items()] + [
        (question, question) for question in template.extra_questions
    ]


@login_required
@require_POST
def section_save(request, plan_id, key):
    plan = access.plan_for(request.user, plan_id)
    access.require_editor(request.user, plan)
    section = plan.sections.filter(key=key).first()
    if section is None:
        raise Http404
    form = SectionForm(request.POST, prefix=key)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _section_response(request, plan, section, form)
    items = _posted_items(request, section)
    try:
        section = services.section_save(
            plan=plan,
            key=key,
            body=form.cleaned_data["body"],
            items=items,
            expected_revision=form.cleaned_data["revision"],
            by=request.user,
        )
    except services.EditConflict as conflict:
        return _section_response(request, plan, conflict.section, None, conflict=conflict)
    except ValidationError as error:
        errors_to_messages(request, error)
        return _section_response(request, plan, section, form)
    plan.refresh_from_db()
    return _section_response(request, plan, section, None, saved=True)


def _posted_items(request, section):
    if section.kind == SectionKind.COMPETENCIES:
        return request.POST.getlist(f"{section.key}-competencies")
    if section.kind == SectionKind.ACTION_STEPS:
        whats = request.POST.getlist(f"{section.key}-what")
        whos = request.POST.getlist(f"{section.key}-who")
        bys = request.POST.getlist(f"{section.key}-by")
        return [{"what": w, "who": o, "by": b} for w, o, b in zip(whats, whos, bys, strict=False)]
    return []


def _section_response(request, plan, section, form, *, conflict=None, saved=False):
    if not request.htmx:
        if conflict is None and saved:
            messages.success(request, _("Saved “%(title)s”.") % {"title": section.title})
            return back_to_plan(plan)
        if conflict is None:
            return back_to_plan(plan)
    if form is None:
        revision = section.revision
        body = conflict.yours_body if conflict else section.body
        form = SectionForm(initial={"revision": revision, "body": body}, prefix=section.key)
    return render(
        request,
        "plans/_section.html" if request.htmx else "plans/conflict.html",
        {
            "plan": plan,
            "section": section,
            "form": form,
            "conflict": conflict,
            "saved": saved,
            "editable": True,
            "competencies": plan.student.school.competencies.filter(is_active=True),
        },
    )


@login_required
@require_POST
def plan_ready(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    role = access.require_editor(request.user, plan)
    ready = request.POST.get("ready") == "1"
    try:
        services.plan_mark_ready(
            plan=plan, by=request.user, as_student=role == "student", ready=ready
        )
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Marked ready.") if ready else _("Marked not ready."))
    return back_to_plan(plan)


@login_required
@require_http_methods(["GET", "POST"])
def plan_share(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    access.require_advisor(request.user, plan)
    soon = conference_too_soon(plan=plan)
    if request.method == "POST":
        try:
            version = services.plan_share(plan=plan, by=request.user)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("Version %(number)s is shared with the family.") % {"number": version.number},
            )
            if soon is not None:
                messages.warning(request, _conference_soon_text(plan, soon))
        return back_to_plan(plan)
    return render(
        request,
        "plans/share_confirm.html",
        {
            "plan": plan,
            "recipients": selectors.caregivers_with_rights(plan),
            "conference_soon": _conference_soon_text(plan, soon) if soon else "",
        },
    )


def _conference_soon_text(plan, conference) -> str:
    when = format_datetime(conference.starts_at, plan.student.school.zone)
    return _(
        "The conference is booked for %(when)s, less than %(days)s days away: the family may "
        "not have time to read the plan before it."
    ) % {"when": when, "days": plan.student.school.draft_lead_days}


@login_required
@require_POST
def plan_activate(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    access.require_advisor_or_oversight(request.user, plan)
    try:
        services.plan_activate(plan=plan, by=request.user)
    except ValidationError as error:
        errors_to_messages(request, error)
    return back_to_plan(plan)


@login_required
@require_POST
def plan_close(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    access.require_advisor_or_oversight(request.user, plan)
    try:
        services.plan_close(plan=plan, by=request.user)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("The plan is closed and kept as it is."))
    return back_to_plan(plan)
