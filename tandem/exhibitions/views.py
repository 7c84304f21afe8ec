"""Exhibition pages. The coordinator's (setup, rubric, students, raters, panels, the results
PDF); a rater's (their panels and the score sheet: a staff member signed in, a community
panelist by their link); the advisor's results page (finalise); a student's exhibitions page
(families, the student, staff with the record) and the student's preparation (slot and pieces).
Views parse, authorise (access.py), call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.dates import school_clock
from tandem.core.forms import add_errors, errors_to_messages
from tandem.people.access import student_for

from . import access, rules, selectors, services
from .forms import (
    AddStudentsForm,
    AvailabilityForm,
    CriterionForm,
    ExhibitionForm,
    FinaliseForm,
    LevelForm,
    PanelistForm,
    PiecesForm,
    PlaceForm,
    ScoreForm,
    SeatForm,
    StaffRaterForm,
)


def _panel_page(view):
    """A community panelist's page: its address carries their key, so it is never cached and
    never sent to another site as a referrer ("same-origin": "no-referrer", a showcase link's,
    would make the browser send `Origin: null` with the score sheet's POST, which CSRF
    refuses; links to pieces elsewhere carry rel="noreferrer" as well)."""
    import functools

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = never_cache(view)(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapped


def _id(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


# -- the coordinator's ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def exhibitions(request):
    from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role

    schools = schools_with_role(request.user, OVERSIGHT_ROLES)
    if not schools:
        raise Http404
    form = ExhibitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from tandem.schools.models import School

        school = School.objects.get(pk=min(schools))
        try:
            exhibition = services.exhibition_save(
                school=school, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The exhibition is made. Add its rubric next."))
            return redirect("exhibitions:rubric", exhibition.pk)
    return render(
        request,
        "exhibitions/list.html",
        {"exhibitions": selectors.exhibitions_for(request.user), "form": form},
    )


@login_required
def exhibition(request, exhibition_id):
    found = access.oversight_exhibition(request.user, exhibition_id)
    presentations = selectors.presentations_of(found)
    return render(
        request,
        "exhibitions/detail.html",
        {
            "exhibition": found,
            "presentations": presentations,
            "unplaced": [p for p in presentations if p.starts_at is None],
            "to_invite": [p for p in presentations if p.starts_at and not p.invited],
            "raters": selectors.raters_of(found),
            "criteria": list(found.rubric.criteria.all()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exhibition_edit(request, exhibition_id):
    found = access.oversight_exhibition(request.user, exhibition_id)
    form = ExhibitionForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.exhibition_save(
                school=found.school, by=request.user, exhibition=found, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The exhibition is saved."))
            return redirect("exhibitions:detail", found.pk)
    return render(request, "exhibitions/edit.html", {"exhibition": found, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def rubric(request, exhibition_id):
    found = access.oversight_exhibition(request.user, exhibition_id)
    current = selectors.rubric_of(found)
    which = request.POST.get("which") if request.method == "POST" else None
    form = CriterionForm(
        request.POST if which == "criterion" else None, rubric=current, levels=current.level_list
    )
    level_forms = [
        (
            level,
            LevelForm(
                request.POST if which == f"level_{level.pk}" else None,
                prefix=f"level{level.pk}",
                initial={"name": level.name, "rating": level.rating},
            ),
        )
        for level in current.level_list
    ]
    try:
        if which == "criterion" and form.is_valid():
            services.criterion_add(
                rubric=current,
                competency=form.cleaned_data["competency"],
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                descriptors=form.descriptors(),
            )
            messages.success(request, _("The criterion is added."))
            return redirect("exhibitions:rubric", found.pk)
        if which == "remove":
            criterion = get_object_or_404(
                current.criteria.all(), pk=_id(request.POST.get("criterion"))
            )
            services.criterion_remove(criterion=criterion)
            messages.success(request, _("The criterion is removed."))
            return redirect("exhibitions:rubric", found.pk)
        for level, level_form in level_forms:
            if which == f"level_{level.pk}" and level_form.is_valid():
                services.level_save(level=level, **level_form.cleaned_data)
                messages.success(request, _("The level is saved."))
                return redirect("exhibitions:rubric", found.pk)
    except ValidationError as error:
        errors_to_messages(request, error)
        return redirect("exhibitions:rubric", found.pk)
    return render(
        request,
        "exhibitions/rubric.html",
        {"exhibition": found, "rubric": current, "form": form, "level_forms": level_forms},
    )


@login_required
@require_http_methods(["GET", "POST"])
def students(request, exhibition_id):
    from tandem.people.models import Student

    found = access.oversight_exhibition(request.user, exhibition_id)
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()
    matches = []
    if query:
        matches = list(
            Student.objects.filter(school_id=found.school_id, is_active=True)
            .filter(
                Q(last_name__icontains=query)
                | Q(first_name__icontains=query)
                | Q(preferred_name__icontains=query)
            )
            .order_by("last_name", "first_name")[:50]
        )
    form = AddStudentsForm(
        request.POST or None, exhibition=found, found=matches, initial={"grades": found.grades}
    )
    if request.method == "POST" and form.is_valid():
        added = services.presentations_add(
            exhibition=found,
            grades=form.cleaned_data["grades"],
            students=form.cleaned_data["students"],
        )
        messages.success(
            request,
            translation.ngettext(
                "%(count)s student added.", "%(count)s students added.", len(added)
            )
            % {"count": len(added)},
        )
        return redirect("exhibitions:detail", found.pk)
    return render(
        request,
        "exhibitions/students.html",
        {"exhibition": found, "form": form, "query": query, "matches": matches},
    )


@login_required
@require_http_methods(["GET", "POST"])
def presentation(request, presentation_id):
    """The coordinator's page of one presentation: its slot and room, and its panel."""
    found = access.oversight_presentation(request.user, presentation_id)
    exhibition = found.exhibition
    which = request.POST.get("which") if request.method == "POST" else None
    free = selectors.free_slots(exhibition)
    place_form = PlaceForm(
        request.POST if which == "place" else None, free=free, zone=exhibition.school.zone
    )
    seats = list(found.seats.select_related("rater__user"))
    seated = {seat.rater_id for seat in seats}
    raters = [r for r in exhibition.raters.select_related("user") if r.pk not in seated]
    seat_form = SeatForm(request.POST if which == "seat" else None, raters=raters)
    try:
        if which == "place" and place_form.is_valid():
            start, room = place_form.cleaned_data["slot"]
            services.presentation_place(presentation=found, starts_at=start, room=room)
            messages.success(request, _("The slot is saved."))
            return redirect("exhibitions:presentation", found.pk)
        if which == "seat" and seat_form.is_valid():
            services.seat_add(presentation=found, rater=seat_form.cleaned_data["rater"])
            messages.success(request, _("The rater is on the panel."))
            return redirect("exhibitions:presentation", found.pk)
        if which == "unseat":
            seat = get_object_or_404(found.seats.all(), pk=_id(request.POST.get("seat")))
            services.seat_remove(seat=seat)
            messages.success(request, _("The rater is off the panel."))
            return redirect("exhibitions:presentation", found.pk)
        if which == "remove":
            services.presentation_remove(presentation=found)
            messages.success(request, _("The presentation is removed."))
            return redirect("exhibitions:detail", exhibition.pk)
    except ValidationError as error:
        errors_to_messages(request, error)
        return redirect("exhibitions:presentation", found.pk)
    return render(
        request,
        "exhibitions/presentation.html",
        {
            "exhibition": exhibition,
            "presentation": found,
            "seats": seats,
            "place_form": place_form,
            "seat_form": seat_form,
            "has_slots": bool(free),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def raters(request, exhibition_id):
    found = access.oversight_exhibition(request.user, exhibition_id)
    which = request.POST.get("which") if request.method == "POST" else None
    staff_form = StaffRaterForm(request.POST if which == "staff" else None, exhibition=found)
    panelist_form = PanelistForm(request.POST if which == "panelist" else None)
    try:
        if which == "staff" and staff_form.is_valid():
            services.rater_add_staff(exhibition=found, user=staff_form.cleaned_data["user"])
            messages.success(request, _("The staff member is a rater."))
            return redirect("exhibitions:raters", found.pk)
        if which == "panelist" and panelist_form.is_valid():
            services.panelist_invite(exhibition=found, **panelist_form.cleaned_data)
            messages.success(request, _("The panelist is invited; their link is on its way."))
            return redirect("exhibitions:raters", found.pk)
        if which in ("resend", "remove"):
            rater = get_object_or_404(found.raters.all(), pk=_id(request.POST.get("rater")))
            if which == "resend":
                services.panelist_resend(rater=rater)
                messages.success(request, _("A new link is on its way; the old one stops working."))
            else:
                services.rater_remove(rater=rater)
                messages.success(request, _("The rater is removed."))
            return redirect("exhibitions:raters", found.pk)
    except ValidationError as error:
        if which == "panelist":
            add_errors(panelist_form, error)
        else:
            errors_to_messages(request, error)
            return redirect("exhibitions:raters", found.pk)
    return render(
        request,
        "exhibitions/raters.html",
        {
            "exhibition": found,
            "raters": selectors.raters_of(found),
            "staff_form": staff_form,
            "panelist_form": panelist_form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rater_availability(request, rater_id):
    """When one rater can rate (day by day) and their most presentations; the panel assignment
    seats them only then (tandem/exhibitions/panels.py)."""
    rater = access.oversight_rater(request.user, rater_id)
    days = services.exhibition_days(rater.exhibition)
    form = AvailabilityForm(request.POST or None, rater=rater, days=days)
    if request.method == "POST" and form.is_valid():
        try:
            services.rater_availability_set(
                rater=rater,
                hours=form.cleaned_data["hours"],
                max_presentations=form.cleaned_data["max_presentations"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Their times are saved."))
            return redirect("exhibitions:raters", rater.exhibition_id)
    return render(
        request,
        "exhibitions/rater_availability.html",
        {"exhibition": rater.exhibition, "rater": rater, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def panels_assign(request, exhibition_id):
    """The coordinator's "Assign panels" (tandem/exhibitions/panels.py): the presentations
    still without a panel; on POST the solver's panels saved, and what could not be covered,
    with why."""
    from . import panels

    found = access.oversight_exhibition(request.user, exhibition_id)
    outcome = None
    if request.method == "POST":
        try:
            outcome = panels.panels_assign(exhibition=found)
        except ValidationError as error:
            errors_to_messages(request, error)
            return redirect("exhibitions:panels_assign", found.pk)
    return render(
        request,
        "exhibitions/panels_assign.html",
        {
            "exhibition": found,
            "outcome": outcome,
            "waiting": [] if outcome else panels.without_panel(found),
        },
    )


@login_required
@require_POST
def invite(request, exhibition_id):
    found = access.oversight_exhibition(request.user, exhibition_id)
    count = services.families_invite(exhibition=found)
    messages.success(
        request,
        translation.ngettext(
            "%(count)s family member invited.", "%(count)s family members invited.", count
        )
        % {"count": count},
    )
    return redirect("exhibitions:detail", found.pk)


@login_required
def results_pdf(request, exhibition_id):
    from .pdf import results_pdf as draw
    from .pdf import results_pdf_filename

    found = access.oversight_exhibition(request.user, exhibition_id)
    response = HttpResponse(draw(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{results_pdf_filename(found)}"'
    response["Content-Language"] = translation.get_language()
    return response


# -- raters' ------------------------------------------------------------------------------------


def _piece_file(piece):
    """A chosen piece's file, served as conference work is (tandem.records.views.work_file):
    shown when its kind is safe to show, never run as a page of this site."""
    from tandem.records.views import INLINE_TYPES

    if not piece.file:
        raise Http404
    suffix = piece.file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        piece.file.open("rb"),
        as_attachment=suffix not in INLINE_TYPES,
        filename=piece.file_name or piece.file.name.rsplit("/", 1)[-1],
    )
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _sheet(request, seat, *, back: str, piece_url):
    """The score sheet, for a staff rater and a community panelist alike."""
    sheet = selectors.score_sheet(seat)
    form = None
    if not seat.is_submitted:
        initial = {f"criterion_{cid}": lid for cid, lid in sheet.mine.items()}
        initial["comment"] = seat.comment
        form = ScoreForm(
            request.POST if request.method == "POST" else None,
            rubric=sheet.rubric,
            initial=initial,
        )
        if request.method == "POST" and form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.seat_score(
                    seat=seat,
                    levels=form.levels(),
                    comment=form.cleaned_data["comment"],
                    submit=submit,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your scores are submitted.") if submit else _("Your scores are saved."),
                )
                return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, _("You have submitted your scores; they are final."))
        return redirect(request.path)
    pieces = [(piece, piece_url(piece) if piece.file else piece.url) for piece in sheet.pieces]
    with school_clock(seat.presentation.exhibition.school):
        return render(
            request,
            "exhibitions/sheet.html",
            {
                "sheet": sheet,
                "seat": seat,
                "form": form,
                "back": back,
                "pieces": pieces,
                "presenter": rules.presenter_name(seat.presentation.student),
            },
        )


@login_required
def my_panels(request):
    from tandem.core.policy import is_staff_member

    if not is_staff_member(request.user):
        raise Http404
    return render(
        request, "exhibitions/panels.html", {"seats": selectors.staff_seats(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def seat(request, seat_id):
    found = access.staff_seat(request.user, seat_id)
    return _sheet(
        request,
        found,
        back=reverse("exhibitions:my_panels"),
        piece_url=lambda piece: reverse("exhibitions:seat_piece", args=[found.pk, piece.pk]),
    )


@login_required
def seat_piece(request, seat_id, presented_piece_id):
    return _piece_file(access.staff_piece(request.user, seat_id, presented_piece_id))


@_panel_page
def panelist(request, panel_key):
    rater = access.panelist(panel_key)
    with school_clock(rater.exhibition.school):
        return render(
            request,
            "exhibitions/panelist.html",
            {
                "rater": rater,
                "exhibition": rater.exhibition,
                "seats": selectors.seats_of_rater(rater),
                "panel_key": panel_key,
            },
        )


@_panel_page
@require_http_methods(["GET", "POST"])
def panelist_seat(request, panel_key, panel_seat_id):
    found = access.panelist_seat(panel_key, panel_seat_id)
    return _sheet(
        request,
        found,
        back=reverse("exhibitions:panelist", args=[panel_key]),
        piece_url=lambda piece: reverse("exhibitions:panelist_piece", args=[panel_key, piece.pk]),
    )


@_panel_page
def panelist_piece(request, panel_key, presented_piece_id):
    return _piece_file(access.panelist_piece(panel_key, presented_piece_id))


# -- the advisor's, the student's and the family's ------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def result(request, presentation_id):
    found, may_finalise = access.result_presentation(request.user, presentation_id)
    results = selectors.presentation_results(found)
    final = getattr(found, "result", None)
    form = None
    if may_finalise and final is None:
        form = FinaliseForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.result_finalise(
                    presentation=found, by=request.user, note=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The results are final: the competency ratings and panel notes are written."),
                )
                return redirect("exhibitions:result", found.pk)
    elif request.method == "POST":
        raise Http404
    if final is not None:
        final = type(final).objects.prefetch_related("ratings__competency").get(pk=final.pk)
    with school_clock(found.exhibition.school):
        return render(
            request,
            "exhibitions/result.html",
            {
                "presentation": found,
                "exhibition": found.exhibition,
                "results": results,
                "final": final,
                "form": form,
                "may_finalise": may_finalise,
                "oversees": access.oversees(request.user, found.exhibition.school_id),
            },
        )


@login_required
def student(request, student_id):
    """A student's exhibitions: when and where they present, the work they chose, and the
    finalised results (families read them too)."""
    found = student_for(request.user, student_id)
    presentations = selectors.student_presentations(found)
    own = getattr(request.user, "student", None) == found
    return render(
        request,
        "exhibitions/student.html",
        {"student": found, "presentations": presentations, "own": own},
    )


@login_required
@require_http_methods(["GET", "POST"])
def prepare(request, presentation_id):
    """The student's own preparation: a slot (while sign-up is open) and the pieces to present."""
    found = access.own_presentation(request.user, presentation_id)
    exhibition = found.exhibition
    which = request.POST.get("which") if request.method == "POST" else None
    free = selectors.free_slots(exhibition) if exhibition.signup_open else []
    place_form = PlaceForm(
        request.POST if which == "place" else None, free=free, zone=exhibition.school.zone
    )
    pieces_form = PiecesForm(
        request.POST if which == "pieces" else None,
        student=found.student,
        initial={"pieces": list(found.pieces.values_list("pk", flat=True))},
    )
    try:
        if which == "place" and place_form.is_valid():
            start, room = place_form.cleaned_data["slot"]
            services.presentation_place(
                presentation=found, starts_at=start, room=room, by_student=True
            )
            messages.success(request, _("Your slot is saved."))
            return redirect("exhibitions:prepare", found.pk)
        if which == "pieces" and pieces_form.is_valid():
            services.pieces_choose(presentation=found, pieces=pieces_form.cleaned_data["pieces"])
            messages.success(request, _("Your chosen work is saved."))
            return redirect("exhibitions:prepare", found.pk)
    except ValidationError as error:
        errors_to_messages(request, error)
        return redirect("exhibitions:prepare", found.pk)
    return render(
        request,
        "exhibitions/prepare.html",
        {
            "presentation": found,
            "exhibition": exhibition,
            "place_form": place_form if exhibition.signup_open else None,
            "pieces_form": pieces_form,
            "panel_open": rules.panel_open(exhibition),
        },
    )
