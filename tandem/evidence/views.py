"""A student's evidence for the review conference: the review packet (page and PDF), the credit
report and the narrative. Views parse, authorise (access.py), call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.core.dates import school_clock
from tandem.core.forms import add_errors
from tandem.plans.models import Competency
from tandem.schools import calendar

from . import access, selectors, services
from .charts import line_chart
from .forms import NarrativeForm, PanelNoteForm, RatingForm
from .growth import growth as test_growth


def _student_and_term(request, student_id):
    student = access.student_for(request.user, student_id)
    viewer = access.viewer_of(request.user, student)
    terms = selectors.school_terms(student.school)
    term = selectors.pick_term(terms, request.GET.get("term") or request.POST.get("term"))
    return student, viewer, terms, term


def growth_charts(student) -> list[dict]:
    """Each test's growth chart (growth-measure events only), its unit named on the axis."""
    return [
        {
            "growth": test,
            "svg": line_chart(
                test.points,
                label=_("%(test)s scores (%(scale)s) over time, from %(first)s to %(latest)s")
                % {
                    "test": test.test,
                    "scale": test.scale_label,
                    "first": floatformat(test.first.score, -2),
                    "latest": floatformat(test.latest.score, -2),
                },
                y_label=test.scale_label,
            )
            if test.charted
            else "",
        }
        for test in test_growth(student)
    ]


def iep_charts(goals) -> list[dict]:
    return [
        {
            "goal": goal,
            "points": list(goal.points.all()),
            "svg": line_chart(
                [(p.measured_on, p.value) for p in goal.points.all()],
                label=_("Progress on the %(area)s goal toward %(target)s %(measure)s")
                % {"area": goal.area, "target": goal.target, "measure": goal.measure},
                y_label=goal.measure,
                target=goal.target,
                target_label=_("target"),
            )
            if goal.points.all()
            else "",
        }
        for goal in goals
    ]


def packet_context(
    request, student, viewer, term, *, purpose: str = "review packet", charts=None
) -> dict:
    """Everything the conference reviews, in the order of the seed's checklist (steps 2–6).
    `purpose` is what the access log says the IEP goals were read for; `charts`, the student's
    growth charts when already drawn (they do not depend on the term)."""
    show_iep = student.has_iep
    goals = (
        access.iep_goals_for(request, student, purpose=purpose)
        if show_iep and term is not None
        else []
    )
    return {
        "student": student,
        "viewer": viewer,
        "term": term,
        "report": selectors.credit_report(student, term) if term else None,
        "narrative": selectors.narrative_of(student, term, final_only=viewer.family_side)
        if term
        else None,
        "charts": growth_charts(student) if charts is None else charts,
        "show_iep": show_iep,
        "goals": iep_charts(goals),
        "interventions": selectors.interventions_of(student),
        "new_plan": calendar.presented_plan(student, term, family_side=viewer.family_side)
        if term
        else None,
    }


@login_required
def packet(request, student_id):
    student, viewer, terms, term = _student_and_term(request, student_id)
    context = packet_context(request, student, viewer, term)
    return render(request, "evidence/packet.html", context | {"terms": terms})


def packet_pdf_bytes(
    request, student, viewer, term, *, base_url: str, purpose: str = "review packet", charts=None
) -> bytes:
    """The review packet as a PDF (this view, and the year's archive with its own request)."""
    import weasyprint  # loading Pango is not free; only the PDF needs it

    context = packet_context(request, student, viewer, term, purpose=purpose, charts=charts)
    with school_clock(student.school):
        html = render(request, "evidence/pdf/packet.html", context | {"pdf": True}).content.decode()
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


@login_required
def packet_pdf(request, student_id):
    student, viewer, _terms, term = _student_and_term(request, student_id)
    pdf = packet_pdf_bytes(request, student, viewer, term, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    safe = "".join(c if c.isalnum() else "-" for c in student.display_name).strip("-")
    term_name = "".join(c if c.isalnum() else "-" for c in term.name) if term else "no-term"
    response["Content-Disposition"] = f'attachment; filename="Review-{safe}-{term_name}.pdf"'
    response["Content-Language"] = translation.get_language()
    return response


@login_required
@require_http_methods(["GET", "POST"])
def credit_report(request, student_id):
    student, viewer, terms, term = _student_and_term(request, student_id)
    competencies = Competency.objects.filter(school=student.school, is_active=True)
    rating_form = panel_form = None
    if viewer.can_rate and term is not None:
        posted = request.POST if request.method == "POST" else None
        which = request.POST.get("form")
        rating_form = RatingForm(
            posted if which == "rating" else None, competencies=competencies, prefix="rating"
        )
        panel_form = PanelNoteForm(posted if which == "panel" else None, prefix="panel")
        if which == "rating" and rating_form.is_valid():
            try:
                services.rating_save(
                    student=student, term=term, by=request.user, **rating_form.cleaned_data
                )
            except ValidationError as error:
                add_errors(rating_form, error)
            else:
                messages.success(request, _("The rating is saved."))
                return redirect(f"{request.path}?term={term.pk}")
        if which == "panel" and panel_form.is_valid():
            services.panel_note_add(
                student=student, term=term, by=request.user, **panel_form.cleaned_data
            )
            messages.success(request, _("The panel's note is saved."))
            return redirect(f"{request.path}?term={term.pk}")
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "evidence/credit_report.html",
        {
            "student": student,
            "viewer": viewer,
            "terms": terms,
            "term": term,
            "report": selectors.credit_report(student, term) if term else None,
            "rating_form": rating_form,
            "panel_form": panel_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def narrative(request, student_id):
    student, viewer, terms, term = _student_and_term(request, student_id)
    current = selectors.narrative_of(student, term, final_only=viewer.family_side) if term else None
    form = None
    if viewer.can_write_narrative and term is not None and not (current and current.is_final):
        form = NarrativeForm(request.POST or None, instance=current, prefix="narrative")
        if request.method == "POST" and form.is_valid():
            finalize = "finalize" in request.POST
            try:
                services.narrative_save(
                    student=student,
                    term=term,
                    by=request.user,
                    finalize=finalize,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The narrative is final; the family can read it now.")
                    if finalize
                    else _("The draft is saved. Only staff can read it until you finalize it."),
                )
                return redirect(f"{request.path}?term={term.pk}")
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "evidence/narrative.html",
        {
            "student": student,
            "viewer": viewer,
            "terms": terms,
            "term": term,
            "narrative": current,
            "form": form,
        },
    )
