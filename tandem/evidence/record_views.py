"""A student's test results (growth first, details on request), IEP goals with progress
monitoring (every view logged), and interventions."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.core.forms import add_errors

from . import access, selectors, services
from .forms import IepGoalForm, InterventionForm, ProgressForm, ResultForm
from .models import Intervention
from .views import growth_charts, iep_charts


@login_required
@require_http_methods(["GET", "POST"])
def tests(request, student_id):
    student = access.student_for(request.user, student_id)
    viewer = access.viewer_of(request.user, student)
    form = None
    if viewer.can_enter_results:
        form = ResultForm(request.POST or None, prefix="result")
        if request.method == "POST" and form.is_valid():
            services.result_add(student=student, **form.cleaned_data)
            messages.success(request, _("The score is saved."))
            return redirect(request.path)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "evidence/tests.html",
        {"student": student, "viewer": viewer, "charts": growth_charts(student), "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def iep(request, student_id):
    student = access.student_for(request.user, student_id)
    viewer = access.viewer_of(request.user, student)
    goal_form = progress_form = None
    goals = access.iep_goals_for(request, student, purpose="IEP progress page")
    if viewer.can_keep_iep and student.has_iep:
        posted = request.POST if request.method == "POST" else None
        which = request.POST.get("form")
        goal_form = IepGoalForm(posted if which == "goal" else None, prefix="goal")
        progress_form = ProgressForm(
            posted if which == "progress" else None, goals=goals, prefix="progress"
        )
        if which == "goal" and goal_form.is_valid():
            try:
                services.iep_goal_add(student=student, by=request.user, **goal_form.cleaned_data)
            except ValidationError as error:
                add_errors(goal_form, error)
            else:
                messages.success(request, _("The goal is saved."))
                return redirect(request.path)
        if which == "progress" and progress_form.is_valid():
            data = dict(progress_form.cleaned_data)
            goal = next(g for g in goals if g.pk == data.pop("goal"))
            try:
                services.progress_add(goal=goal, by=request.user, **data)
            except ValidationError as error:
                add_errors(progress_form, error)
            else:
                messages.success(request, _("The data point is saved."))
                return redirect(request.path)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "evidence/iep.html",
        {
            "student": student,
            "viewer": viewer,
            "goals": iep_charts(goals),
            "goal_form": goal_form,
            "progress_form": progress_form,
        },
    )


def _owners(student):
    """Staff of the student's school, to own an intervention."""
    return (
        get_user_model()
        .objects.filter(staff_roles__school=student.school, is_active=True)
        .distinct()
        .order_by("full_name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def interventions(request, student_id):
    student = access.student_for(request.user, student_id)
    viewer = access.viewer_of(request.user, student)
    access.require(viewer.can_plan_interventions)
    editing = None
    edit = request.GET.get("edit") or request.POST.get("edit") or ""
    if edit:
        if not edit.isdigit():
            raise Http404
        editing = get_object_or_404(Intervention, student=student, pk=int(edit))
    form = InterventionForm(
        request.POST or None,
        instance=editing,
        owners=_owners(student),
        initial=None if editing else {"owner": request.user.pk, "area": request.GET.get("area")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_save(
                student=student, by=request.user, intervention=editing, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The intervention is saved."))
            return redirect(request.path)
    return render(
        request,
        "evidence/interventions.html",
        {
            "student": student,
            "viewer": viewer,
            "interventions": selectors.interventions_of(student),
            "form": form,
            "editing": editing,
        },
    )
