"""Every advisee's plan for the term at a glance: the advisor's list and the coordinator's."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from tandem.advisories import access as advisory_access
from tandem.advisories.selectors import caseloads
from tandem.schools.models import Term
from tandem.schools.selectors import current_term, current_year

from . import selectors
from .models import PlanState

PAGE_SIZE = 50


def _term(request, school) -> Term:
    term_id = request.GET.get("term")
    if term_id:
        try:
            return get_object_or_404(Term, pk=int(term_id), year__school=school)
        except ValueError:
            raise Http404 from None
    term = current_term(school)
    if term is None:
        raise Http404
    return term


@login_required
def advisor_plans(request):
    school_ids = advisory_access.require_advisor(request.user)
    from tandem.schools.models import School

    school = School.objects.get(pk=school_ids[0])
    term = _term(request, school)
    students = selectors.advisor_students(request.user).filter(school=school)
    rows = selectors.term_rows(students, term)
    return render(
        request,
        "plans/advisor_plans.html",
        {
            "term": term,
            "rows": rows,
            "terms": Term.objects.filter(year__school=school).order_by("starts_on"),
        },
    )


@login_required
def coordinator_plans(request):
    school = advisory_access.oversight_school(request.user, request.GET.get("school"))
    year = current_year(school)
    term = _term(request, school)
    advisors = list(caseloads(school, year)) if year else []
    state = request.GET.get("state", "")
    if state and state != "none" and state not in PlanState.values:
        state = ""
    grade = request.GET.get("grade", "")
    grade = int(grade) if grade.isdigit() else None
    advisor = request.GET.get("advisor", "")
    advisor = advisor if advisor.isdigit() else ""
    students = selectors.school_students(
        school, year, state=state, advisor=advisor, grade=grade, term=term
    )
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.state_counts(school, term)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/coordinator_plans.html",
        {
            "school": school,
            "term": term,
            "page": page,
            "rows": selectors.term_rows(page.object_list, term),
            "advisors": advisors,
            "state": state,
            "grade": grade,
            "advisor": advisor,
            "states": PlanState.choices,
            "counts": counts,
            "state_rows": [
                (value, label, counts.get(value, 0)) for value, label in PlanState.choices
            ],
            "terms": Term.objects.filter(year__school=school).order_by("starts_on"),
            "grades": range(6, 13),
            "query": query.urlencode(),
        },
    )
