"""The advisor's home, the caseload home, and the coordinator's advisory assignment pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.forms import errors_to_messages
from tandem.people.models import Student
from tandem.schools import calendar
from tandem.schools.selectors import advisors_of, current_year

from . import access, departures, selectors, services
from .forms import AssignForm, BulkAssignForm, StudentFilterForm

PAGE_SIZE = 50


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _list_template(request, page_template: str) -> str:
    """htmx search asks for the results only; everything else gets the whole page."""
    return "advisories/_student_table.html" if request.htmx else page_template


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def advisor_home(request):
    access.require_advisor(request.user)
    q = request.GET.get("q", "")
    page = _page(request, selectors.advisees(request.user, q=q))
    return render(
        request,
        _list_template(request, "advisories/advisor_home.html"),
        {
            "page": page,
            "q": q,
            "query": _query_without_page(request),
            "empty_message": _(
                "You have no advisees this year yet. Your PLP coordinator assigns them."
            ),
        },
    )


@login_required
def caseload_home(request):
    access.require_caseload_role(request.user)
    q = request.GET.get("q", "")
    page = _page(request, selectors.caseload_students(request.user, q=q))
    return render(
        request,
        _list_template(request, "advisories/caseload_home.html"),
        {
            "page": page,
            "q": q,
            "query": _query_without_page(request),
            "empty_message": _("No students are on your caseload."),
        },
    )


def _school_and_year(request):
    school = access.oversight_school(
        request.user, request.GET.get("school") or request.POST.get("school")
    )
    year = current_year(school)
    if year is None:
        raise Http404
    return school, year


@login_required
def coordinator_students(request):
    school, year = _school_and_year(request)
    # One list of advisors, with caseloads, serves the filter, the caseload table and the
    # bulk-move menu.
    advisors = list(selectors.caseloads(school, year))
    filters = StudentFilterForm(request.GET or None, advisors=advisors)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    students = selectors.school_students(
        school,
        year,
        q=criteria.get("q", ""),
        grade=criteria.get("grade"),
        advisor=criteria.get("advisor", ""),
        support=criteria.get("support", ""),
    )
    page = _page(request, students)
    return render(
        request,
        "advisories/coordinator_students.html",
        {
            "school": school,
            "year": year,
            "filters": filters,
            "page": page,
            "advisors": advisors,
            "missing_windows": calendar.terms_missing_window([school]),
            "unassigned": selectors.unassigned_count(school, year),
            # The link to the departures page counts its list (habit 12), in one query.
            "departures": list(departures.people(school)),
            "query": _query_without_page(request),
        },
    )


@login_required
@require_POST
def coordinator_reassign(request):
    school, year = _school_and_year(request)
    form = BulkAssignForm(
        request.POST,
        advisors=advisors_of(school),
        students=Student.objects.filter(school=school, is_active=True),
    )
    back = reverse("advisories:coordinator") + "?" + request.POST.get("query", "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        moved = services.advisories_bulk_assign(
            students=form.cleaned_data["students"],
            advisor=form.cleaned_data["advisor"],
            year=year,
            by=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        errors_to_messages(request, error)
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "%(count)d student moved to %(advisor)s.",
            "%(count)d students moved to %(advisor)s.",
            moved,
        )
        % {"count": moved, "advisor": form.cleaned_data["advisor"]},
    )
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def student_advisory(request, student_id):
    student = access.oversight_student(request.user, student_id)
    year = current_year(student.school)
    if year is None:
        raise Http404
    form = AssignForm(request.POST or None, advisors=advisors_of(student.school))
    if request.method == "POST":
        if request.POST.get("action") == "end":
            if services.advisory_end(student=student, year=year):
                messages.success(
                    request, _("%(student)s has no advisor now.") % {"student": student}
                )
            return redirect("advisories:student_advisory", student_id=student.pk)
        if form.is_valid():
            try:
                changed = services.advisory_assign(
                    student=student,
                    advisor=form.cleaned_data["advisor"],
                    year=year,
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error("advisor", error)
            else:
                if changed:
                    messages.success(
                        request,
                        _("%(advisor)s now advises %(student)s.")
                        % {"advisor": form.cleaned_data["advisor"], "student": student},
                    )
                else:
                    messages.info(
                        request,
                        _("No change: that advisor already advises %(student)s.")
                        % {"student": student},
                    )
                return redirect("advisories:student_advisory", student_id=student.pk)
    return render(
        request,
        "advisories/student_advisory.html",
        {
            "student": student,
            "year": year,
            "form": form,
            "current": selectors.current_advisory(student),
            "history": selectors.advisory_history(student),
        },
    )
