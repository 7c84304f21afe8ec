"""The plan page and every action on it. Views parse, authorise (access.py), call a service,
and render; the workflow's rules live in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
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
from .models import FAMILY_QUESTIONS, PlanState, SectionKind


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


def render_detail(request, plan, *, approve_form=None, status=200, posted=None, conflicts=()):
    """The plan page. `posted` (section key to SectionEdit) puts back what a refused or
    conflicting save carried, so the page shows the person's own words; `conflicts` shows
    what someone else saved meanwhile beside them."""
    role, caregiver = _role(request.user, plan)
    page = selectors.plan_page(plan, role=role, caregiver=caregiver)
    page.actions = plan_actions(
        plan, role=role, oversight=role == "viewer" and access.oversees(request.user, plan.student)
    )
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
        add_section_forms(page.sections, posted=posted or {}, conflicts=conflicts)
        context["competencies"] = plan.student.school.competencies.filter(is_active=True)
    else:
        context["live_sections"] = services.plan_content(plan)["sections"]
    return render(request, "plans/plan_detail.html", context, status=status)


def add_section_forms(sections, *, posted=None, conflicts=()) -> None:
    """Give each section of an editor's page its form: the saved text, or the words a save
    that did not go through carried (with the newer revision when someone else saved it
    meanwhile, so saving again keeps the merged text)."""
    by_key = {conflict.section.key: conflict for conflict in conflicts}
    for section in sections:
        mine = (posted or {}).get(section.key)
        section.conflict = by_key.get(section.key)
        revision = section.revision if mine is None or section.conflict else mine.expected_revision
        if mine is not None:
            section.items = mine.items
        section.form = SectionForm(
            initial={"revision": revision, "body": mine.body if mine else section.body},
            prefix=section.key,
        )


def plan_actions(plan, *, role: str, oversight: bool = False) -> list[str]:
    """What the plan page offers to do for the school in the plan's state (access.py decides
    again when it is done): the advisor shares, records approvals and makes revision plans;
    the advisor and the school's oversight activate and close."""
    actions = []
    if role == "advisor":
        if plan.state in (PlanState.READY, PlanState.NEEDS_REVISION):
            actions.append("share")
        if plan.state == PlanState.SHARED:
            actions += ["record_approval", "revision"]
    if role == "advisor" or oversight:
        if plan.state == PlanState.APPROVED:
            actions.append("activate")
        if plan.state in (PlanState.APPROVED, PlanState.ACTIVE):
            actions.append("close")
    return actions


def family_questions(plan) -> list[tuple[str, str]]:
    template = services.template_for(plan.student.school)
    return [(key, str(text)) for key, text in FAMILY_QUESTIONS.items()] + [
        (question, question) for question in template.extra_questions
    ]


@login_required
@require_POST
def section_save(request, plan_id, key):
    """One section, as the page's autosave (htmx) sends it while the person types: the answer
    is the section's status ("Saved." or the conflict) and, out of band, its new revision and
    the plan's state, next step and "still to write". Without htmx it is a form post."""
    plan = access.plan_for(request.user, plan_id)
    role = access.require_editor(request.user, plan)
    section = plan.sections.filter(key=key).first()
    if section is None:
        raise Http404
    form = SectionForm(request.POST, prefix=key)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _section_response(request, plan, role, section, form)
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
        return _section_response(request, plan, role, conflict.section, None, conflict=conflict)
    except ValidationError as error:
        if request.htmx:
            return _section_response(request, plan, role, section, form, error=error)
        errors_to_messages(request, error)
        return back_to_plan(plan)
    plan.refresh_from_db()
    return _section_response(request, plan, role, section, None, saved=True)


def _posted_items(request, section):
    if section.kind == SectionKind.COMPETENCIES:
        return request.POST.getlist(f"{section.key}-competencies")
    if section.kind == SectionKind.ACTION_STEPS:
        whats = request.POST.getlist(f"{section.key}-what")
        whos = request.POST.getlist(f"{section.key}-who")
        bys = request.POST.getlist(f"{section.key}-by")
        return [{"what": w, "who": o, "by": b} for w, o, b in zip(whats, whos, bys, strict=False)]
    return []


def _section_response(
    request, plan, role, section, form, *, conflict=None, saved=False, error=None
):
    if not request.htmx:
        if conflict is None and saved:
            messages.success(request, _("Saved “%(title)s”.") % {"title": section.title})
            return back_to_plan(plan)
        if conflict is None:
            return back_to_plan(plan)
        posted = services.SectionEdit(
            section.key, conflict.yours_body, conflict.yours_items, section.revision
        )
        return render_detail(
            request, plan, status=409, posted={section.key: posted}, conflicts=[conflict]
        )
    if form is None:
        body = conflict.yours_body if conflict else section.body
        form = SectionForm(initial={"revision": section.revision, "body": body}, prefix=section.key)
    section.conflict = conflict
    return render(
        request,
        "plans/_autosaved.html",
        {
            "plan": plan,
            "section": section,
            "form": form,
            "saved": saved,
            "errors": error.messages if error else [e for es in form.errors.values() for e in es],
            "waiting_on": selectors.waiting_on(plan),
            "page": {
                "role": role,
                "missing_required": services.missing_required(plan),
                "actions": plan_actions(plan, role=role),
            },
        },
        status=409 if conflict else 200,
    )


def _posted_edits(request, plan) -> list[services.SectionEdit]:
    """The sections a page's form carried (each names the revision it showed)."""
    edits = []
    for section in plan.sections.all():
        if f"{section.key}-revision" not in request.POST:
            continue
        form = SectionForm(request.POST, prefix=section.key)
        if not form.is_valid():
            raise ValidationError(
                _("“%(title)s” could not be read; reload the page and write it again.")
                % {"title": section.title}
            )
        edits.append(
            services.SectionEdit(
                key=section.key,
                body=form.cleaned_data["body"],
                items=_posted_items(request, section),
                expected_revision=form.cleaned_data["revision"],
            )
        )
    return edits


def _save_posted(request, plan) -> HttpResponse | None:
    """Save what the page's form carried; None when all went in, else the page again with the
    person's words in place (and the conflicts beside them)."""
    edits = _posted_edits(request, plan)
    try:
        conflicts = services.sections_save(plan=plan, edits=edits, by=request.user)
    except ValidationError as error:
        errors_to_messages(request, error)
        plan.refresh_from_db()
        return render_detail(request, plan, status=400, posted={e.key: e for e in edits})
    if conflicts:
        plan.refresh_from_db()
        return render_detail(
            request, plan, status=409, posted={e.key: e for e in edits}, conflicts=conflicts
        )
    return None


@login_required
@require_POST
def plan_save(request, plan_id):
    """The editor's whole page at once: its Save button, and the page without scripts."""
    plan = access.plan_for(request.user, plan_id)
    access.require_editor(request.user, plan)
    try:
        refused = _save_posted(request, plan)
    except ValidationError as error:
        errors_to_messages(request, error)
        return back_to_plan(plan)
    if refused is not None:
        return refused
    messages.success(request, _("Saved."))
    return _back_to_next(request, plan)


def _back_to_next(request, plan) -> HttpResponse:
    """Where the form came from when it says so (the meeting room), else the plan."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return back_to_plan(plan)


@login_required
@require_POST
def plan_ready(request, plan_id):
    """Mark ready (or not). The button belongs to the editor's form, so the sections' text comes
    with it and is saved first: marking ready never drops what was typed."""
    plan = access.plan_for(request.user, plan_id)
    role = access.require_editor(request.user, plan)
    try:
        refused = _save_posted(request, plan)
    except ValidationError as error:
        errors_to_messages(request, error)
        return back_to_plan(plan)
    if refused is not None:
        return refused
    ready = request.POST.get("ready") == "1"
    plan.refresh_from_db()
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
