"""The family's side of a plan (comments, approval in the portal) and the advisor's record of
approvals given elsewhere, and revision plans."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.collation import by_name
from tandem.core.forms import add_errors, errors_to_messages
from tandem.people.models import Caregiver
from tandem.schools.models import Role

from . import access, approvals, selectors, services
from .forms import ApproveForm, RecordApprovalForm, RevisionPlanForm
from .views import back_to_plan, family_questions, render_detail


@login_required
@require_POST
def plan_approve(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    caregiver = access.require_caregiver(request.user, plan)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            approvals.approval_give(
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
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your approval is recorded."))
            return back_to_plan(plan)
    return render_detail(request, plan, approve_form=form, status=400)


@login_required
@require_POST
def family_input(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    caregiver = access.require_caregiver(request.user, plan)
    entries = [
        ("", key, request.POST.get(f"q-{n}", ""))
        for n, (key, _text) in enumerate(family_questions(plan))
    ]
    entries += [(s.key, "", request.POST.get(f"c-{s.key}", "")) for s in plan.sections.all()]
    try:
        version = int(request.POST.get("version", "0"))
        asks_changes = request.POST.get("changes") == "1"
        saved = approvals.family_input_add(
            plan=plan,
            caregiver=caregiver,
            version_number=version,
            entries=entries,
            asks_changes=asks_changes,
        )
    except ValueError:
        raise Http404 from None
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        if saved and asks_changes:
            messages.success(
                request,
                _("Thank you. The advisor will revise the plan with you and share it again."),
            )
        elif saved:
            messages.success(request, _("Thank you. The advisor will see your comments."))
        else:
            messages.error(request, _("Write a comment or an answer first."))
    return back_to_plan(plan)


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
        .order_by(*by_name("full_name"), "pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def approval_record(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    access.require_advisor(request.user, plan)
    latest = services.latest_version(plan)
    caregivers = Caregiver.objects.filter(
        pk__in=[g.caregiver_id for g in selectors.caregivers_with_rights(plan)]
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
            approvals.approval_record(
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
            add_errors(form, error)
        else:
            messages.success(request, _("The approval is recorded."))
            return back_to_plan(plan)
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
            approvals.revision_plan_create(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The revision plan is recorded."))
            return back_to_plan(plan)
    return render(request, "plans/revision_create.html", {"plan": plan, "form": form})


@login_required
def approval_attachment(request, plan_id, approval_id):
    """The photo or scan behind a recorded approval: for the school's people, never public."""
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
