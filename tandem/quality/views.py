"""Plan quality: the coordinator's rubric, samples and overview; the review page; the peer
reviewer's list; the advisor's feedback. Views parse, authorise (access.py), call a service
and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.forms import add_errors, errors_to_messages
from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role
from tandem.schools import calendar
from tandem.schools.models import School

from . import access, selectors, services
from .forms import CriterionForm, ReviewForm, SettingsForm
from .models import Sample


def _school_param(request):
    return request.GET.get("school") or request.POST.get("school")


def _schools(user, roles):
    return list(School.objects.filter(pk__in=schools_with_role(user, roles)).order_by("name"))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _with_school(url, school):
    return f"{url}?school={school.pk}"


# -- the quality overview ------------------------------------------------------------------------


@login_required
def overview(request):
    school = access.oversight_school(request.user, _school_param(request))
    rubric = services.rubric_for(school)
    advisor = _int(request.GET.get("advisor"))
    data = selectors.overview(school, rubric, advisor=advisor)
    chosen = next((a for a in data.advisors if a.pk == advisor), None)
    if advisor is not None and chosen is None:  # not an advisor with reviews here
        data = selectors.overview(school, rubric)
    year = calendar.current_year(school)
    terms = list(year.terms.order_by("starts_on")) if year is not None else []
    drawn = set(Sample.objects.filter(term__in=terms).values_list("term_id", flat=True))
    return render(
        request,
        "quality/overview.html",
        {
            "school": school,
            "schools": _schools(request.user, OVERSIGHT_ROLES),
            "rubric": rubric,
            "data": data,
            "advisor": chosen,
            "advisor_id": chosen.pk if chosen else "",
            "terms": [(term, term.pk in drawn) for term in terms],
            "chart": _chart(data, rubric),
        },
    )


def _chart(data, rubric):
    """Average level per criterion, one bar per term (the table below has the same numbers
    and the reviews behind them); none before a review is submitted."""
    if not data.reviews_total:
        return ""
    from tandem.evidence.charts import bar_chart

    series = [
        (
            term.name,
            [float(cells[i].average) if cells[i].count else None for _c, cells in data.rows],
        )
        for i, term in enumerate(data.terms)
    ]
    return bar_chart(
        [criterion.name for criterion, _cells in data.rows],
        series,
        label=_("Average level by criterion over terms; the table below has the numbers."),
        x_label=_("Average level"),
        limit=rubric.levels.count() or 4,
        value_format="%.1f",
    )


@login_required
def scores(request):
    """The scores behind one number of the overview (same selector, same filters)."""
    school = access.oversight_school(request.user, _school_param(request))
    rubric = services.rubric_for(school)
    criterion = _int(request.GET.get("criterion"))
    term = _int(request.GET.get("term"))
    advisor = _int(request.GET.get("advisor"))
    rows = selectors.scores(school, advisor=advisor, criterion=criterion, term=term)
    criteria = {c.pk: c for c in rubric.criteria.all()}
    return render(
        request,
        "quality/scores.html",
        {
            "school": school,
            "rows": rows,
            "criterion": criteria.get(criterion),
            "term": rows[0].review.sample.term if rows and term else None,
            "advisor": rows[0].review.advisor if rows and advisor else None,
            "average": selectors.average([row.level for row in rows]),
            "levels": {level.value: level.name for level in rubric.levels.all()},
        },
    )


# -- the rubric ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def rubric(request):
    school = access.oversight_school(request.user, _school_param(request))
    found = services.rubric_for(school)
    levels = list(found.levels.all())
    form = SettingsForm(
        request.POST or None,
        levels=levels,
        initial={"per_advisor": found.per_advisor, "peer_review": found.peer_review},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rubric_settings_save(
                rubric=found,
                per_advisor=form.cleaned_data["per_advisor"],
                peer_review=form.cleaned_data["peer_review"],
                level_names=form.level_names(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_with_school(reverse("quality:rubric"), school))
    return render(
        request,
        "quality/rubric.html",
        {
            "school": school,
            "schools": _schools(request.user, OVERSIGHT_ROLES),
            "rubric": found,
            "levels": levels,
            "criteria": selectors.rubric_criteria(found),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _criterion_page(request, *, school, found, criterion):
    levels = list(found.levels.all())
    initial = {}
    if criterion is not None:
        initial = {"name": criterion.name, "description": criterion.description}
        for descriptor in criterion.descriptors.all():
            initial[f"descriptor_{descriptor.level}"] = descriptor.text
    form = CriterionForm(request.POST or None, levels=levels, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(
                rubric=found,
                criterion=criterion,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                descriptors=form.descriptors(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_with_school(reverse("quality:rubric"), school))
    return render(
        request,
        "quality/criterion.html",
        {"school": school, "criterion": criterion, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_new(request):
    school = access.oversight_school(request.user, _school_param(request))
    return _criterion_page(
        request, school=school, found=services.rubric_for(school), criterion=None
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion(request, criterion_id):
    found = access.criterion_for(request.user, criterion_id)
    return _criterion_page(request, school=found.rubric.school, found=found.rubric, criterion=found)


@login_required
@require_POST
def criterion_move(request, criterion_id):
    found = access.criterion_for(request.user, criterion_id)
    services.criterion_move(criterion=found, up=request.POST.get("direction") == "up")
    return redirect(_with_school(reverse("quality:rubric"), found.rubric.school))


@login_required
@require_POST
def criterion_retire(request, criterion_id):
    found = access.criterion_for(request.user, criterion_id)
    retire = request.POST.get("retire") == "1"
    try:
        services.criterion_retire(criterion=found, retire=retire)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        if retire:
            messages.success(
                request,
                _("Retired “%(name)s”: new reviews leave it out; its scores stay readable.")
                % {"name": found.name},
            )
        else:
            messages.success(request, _("“%(name)s” is in use again.") % {"name": found.name})
    return redirect(_with_school(reverse("quality:rubric"), found.rubric.school))


# -- the term's sample ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sample(request, term_id):
    term = access.term_for(request.user, term_id)
    school = term.year.school
    found = Sample.objects.filter(term=term).select_related("drawn_by").first()
    if request.method == "POST":
        if found is not None and request.POST.get("confirm") != "1":
            return render(
                request,
                "quality/sample_confirm.html",
                {
                    "term": term,
                    "sample": found,
                    "kept": found.reviews.filter(submitted_at__isnull=False).count(),
                },
            )
        try:
            services.sample_draw(term=term, by=request.user, redraw=found is not None)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("The sample is drawn."))
        return redirect("quality:sample", term.pk)
    rubric = services.rubric_for(school)
    reviews = selectors.sample_reviews(found) if found is not None else []
    return render(
        request,
        "quality/sample.html",
        {
            "school": school,
            "term": term,
            "sample": found,
            "rubric": rubric,
            "reviews": reviews,
            "submitted": sum(1 for r in reviews if r.is_submitted),
            "reviewers": selectors.peer_reviewers(school) if rubric.peer_review else [],
        },
    )


# -- a review ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review(request, review_id):
    found = access.review_for(request.user, review_id)
    rubric = services.rubric_for(found.sample.school)
    levels = list(rubric.levels.all())
    criteria = selectors.rubric_criteria(rubric)
    form = None
    if not found.is_submitted:
        in_use = [c for c in criteria if c.retired_at is None]
        form = ReviewForm(request.POST or None, criteria=in_use, levels=levels)
        if request.method == "POST" and form.is_valid():
            try:
                services.review_submit(
                    review=found,
                    by=request.user,
                    levels=form.levels(),
                    comments=form.comments(),
                    feedback=form.cleaned_data["feedback"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Submitted: the advisor can read it now."))
                return redirect("quality:review", found.pk)
    elif request.method == "POST":
        messages.error(request, _("This review was submitted already."))
        return redirect("quality:review", found.pk)
    return render(
        request,
        "quality/review.html",
        {
            "review": found,
            "levels": levels,
            "criteria": criteria,
            "form": form,
            "scores": list(found.scores.select_related("criterion")),
            "oversees": selectors.oversees(request.user, found.sample.school_id),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_reviews(request):
    access.advisor_school(request.user)
    return render(
        request, "quality/my_reviews.html", {"reviews": selectors.my_reviews(request.user)}
    )


# -- the advisor's feedback ----------------------------------------------------------------------


@login_required
def feedback(request):
    access.advisor_school(request.user)
    return render(
        request, "quality/feedback.html", {"reviews": selectors.feedback_of(request.user)}
    )


@login_required
def feedback_detail(request, review_id):
    found = access.feedback_for(request.user, review_id)
    rubric = services.rubric_for(found.sample.school)
    return render(
        request,
        "quality/feedback_detail.html",
        {
            "review": found,
            "levels": list(rubric.levels.all()),
            "scores": list(found.scores.select_related("criterion")),
        },
    )
