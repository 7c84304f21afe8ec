"""The coordinator's participation page: rates, breakdowns, charts with their tables, and the
students behind every number. Every page reads selectors.participation with the same filters."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.advisories.access import oversight_school
from tandem.evidence.charts import bar_chart
from tandem.oversight.compliance import Filters, grades_of, languages_of
from tandem.schools.selectors import advisors_of

from . import selectors, services
from .forms import TargetForm


class Context:
    """What both pages parse: the school (oversight only, else 404), the term and the filters."""

    def __init__(self, request):
        self.school = oversight_school(request.user, request.GET.get("school"))
        self.filters = Filters.from_query(request.GET)
        chosen = request.GET.get("term", "")
        term = None
        if chosen:
            term = next(
                (t for t in selectors.school_terms(self.school) if str(t.pk) == chosen), None
            )
            if term is None:
                raise Http404
        self.data = selectors.participation(self.school, term=term)

    def link(self, term, group, **extra) -> str:
        query = {**self.filters.as_query(), **extra, "term": str(term.pk), "group": group}
        return reverse("participation:students") + "?" + urlencode(query)


def _percent(rate) -> str:
    value = rate.percent
    return "—" if value is None else f"{value:.0f} %"


def _cell(ctx, rates, measure, **extra) -> dict:
    _key, _label, numerator, denominator = measure
    filters = Filters.from_query({**ctx.filters.as_query(), **extra})
    rate = rates.rate(measure, filters)
    return {
        "rate": rate,
        "percent": _percent(rate),
        "numerator_url": ctx.link(rates.term, numerator, **extra),
        "denominator_url": ctx.link(rates.term, denominator, **extra),
    }


def _target_label(target: int) -> str:
    return _("Target %(target)s %%") % {"target": target}


def _terms_section(ctx) -> dict:
    data, target = ctx.data, ctx.school.participation_target
    compared = data.compared()
    rows = [
        {"term": rates.term, "cells": [_cell(ctx, rates, m) for m in selectors.MEASURES]}
        for rates in compared
    ]
    chart = bar_chart(
        [str(m[1]) for m in selectors.MEASURES],
        [
            (
                f"{row['term'].name} {row['term'].year.name}",
                [cell["rate"].percent for cell in row["cells"]],
            )
            for row in rows
        ],
        label=_(
            "Bar chart: the four rates for %(term)s and the terms it is compared with, in "
            "percent, with the school's target at %(target)s %%. The table beside it has the "
            "same numbers."
        )
        % {"term": data.term.name, "target": target},
        x_label=_("percent"),
        target=target,
        target_label=_target_label(target),
    )
    return {"rows": rows, "chart": chart}


def _breakdown(ctx, dimension, title) -> dict:
    data, target = ctx.data, ctx.school.participation_target
    current = data.current
    others = [t for t in (data.earlier[:1] + [data.year_before]) if t is not None]
    keys = set(current.counts(dimension))
    for term in others:
        keys |= set(data.terms[term.pk].counts(dimension))
    keys = selectors.dimension_order(data, dimension, keys)
    attendance = selectors.MEASURES[0]
    lines = []
    for key in keys:
        extra = {dimension: key}
        lines.append(
            {
                "key": key,
                "label": selectors.dimension_label(data, dimension, key),
                "cells": [_cell(ctx, current, m, **extra) for m in selectors.MEASURES],
                "compared": [_cell(ctx, data.terms[t.pk], attendance, **extra) for t in others],
            }
        )
    chart = None
    if lines:
        chart = bar_chart(
            [line["label"] for line in lines],
            [
                (
                    f"{data.term.name} {data.term.year.name}",
                    [line["cells"][0]["rate"].percent for line in lines],
                ),
                *(
                    (
                        f"{term.name} {term.year.name}",
                        [line["compared"][n]["rate"].percent for line in lines],
                    )
                    for n, term in enumerate(others)
                ),
            ],
            label=_(
                "Bar chart: attendance (held / invited) %(breakdown)s, in percent, for "
                "%(term)s and the terms it is compared with, with the school's target at "
                "%(target)s %%. The table beside it has the same numbers."
            )
            % {"breakdown": str(title).lower(), "term": data.term.name, "target": target},
            x_label=_("percent"),
            target=target,
            target_label=_target_label(target),
        )
    return {"key": dimension, "title": title, "lines": lines, "others": others, "chart": chart}


def _filter_choices(school) -> dict:
    return {
        # (value, name) pairs, as oversight/_filters.html reads them.
        "advisors": [
            (str(pk), name) for pk, name in advisors_of(school).values_list("pk", "full_name")
        ],
        "grades": grades_of(school),
        "supports": list(selectors.SUPPORT_LABELS.items()),
        "languages": languages_of(school),
        "household_choices": list(selectors.HOUSEHOLD_LABELS.items()),
    }


@login_required
def participation_page(request):
    ctx = Context(request)
    data = ctx.data
    context = {"school": ctx.school, "data": data, "filters": ctx.filters}
    if data is not None:
        context |= {
            "terms": selectors.school_terms(ctx.school),
            "term": data.term,
            "measures": selectors.MEASURES,
            "rates": _terms_section(ctx),
            "breakdowns": [_breakdown(ctx, d, title) for d, title in selectors.DIMENSIONS],
            "target_form": TargetForm(initial={"target": ctx.school.participation_target}),
            "window_days": ctx.school.conference_window_days,
            **_filter_choices(ctx.school),
        }
    return render(request, "participation/participation.html", context)


@login_required
def participation_students(request):
    ctx = Context(request)
    group = request.GET.get("group") or selectors.INVITED
    if ctx.data is None or group not in selectors.GROUPS:
        raise Http404
    rates = ctx.data.current
    rows = rates.of(group, ctx.filters)
    back = {**ctx.filters.as_query(), "term": str(rates.term.pk)}
    return render(
        request,
        "participation/students.html",
        {
            "school": ctx.school,
            "term": rates.term,
            "title": selectors.GROUP_LABELS[group],
            "filters": ctx.filters,
            "count": len(rows),
            "entries": [(row, ctx.data.advisors.get(row.advisor_id)) for row in rows],
            "back": reverse("participation:page") + "?" + urlencode(back),
        },
    )


@login_required
@require_POST
def participation_target(request):
    school = oversight_school(request.user, request.POST.get("school"))
    form = TargetForm(request.POST)
    back = reverse("participation:page")
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["target"]))
        return redirect(back)
    try:
        services.participation_target_set(school=school, target=form.cleaned_data["target"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request, _("The target is now %(target)s %%.") % {"target": school.participation_target}
    )
    return redirect(back)
