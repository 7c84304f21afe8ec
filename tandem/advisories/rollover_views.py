"""The coordinator's rollover page: the next year as confirming would make it (calendar, windows,
each student's advisory carried or not and why), editable, then confirmed in one service call
(advisories.rollover)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.core.forms import errors_to_messages

from . import access
from . import rollover as rules
from .forms import NextPeriodForm, NextQuarterForm

PAGE_SIZE = 50


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _calendar_forms(proposal, data):
    """The next year's and each term's and quarter's form; read-only once the year exists."""
    fixed = proposal.existing is not None
    year = NextPeriodForm(
        data,
        prefix="year",
        initial={
            "name": proposal.name,
            "starts_on": proposal.starts_on,
            "ends_on": proposal.ends_on,
        },
    )
    terms = [
        NextPeriodForm(
            data,
            prefix=f"term-{number}",
            initial={"name": p.name, "starts_on": p.starts_on, "ends_on": p.ends_on},
        )
        for number, p in enumerate(proposal.terms)
    ]
    quarters = [
        NextQuarterForm(
            data,
            prefix=f"quarter-{p.number}",
            initial={"starts_on": p.starts_on, "ends_on": p.ends_on},
        )
        for p in proposal.quarters
    ]
    locked = [
        (year, fixed),
        *((f, fixed or p.existing is not None) for f, p in zip(terms, proposal.terms, strict=True)),
        *((f, fixed) for f in quarters),
    ]
    for form, disabled in locked:
        for field in form.fields.values():
            field.disabled = disabled
    return year, terms, quarters


def _choices(post, proposal) -> dict:
    """{student id: advisor id or None} for every student ticked for the next year: the rows
    the page showed as the coordinator left them, the others as proposed."""
    shown = {_int(v) for v in post.getlist("shown")}
    ticked = {_int(v) for v in post.getlist("include")}
    out = {}
    for row in proposal.rows:
        pk = row.student.pk
        if pk in shown and row.choosable:
            if pk in ticked:
                out[pk] = _int(post.get(f"advisor-{pk}"))
        elif row.included:
            out[pk] = row.advisor_id
    return out


@login_required
@require_http_methods(["GET", "POST"])
def rollover(request):
    school = access.oversight_school(
        request.user, request.GET.get("school") or request.POST.get("school")
    )
    proposal = rules.propose(school)
    if proposal is None:
        return render(request, "advisories/rollover.html", {"school": school, "proposal": None})
    data = request.POST if request.method == "POST" else None
    year_form, term_forms, quarter_forms = _calendar_forms(proposal, data)
    forms = [year_form, *term_forms, *quarter_forms]
    if data is not None and all(form.is_valid() for form in forms):
        try:
            result = rules.year_rollover(
                by=request.user,
                school=school,
                from_year=proposal.from_year,
                name=year_form.cleaned_data["name"],
                starts_on=year_form.cleaned_data["starts_on"],
                ends_on=year_form.cleaned_data["ends_on"],
                terms=[
                    (f.cleaned_data["name"], f.cleaned_data["starts_on"], f.cleaned_data["ends_on"])
                    + (p.source,)
                    for f, p in zip(term_forms, proposal.terms, strict=True)
                ],
                quarters=[
                    (p.number, f.cleaned_data["starts_on"], f.cleaned_data["ends_on"])
                    for f, p in zip(quarter_forms, proposal.quarters, strict=True)
                ],
                choices=_choices(request.POST, proposal),
            )
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _(
                    "%(year)s is set up. Made: terms %(terms)d, quarters %(quarters)d, "
                    "conference windows %(windows)d. Advisories carried forward: %(carried)d. "
                    "Plans opened: %(plans)d."
                )
                % {
                    "year": result.year.name,
                    "terms": result.terms_created,
                    "quarters": result.quarters_created,
                    "windows": result.windows_created,
                    "carried": result.carried,
                    "plans": result.plans_opened,
                },
            )
            return redirect(f"{reverse('advisories:rollover')}?school={school.pk}")
    elif data is not None:
        messages.error(request, _("Correct the dates marked below, then confirm again."))

    show = request.GET.get("show")
    show = show if show in rules.STATUSES else None
    page = Paginator(proposal.of(show), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = proposal.counts()
    return render(
        request,
        "advisories/rollover.html",
        {
            "school": school,
            "proposal": proposal,
            "year_form": year_form,
            "terms": list(zip(proposal.terms, term_forms, strict=True)),
            "quarters": list(zip(proposal.quarters, quarter_forms, strict=True)),
            "windows": rules.next_windows(proposal),
            "filters": [
                (status, label, counts[status]) for status, label in rules.STATUSES.items()
            ],
            "total": len(proposal.rows),
            "show": show,
            "page": page,
            "query": f"school={school.pk}" + (f"&show={show}" if show else ""),
        },
    )
