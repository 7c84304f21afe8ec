"""Referrals: make one from a student's page, the team's list, one referral with its notes,
and the school's categories and team. Every read of a referral goes to the access log."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.core.collation import by_name
from tandem.core.models import AccessLog
from tandem.core.policy import log_access, roles_by_school
from tandem.outreach.access import staff_student

from . import access, selectors, services
from .forms import NoteForm, ReferralForm, ReferralSettingsForm
from .models import ReferralState

PAGE_SIZE = 25


def _form_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        for text in error.messages:
            form.add_error(None, text)


@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request, student_id):
    student = staff_student(request.user, student_id)
    form = ReferralForm(request.POST or None, categories=selectors.category_choices(student.school))
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(
                student=student, referrer=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Referral sent. The team has been notified."))
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(request, "referrals/referral_form.html", {"student": student, "form": form})


@login_required
def referral_list(request):
    if not roles_by_school(request.user):
        raise Http404
    state = request.GET.get("state", "open")
    if state not in {"", "open", *ReferralState.values}:
        state = "open"
    referrals = selectors.referral_list(access.visible_referrals(request.user), state=state)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    # A list shows restricted records too: one access-log line per referral on the page.
    AccessLog.objects.bulk_create(
        AccessLog(
            user=request.user,
            school_id=r.school_id,
            student_id=r.student_id,
            record_type="referrals.referral",
            record_id=str(r.pk),
            purpose="referral list",
            ip_address=request.META.get("REMOTE_ADDR") or None,
        )
        for r in page
    )
    return render(
        request,
        "referrals/referral_list.html",
        {
            "page": page,
            "state": state,
            "states": ReferralState.choices,
            "query": f"state={state}",
            "is_team": bool(access.team_schools(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_detail(request, referral_id):
    referral = access.referral_for(request.user, referral_id)
    may_move = access.can_work(request.user, referral)
    form = NoteForm(request.POST or None, referral=referral, may_move=may_move)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_note(
                referral=referral,
                author=request.user,
                body=form.cleaned_data["body"],
                to_state=form.cleaned_data.get("to_state", ""),
                may_move=may_move,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Note added."))
            return redirect("referrals:detail", referral_id=referral.pk)
    log_access(request, student=referral.student, record=referral, purpose="referral")
    notes = referral.notes.select_related("author")
    return render(
        request,
        "referrals/referral_detail.html",
        {"referral": referral, "notes": notes, "form": form, "may_move": may_move},
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_settings(request):
    school = access.require_oversight(request.user, request.GET.get("school"))
    staff = (
        get_user_model()
        .objects.filter(staff_roles__school=school, is_active=True)
        .distinct()
        .order_by(*by_name("full_name"), "pk")
    )
    initial = {
        "categories": "\n".join(value for value, _label in selectors.category_choices(school)),
        "members": [m.user for m in selectors.team_members(school)],
    }
    form = ReferralSettingsForm(request.POST or None, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.referral_settings_update(
            school=school,
            categories=form.cleaned_data["categories"],
            members=list(form.cleaned_data["members"]),
        )
        messages.success(request, _("Referral settings saved."))
        return redirect("referrals:settings")
    return render(request, "referrals/settings.html", {"school": school, "form": form})
