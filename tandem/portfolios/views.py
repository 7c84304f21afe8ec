"""The student's portfolio, its pieces, the graduation portfolio's completeness, showcase links
and the exports. Views parse, authorise (access.py), call a service and render."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.forms import add_errors
from tandem.records.access import STUDENT, Viewer
from tandem.records.views import stored_file_response

from . import access, exports, rubric, selectors, services
from .forms import CommentForm, PieceEditForm, PieceForm, RubricForm, ShowcaseForm
from .models import RuleKind


def _render(request, template, context, *, school, status=200):
    with timezone.override(school.time_zone):
        return render(request, template, context, status=status)


@login_required
def portfolio(request, student_id):
    student, viewer = access.student_for(request.user, student_id)
    pieces = selectors.portfolio_pieces(student)
    return _render(
        request,
        "portfolios/portfolio.html",
        {"student": student, "viewer": viewer, "pieces": pieces},
        school=student.school,
    )


@login_required
@require_http_methods(["GET", "POST"])
def piece_new(request, student_id):
    student = access.own_student_for(request.user, student_id)
    competencies = selectors.school_competencies(student.school)
    form = PieceForm(competencies=competencies)
    if request.method == "POST":
        form = PieceForm(request.POST, request.FILES, competencies=competencies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                piece = services.piece_add(
                    student=student,
                    title=data["title"],
                    reflection=data["why"],
                    url=data["link"],
                    upload=data["file"],
                    date=data["date"],
                    competencies=data["competencies"],
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The piece is in your portfolio."))
                return redirect("portfolios:piece", piece.pk)
    return _render(
        request,
        "portfolios/piece_new.html",
        {"student": student, "form": form},
        school=student.school,
        status=200 if not form.errors else 400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def piece(request, piece_id):
    found, viewer = access.piece_for(request.user, piece_id)
    student = found.portfolio.student
    competencies = selectors.school_competencies(student.school)
    edit_form = comment_form = None
    if viewer.is_student:
        edit_form = PieceEditForm(
            competencies=competencies,
            initial={
                "title": found.title,
                "reflection": found.reflection,
                "date": found.date,
                "competencies": list(found.competencies.all()),
            },
        )
    if viewer.can_comment:
        comment_form = CommentForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "edit" and viewer.is_student:
            edit_form = PieceEditForm(request.POST, competencies=competencies)
            if edit_form.is_valid():
                try:
                    services.piece_update(piece=found, by=request.user, **edit_form.cleaned_data)
                except ValidationError as error:
                    add_errors(edit_form, error)
                else:
                    messages.success(request, _("The piece is saved."))
                    return redirect(request.path)
        elif action in ("include", "exclude") and viewer.is_student:
            services.piece_set_graduation(
                piece=found, included=action == "include", by=request.user
            )
            if action == "include":
                messages.success(request, _("The piece is in your graduation portfolio."))
            else:
                messages.success(request, _("The piece is out of your graduation portfolio."))
            return redirect(request.path)
        elif action == "delete" and viewer.is_student:
            services.piece_delete(piece=found, by=request.user)
            messages.success(request, _("The piece is deleted."))
            return redirect("portfolios:portfolio", student.pk)
        elif action == "comment" and viewer.can_comment:
            comment_form = CommentForm(request.POST)
            if comment_form.is_valid():
                services.comment_add(
                    piece=found, body=comment_form.cleaned_data["body"], by=request.user
                )
                messages.success(request, _("Your comment is added; the student will see it."))
                return redirect(request.path + "#comments")
        else:
            return HttpResponse(status=400)
        messages.error(request, _("Nothing was saved; see the messages below."))
    return _render(
        request,
        "portfolios/piece.html",
        {
            "student": student,
            "viewer": viewer,
            "piece": selectors.piece_detail(found),
            "edit_form": edit_form,
            "comment_form": comment_form,
        },
        school=student.school,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def piece_file(request, piece_id):
    found, _viewer = access.piece_for(request.user, piece_id)
    if not found.file:
        raise Http404
    return stored_file_response(found.file, found.file_name)


@login_required
def graduation(request, student_id):
    student, viewer = access.student_for(request.user, student_id)
    return _render(
        request,
        "portfolios/graduation.html",
        {
            "student": student,
            "viewer": viewer,
            "completeness": rubric.student_completeness(student),
        },
        school=student.school,
    )


# -- showcase links -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def showcases(request, student_id):
    student = access.own_student_for(request.user, student_id)
    pieces = selectors.portfolio_pieces(student)
    form = ShowcaseForm(pieces=_pieces_qs(student))
    made = None
    if request.method == "POST":
        form = ShowcaseForm(request.POST, pieces=_pieces_qs(student))
        if form.is_valid():
            data = form.cleaned_data
            try:
                link, token = services.showcase_create(
                    student=student,
                    pieces=data["pieces"],
                    days=data["days"],
                    label=data["label"],
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                # The token is shown this once: only its hash is kept.
                made = request.build_absolute_uri(reverse("portfolios:showcase", args=[token]))
                form = ShowcaseForm(pieces=_pieces_qs(student))
    response = _render(
        request,
        "portfolios/showcases.html",
        {
            "student": student,
            "viewer": Viewer(STUDENT),
            "form": form,
            "pieces": pieces,
            "showcases": selectors.showcases(student),
            "made": made,
            "now": timezone.now(),
        },
        school=student.school,
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def _pieces_qs(student):
    from .models import Piece

    return Piece.objects.filter(portfolio__student=student).order_by("-date", "-pk")


@login_required
@require_POST
def showcase_revoke(request, student_id, showcase_id):
    student = access.own_student_for(request.user, student_id)
    showcase = access.showcase_owned(request.user, student, showcase_id)
    services.showcase_revoke(showcase=showcase, by=request.user)
    messages.success(request, _("The link is revoked; it no longer opens anything."))
    return redirect("portfolios:showcases", student.pk)


def _public(response):
    # The token is in the address: never sent on to the sites the pieces link to, never kept.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def showcase(request, showcase_token):
    """What a showcase link shows: the chosen pieces (title, reflection, file or link), nothing
    else of the student's record. Revoked or expired: 404."""
    link = access.live_showcase(showcase_token)
    return _public(
        _render(
            request,
            "portfolios/showcase.html",
            {
                "showcase": link,
                "token": showcase_token,
                "pieces": selectors.showcase_pieces(link),
            },
            school=link.portfolio.student.school,
        )
    )


def showcase_file(request, showcase_token, piece_id):
    link = access.live_showcase(showcase_token)
    found = access.showcase_piece(link, piece_id)
    if not found.file:
        raise Http404
    return _public(stored_file_response(found.file, found.file_name))


# -- exports ------------------------------------------------------------------------------------


@login_required
def portfolio_pdf(request, student_id):
    student, _viewer = access.student_for(request.user, student_id)
    data = exports.portfolio_pdf(student, language=get_language())
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=exports.filename(student, "pdf"),
        content_type="application/pdf",
    )


@login_required
def portfolio_zip(request, student_id):
    student, _viewer = access.student_for(request.user, student_id)
    archive = exports.portfolio_zip(student, language=get_language())
    return FileResponse(
        archive,
        as_attachment=True,
        filename=exports.filename(student, "zip"),
        content_type="application/zip",
    )


# -- the coordinator ----------------------------------------------------------------------------

STATES = ("complete", "incomplete")


@login_required
def coordinator(request):
    """This year's seniors and their graduation portfolios: each count is the length of the
    list it links to (STYLE.md habit 12)."""
    school = access.coordinator_school(request.user, request.GET.get("school"))
    students = selectors.graduating_students(school)
    found = rubric.school_completeness(school, students)
    rows = [{"student": s, "completeness": found[s.pk]} for s in students]
    lists = {
        "complete": [r for r in rows if r["completeness"].complete],
        "incomplete": [r for r in rows if not r["completeness"].complete],
    }
    state = request.GET.get("state")
    if state not in (None, "", *STATES):
        raise Http404
    return _render(
        request,
        "portfolios/coordinator.html",
        {
            "school": school,
            "rows": lists[state] if state else rows,
            "state": state,
            "counts": {k: len(v) for k, v in lists.items()},
            "total": len(rows),
            "rules": rubric.rules_for(school),
        },
        school=school,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rubric_edit(request):
    school = access.coordinator_school(request.user, request.GET.get("school"))
    rules = rubric.rules_for(school)
    kinds = {r.kind: r.number for r in rules}
    form = RubricForm(
        initial={
            "each_area": RuleKind.EACH_AREA in kinds,
            "reflection": RuleKind.REFLECTION in kinds,
            "each_year": RuleKind.EACH_YEAR in kinds,
            "at_least": kinds.get(RuleKind.AT_LEAST),
        }
    )
    if request.method == "POST":
        form = RubricForm(request.POST)
        if form.is_valid():
            try:
                services.rubric_save(school=school, rules=form.rules(), by=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The inclusion rubric is saved."))
                return redirect("portfolios:coordinator")
    return _render(
        request,
        "portfolios/rubric.html",
        {"school": school, "form": form, "rules": rules},
        school=school,
        status=400 if form.errors else 200,
    )
