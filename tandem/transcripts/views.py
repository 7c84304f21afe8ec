"""The school's diploma, kept by the coordinator (or school admin): the credits it requires in
all, per subject area, and which competencies count."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.advisories import access as advisory_access
from tandem.core import content
from tandem.evidence.forms import GraduationForm
from tandem.evidence.models import GraduationRule
from tandem.plans.models import Competency

from . import selectors, services
from .forms import RequirementFormSet


def _competency_choices(request, competencies) -> tuple[dict, list[str]]:
    """Each competency's (counts, credits) as posted, and the problems found."""
    chosen, problems = {}, []
    for competency in competencies:
        raw = request.POST.get(f"credits-{competency.pk}", "").strip() or "0"
        try:
            credits = Decimal(raw)
            if not (0 <= credits < 1000):
                raise ValueError
        except (ArithmeticError, ValueError):
            problems.append(
                _("%(code)s: write the credit value as a number, e.g. 0.5.")
                % {"code": competency.code}
            )
            continue
        chosen[competency.pk] = (f"counts-{competency.pk}" in request.POST, credits)
    return chosen, problems


@login_required
@require_http_methods(["GET", "POST"])
def diploma(request):
    school = advisory_access.oversight_school(request.user, request.GET.get("school"))
    rule = GraduationRule.objects.filter(school=school).first()
    requirements = selectors.requirements_of(school)
    competencies = list(Competency.objects.filter(school=school, is_active=True))
    posted = request.POST if request.method == "POST" else None
    form = GraduationForm(
        posted, initial={"credits_required": rule.credits_required if rule else Decimal(24)}
    )
    own = content.school_language(school)
    formset = RequirementFormSet(
        posted,
        prefix="areas",
        form_kwargs={"school": school, "served": content.served_languages(school)},
        initial=[
            {
                "name": content.text_in(r, "name", own),
                **content.as_kwargs(r, "name"),
                "credits": r.credits,
                "areas": ", ".join(r.areas),
            }
            for r in requirements
        ],
    )
    problems = []
    if posted is not None and form.is_valid() and formset.is_valid():
        chosen, problems = _competency_choices(request, competencies)
        wanted = formset.requirements()
        total = form.cleaned_data["credits_required"]
        in_areas = sum((credits for _name, credits, _areas in wanted), Decimal(0))
        if in_areas > total:
            problems.append(
                _(
                    "The subject areas require %(areas)s credits, more than the %(total)s the "
                    "diploma requires in all."
                )
                % {"areas": in_areas, "total": total}
            )
        if not problems:
            try:
                services.diploma_set(
                    school=school, credits_required=total, competencies=chosen, requirements=wanted
                )
            except IntegrityError:  # two names traded places in one language: nothing saved
                problems.append(_("Save one of the renamed subject areas first, then the other."))
            else:
                messages.success(request, _("The diploma is saved."))
                return redirect(request.get_full_path())
    return render(
        request,
        "transcripts/diploma.html",
        {
            "school": school,
            "form": form,
            "formset": formset,
            "competencies": competencies,
            "problems": problems,
            "areas": selectors.areas_in_use(school, requirements),
        },
    )


@login_required
def graduation_moved(request):
    """The old graduation requirement page: the diploma page has it now."""
    school = advisory_access.oversight_school(request.user, request.GET.get("school"))
    return redirect(f"{reverse('transcripts:diploma')}?school={school.pk}")
