"""The plan page and every action on it. Views parse, authorise (access.py), call a service,
and render; the workflow's rules live in services.py."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.people.access import student_for
from tandem.schools.models import Role, Term

from . import access, diff, selectors, services
from .forms import (
    ApproveForm,
    PlanCreateForm,
    RecordApprovalForm,
    RevisionPlanForm,
    SectionForm,
)
from .models import FAMILY_QUESTIONS, SectionKind


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _role(user, plan) -> tuple[str, object]:
    if access.is_current_advisor(user, plan.student):
        return "advisor", None
    if access.is_the_student(user, plan.student):
        return "student", None
    caregiver = access.caregiver_for(user, plan)
    if caregiver is not None:
        return "caregiver", caregiver
    return "viewer", None


def _back(plan) -> HttpResponse:
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
                _errors_to_messages(request, error)
            else:
                messages.success(
                    request,
                    _("The plan is started. Write it with %(name)s.")
                    % {"name": student.display_name},
                )
                return _back(plan)
    return render(
        request, "plans/student_plans.html", {"student": student, "plans": plans, "form": form}
    )


# -- the plan page -------------------------------------------------------------------------


@login_required
def plan_detail(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    return _render_detail(request, plan)


def _render_detail(request, plan, *, approve_form=None, status=200):
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
        context["questions"] = _family_questions(plan)
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


def _family_questions(plan) -> list[tuple[str, str]]:
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
        _errors_to_messages(request, error)
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
            return _back(plan)
        if conflict is None:
            return _back(plan)
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
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("Marked ready.") if ready else _("Marked not ready."))
    return _back(plan)


@login_required
@require_http_methods(["GET", "POST"])
def plan_share(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    access.require_advisor(request.user, plan)
    if request.method == "POST":
        try:
            version = services.plan_share(plan=plan, by=request.user)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("Version %(number)s is shared with the family.") % {"number": version.number},
            )
        return _back(plan)
    return render(
        request,
        "plans/share_confirm.html",
        {"plan": plan, "recipients": services.caregivers_with_rights(plan)},
    )


@login_required
@require_POST
def plan_approve(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    caregiver = access.require_caregiver(request.user, plan)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.approval_give(
                plan=plan,
                caregiver=caregiver,
                version_number=form.cleaned_data["version"],
                typed_name=form.cleaned_data["typed_name"],
                confirmed=form.cleaned_data["confirm"],
                ip_address=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. Your approval is recorded."))
            return _back(plan)
    return _render_detail(request, plan, approve_form=form, status=400)


@login_required
@require_POST
def family_input(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    caregiver = access.require_caregiver(request.user, plan)
    entries = [
        ("", key, request.POST.get(f"q-{n}", ""))
        for n, (key, _text) in enumerate(_family_questions(plan))
    ]
    entries += [(s.key, "", request.POST.get(f"c-{s.key}", "")) for s in plan.sections.all()]
    try:
        version = int(request.POST.get("version", "0"))
        saved = services.family_input_add(
            plan=plan, caregiver=caregiver, version_number=version, entries=entries
        )
    except ValueError:
        raise Http404 from None
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        if saved:
            messages.success(request, _("Thank you. The advisor will see your comments."))
        else:
            messages.error(request, _("Write a comment or an answer first."))
    return _back(plan)


def _owners(plan):
    """Who can own a revision: the student's advisor, the student, the school's staff."""
    user_model = get_user_model()
    return (
        user_model.objects.filter(
            Q(
                staff_roles__school=plan.student.school,
                staff_roles__role__in=[
                    Role.ADVISOR,
                    Role.COORDINATOR,
                    Role.CASE_MANAGER,
                    Role.COUNSELOR,
                ],
            )
            | Q(pk=plan.student.user_id),
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def approval_record(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    access.require_advisor(request.user, plan)
    latest = services.latest_version(plan)
    from tandem.people.models import Caregiver

    caregivers = Caregiver.objects.filter(
        pk__in=[g.caregiver_id for g in services.caregivers_with_rights(plan)]
    )
    form = RecordApprovalForm(
        request.POST or None,
        request.FILES or None,
        caregivers=caregivers,
        initial={"version": latest.number if latest else 0},
    )
    if request.method == "POST" and form.is_valid():
        when = timezone.make_aware(datetime.combine(form.cleaned_data["approved_on"], time(12)))
        if form.cleaned_data["approved_on"] == timezone.localdate():
            when = timezone.now()
        try:
            services.approval_record(
                plan=plan,
                caregiver=form.cleaned_data["caregiver"],
                version_number=form.cleaned_data["version"],
                method=form.cleaned_data["method"],
                approved_at=when,
                note=form.cleaned_data["note"],
                attachment=form.cleaned_data["attachment"],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The approval is recorded."))
            return _back(plan)
    return render(
        request, "plans/approval_record.html", {"plan": plan, "form": form, "latest": latest}
    )


@login_required
@require_http_methods(["GET", "POST"])
def revision_create(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    access.require_advisor(request.user, plan)
    form = RevisionPlanForm(
        request.POST or None, owners=_owners(plan), initial={"owner": request.user}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.revision_plan_create(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The revision plan is recorded."))
            return _back(plan)
    return render(request, "plans/revision_create.html", {"plan": plan, "form": form})


@login_required
@require_POST
def plan_activate(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    access.require_advisor_or_oversight(request.user, plan)
    try:
        services.plan_activate(plan=plan, by=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
    return _back(plan)


@login_required
@require_POST
def plan_close(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    access.require_advisor_or_oversight(request.user, plan)
    try:
        services.plan_close(plan=plan, by=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The plan is closed and kept as it is."))
    return _back(plan)


@login_required
def approval_attachment(request, plan_id, approval_id):
    """The photo or scan behind a recorded approval: for the school's people, never public."""
    from django.http import FileResponse

    plan = access.plan_for(request.user, plan_id)
    access.require_advisor_or_oversight(request.user, plan)
    approval = plan.approvals.filter(pk=approval_id).exclude(attachment="").first()
    if approval is None:
        raise Http404
    return FileResponse(
        approval.attachment.open("rb"),
        as_attachment=True,
        filename=approval.attachment.name.rsplit("/", 1)[-1],
    )


# -- versions ------------------------------------------------------------------------------


@login_required
def version_detail(request, plan_id, number):
    plan = access.plan_for(request.user, plan_id)
    version = access.version_for(plan, number)
    approvals = version.approvals.select_related("caregiver", "recorded_by")
    return render(
        request,
        "plans/version_detail.html",
        {"plan": plan, "version": version, "approvals": approvals},
    )


@login_required
def version_pdf(request, plan_id, number):
    from .pdf import pdf_filename
    from .pdf import version_pdf as render_pdf

    plan = access.plan_for(request.user, plan_id)
    version = access.version_for(plan, number)
    response = HttpResponse(
        render_pdf(version, language=request.LANGUAGE_CODE), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(version)}"'
    return response


@login_required
def version_compare(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    versions = list(plan.versions.order_by("number"))
    if len(versions) < 2:
        messages.info(request, _("There is only one version so far."))
        return _back(plan)
    try:
        a = int(request.GET.get("a", versions[-2].number))
        b = int(request.GET.get("b", versions[-1].number))
    except ValueError:
        raise Http404 from None
    left, right = access.version_for(plan, a), access.version_for(plan, b)
    return render(
        request,
        "plans/compare.html",
        {
            "plan": plan,
            "left": left,
            "right": right,
            "versions": versions,
            "sections": diff.compare(left.content, right.content),
        },
    )
