"""A student's test results (growth first, details on request), IEP goals with progress
monitoring (every view logged), and interventions."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.core.collation import by_name
from tandem.core.forms import add_errors
from tandem.core.policy import log_access

from . import access, selectors, services
from .forms import (
    IepGoalForm,
    InterventionForm,
    ProgressCorrectionForm,
    ProgressForm,
    ProgressRemovalForm,
    ResultForm,
)
from .models import Intervention, ProgressPointChange
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
    prefetch_related_objects(
        goals, Prefetch("point_changes", queryset=ProgressPointChange.objects.select_related("by"))
    )
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
            "history": True,  # the goals' corrections and removals, and links to make them
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def iep_point(request, student_id, point_id):
    """Its author corrects or removes a data point, with a reason. The goal's history keeps what
    it said; the access log, who changed it and why."""
    student = access.student_for(request.user, student_id)
    access.require(access.viewer_of(request.user, student).can_keep_iep)
    point = access.iep_point_for(request, student, point_id)
    action = request.POST.get("action")
    correction = ProgressCorrectionForm(
        request.POST if action == "correct" else None, instance=point, prefix="correct"
    )
    removal = ProgressRemovalForm(request.POST if action == "remove" else None, prefix="remove")
    form = {"correct": correction, "remove": removal}.get(action)
    if request.method == "POST" and form is None:
        raise Http404
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if action == "correct":
                    services.progress_correct(point=point, by=request.user, **data)
                    done = _("The data point is corrected.")
                else:
                    services.progress_remove(point=point, by=request.user, reason=data["reason"])
                    done = _("The data point is removed.")
                log_access(
                    request,
                    student=student,
                    record=point,
                    purpose=(f"IEP data point {action}: {data['reason']}")[:200],
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("evidence:iep", student_id=student.pk)
    return render(
        request,
        "evidence/iep_point.html",
        {
            "student": student,
            "point": point,
            "goal": point.goal,
            "correction": correction,
            "removal": removal,
        },
        status=400 if form is not None else 200,
    )


def _owners(student):
    """Staff of the student's school, to own an intervention."""
    return (
        get_user_model()
        .objects.filter(staff_roles__school=student.school, is_active=True)
        .distinct()
        .order_by(*by_name("full_name"), "pk")
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
