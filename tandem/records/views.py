"""The student's preparation, the presenting view, and the meeting record. Views parse,
authorise (access.py), call a service and render; the rules live in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.conferences.models import Status
from tandem.core.forms import add_errors
from tandem.family.services import record_read
from tandem.portfolios import access as portfolio_access
from tandem.portfolios import selectors as portfolio_selectors

from . import access, selectors, services
from .forms import (
    CommentForm,
    NewInterventionForm,
    PreparationForm,
    RecordForm,
    StepFormSet,
    WorkPieceForm,
)
from .models import MeetingRecord, Preparation
from .pdf import pdf_filename, record_pdf

# Served in the browser; everything else is downloaded (never rendered as a page).
INLINE_TYPES = {"pdf", "jpg", "jpeg", "png", "gif", "webp", "mp3", "m4a", "mp4", "mov", "txt"}


def _render(request, template, context, *, school, status=200):
    """Times on these pages are the school's (a conference is at 6 p.m. where it is held)."""
    with timezone.override(school.time_zone):
        return render(request, template, context, status=status)


# -- preparation ------------------------------------------------------------------------------


@login_required
def mine(request):
    """The student's own list: each term's preparation and conferences."""
    student = access.student_self(request.user)
    return _render(
        request,
        "records/mine.html",
        {"student": student, "rows": selectors.student_terms(student)},
        school=student.school,
    )


@login_required
@require_http_methods(["GET", "POST"])
def preparation(request, conference_id):
    conference, viewer = access.conference_for(request.user, conference_id)
    return _preparation_page(
        request, conference.student, conference.window.term, viewer, conference=conference
    )


@login_required
@require_http_methods(["GET", "POST"])
def term_preparation(request, student_id, term_id):
    student, term, viewer = access.student_term_for(request.user, student_id, term_id)
    return _preparation_page(request, student, term, viewer)


def _preparation_page(request, student, term, viewer, *, conference=None):
    found = Preparation.objects.filter(student=student, term=term).first()
    current = (
        selectors.preparation_detail(found) if found else Preparation(student=student, term=term)
    )
    form = work_form = comment_form = None
    conflict = None
    if viewer.can_edit_preparation:
        form = PreparationForm(instance=current, initial={"revision": current.revision})
        work_form = WorkPieceForm()
    if viewer.can_comment:
        comment_form = CommentForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save" and viewer.can_edit_preparation:
            form = PreparationForm(request.POST, instance=Preparation(student=student, term=term))
            if form.is_valid():
                try:
                    services.preparation_save(
                        student=student,
                        term=term,
                        expected_revision=form.cleaned_data["revision"],
                        by=request.user,
                        **{k: form.cleaned_data[k] for k in Preparation.TEXT_FIELDS},
                    )
                except services.EditConflict as error:
                    conflict = error.current
                    data = request.POST.copy()
                    data["revision"] = conflict.revision  # saving again keeps what is shown
                    form = PreparationForm(data, instance=Preparation(student=student, term=term))
                    form.is_valid()
                except ValidationError as error:
                    add_errors(form, error)
                else:
                    messages.success(request, _("Your preparation is saved."))
                    return redirect(request.path)
        elif action == "add_work" and viewer.can_edit_preparation:
            work_form = WorkPieceForm(request.POST, request.FILES)
            if work_form.is_valid():
                data = work_form.cleaned_data
                try:
                    services.work_add(
                        student=student,
                        term=term,
                        title=data["title"],
                        why=data["why"],
                        link=data["link"],
                        upload=data["file"],
                        by=request.user,
                    )
                except ValidationError as error:
                    add_errors(work_form, error)
                else:
                    messages.success(request, _("The piece of work is added."))
                    return redirect(request.path + "#work")
        elif action == "choose_work" and viewer.can_edit_preparation:
            chosen = portfolio_access.own_piece(student, _int(request.POST.get("piece")))
            try:
                services.work_choose(student=student, term=term, piece=chosen, by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The piece of work is added."))
            return redirect(request.path + "#work")
        elif action == "remove_work" and viewer.can_edit_preparation and found:
            piece = found.pieces.filter(pk=_int(request.POST.get("piece"))).first()
            if piece is None:
                raise Http404
            services.work_remove(piece=piece, by=request.user)
            messages.success(request, _("The piece of work is removed."))
            return redirect(request.path + "#work")
        elif action == "comment" and viewer.can_comment:
            comment_form = CommentForm(request.POST)
            if comment_form.is_valid():
                services.comment_add(
                    student=student,
                    term=term,
                    body=comment_form.cleaned_data["body"],
                    by=request.user,
                )
                messages.success(request, _("Your comment is added; the student will see it."))
                return redirect(request.path + "#comments")
        else:
            return HttpResponse(status=400)
        if conflict is None:
            messages.error(request, _("Nothing was saved; see the messages below."))
    portfolio_choices = (
        portfolio_selectors.pieces_to_choose(student, found) if viewer.can_edit_preparation else []
    )
    conferences = [conference] if conference else selectors.term_conferences(student, term)
    links = [
        {
            "conference": c,
            "meeting_url": selectors.meeting_url(c) if viewer.is_staff else None,
        }
        for c in conferences
    ]
    return _render(
        request,
        "records/preparation.html",
        {
            "student": student,
            "term": term,
            "viewer": viewer,
            "preparation": current,
            "saved": found is not None,
            "form": form,
            "work_form": work_form,
            "portfolio_choices": portfolio_choices,
            "comment_form": comment_form,
            "conflict": conflict,
            "conference": conference,
            "conference_links": links,
        },
        school=student.school,
        status=409 if conflict is not None else 200,
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@login_required
def work_file(request, work_id):
    """An uploaded piece of work: only for the people who may see the preparation."""
    piece = access.work_piece_for(request.user, work_id)
    if not piece.file:
        raise Http404
    return stored_file_response(piece.file, piece.file_name)


def stored_file_response(file, file_name: str) -> FileResponse:
    """A student's uploaded file (conference preparation, the portfolio, a showcase): shown in
    the browser when it is a kind that is safe to, downloaded otherwise, never run as a page."""
    suffix = file.name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        file.open("rb"),
        as_attachment=suffix not in INLINE_TYPES,
        filename=file_name or file.name.rsplit("/", 1)[-1],
    )
    # A student's upload never runs as a page of this site, whatever it really contains.
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- presenting -------------------------------------------------------------------------------


@login_required
def present(request, conference_id):
    conference, viewer = access.conference_for(request.user, conference_id)
    student, term = conference.student, conference.window.term
    found = Preparation.objects.filter(student=student, term=term).first()
    preparation = selectors.preparation_detail(found) if found else None
    back = selectors.meeting_url(conference) if viewer.is_staff else None
    return _render(
        request,
        "records/present.html",
        {
            "conference": conference,
            "student": student,
            "term": term,
            "preparation": preparation,
            "viewer": viewer,
            "back_url": back,
        },
        school=student.school,
    )


# -- the meeting record -----------------------------------------------------------------------


def _record_context(conference, viewer):
    return {
        "conference": conference,
        "student": conference.student,
        "viewer": viewer,
        "meeting_url": selectors.meeting_url(conference) if viewer.is_staff else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def record(request, conference_id):
    conference, viewer = access.conference_for(request.user, conference_id)
    existing = selectors.record_detail(conference)
    if not access.record_visible_to(viewer, existing):
        raise Http404
    context = _record_context(conference, viewer)
    if (existing is not None and existing.is_final) or not viewer.can_edit_record:
        if request.method == "POST":
            messages.error(request, _("This record is final and can no longer be changed."))
            return redirect(request.path)
        context["doc"] = selectors.record_document(conference)
        if viewer.is_family:  # read: it leaves the family's next steps
            record_read(record=existing, caregiver=viewer.caregiver)
        return _render(
            request, "records/record_final.html", context, school=conference.student.school
        )
    owners = selectors.step_owners(conference)
    interventions = _intervention_choices(conference, existing)
    instance = existing or MeetingRecord(
        conference=conference, reflection=_reflection_from_preparation(conference)
    )
    revision = existing.revision if existing else 0
    form = RecordForm(
        request.POST or None,
        instance=instance,
        interventions=interventions,
        initial={
            "revision": revision,
            "interventions": list(existing.interventions.all()) if existing else [],
        },
    )
    new_form = NewInterventionForm(request.POST or None, owners=owners, prefix="new")
    steps = StepFormSet(
        request.POST or None,
        prefix="steps",
        form_kwargs={"owners": owners},
        # Only a fresh page starts from the saved steps: a posted form is compared with no
        # initial data, so an unchanged row still counts.
        initial=None
        if request.method == "POST"
        else [
            {"what": s.what, "owner": s.owner, "owner_name": s.owner_name, "due_on": s.due_on}
            for s in (existing.next_steps.all() if existing else [])
        ],
    )
    conflict = None
    if request.method == "POST":
        valid = form.is_valid() & new_form.is_valid() & steps.is_valid()
        if valid:
            rows = [
                services.StepRow(
                    what=f.cleaned_data["what"],
                    owner=f.cleaned_data.get("owner"),
                    owner_name=f.cleaned_data.get("owner_name", ""),
                    due_on=f.cleaned_data["due_on"],
                )
                for f in steps.forms
                if not f.is_blank and not f.cleaned_data.get("DELETE")
            ]
            try:
                services.record_save(
                    conference=conference,
                    fields={k: form.cleaned_data[k] for k in MeetingRecord.TEXT_FIELDS},
                    interventions=form.cleaned_data["interventions"],
                    steps=rows,
                    expected_revision=form.cleaned_data["revision"],
                    new_intervention=new_form.planned(),
                    by=request.user,
                )
            except services.EditConflict as error:
                conflict = error.current
                data = request.POST.copy()
                data["revision"] = conflict.revision
                form = RecordForm(data, instance=instance, interventions=interventions)
                form.is_valid()
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The record is saved."))
                if request.POST.get("then") == "finalize":
                    return redirect("records:record_finalize", conference.pk)
                return redirect(request.path)
        if conflict is None:
            messages.error(request, _("The record is not saved yet; see the messages below."))
    context.update(
        {
            "record": existing,
            "form": form,
            "new_form": new_form,
            "steps": steps,
            "conflict": conflict,
            "has_interventions": interventions.exists(),
        }
    )
    return _render(
        request,
        "records/record.html",
        context,
        school=conference.student.school,
        status=409 if conflict is not None else 200,
    )


def _intervention_choices(conference, existing):
    from tandem.evidence.models import Intervention

    open_ones = Intervention.objects.filter(student=conference.student).exclude(
        status__in=["completed", "stopped"]
    )
    if existing is not None:
        open_ones = open_ones | Intervention.objects.filter(meeting_records=existing)
    return open_ones.distinct().order_by("-starts_on", "pk")


def _reflection_from_preparation(conference) -> str:
    found = Preparation.objects.filter(
        student=conference.student, term=conference.window.term
    ).first()
    if found is None or found.is_empty:
        return ""
    parts = []
    for name in Preparation.TEXT_FIELDS:
        text = getattr(found, name).strip()
        if text:
            parts.append(f"{Preparation._meta.get_field(name).verbose_name}: {text}")
    return "\n\n".join(parts)


@login_required
@require_http_methods(["GET", "POST"])
def record_finalize(request, conference_id):
    conference, viewer = access.conference_for(request.user, conference_id)
    if not viewer.can_edit_record:
        raise Http404
    existing = selectors.record_detail(conference)
    if existing is None:
        messages.error(request, _("Write the record before finalizing it."))
        return redirect("records:record", conference.pk)
    if existing.is_final:
        return redirect("records:record", conference.pk)
    from tandem.conferences.services import invitees

    recipients = [c for c in invitees(conference) if c.email]
    if request.method == "POST":
        try:
            services.record_finalize(
                conference=conference,
                by=request.user,
                expected_revision=_int(request.POST.get("revision")),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The record is final. It is on its way to the family by e-mail, with the PDF."),
            )
            return redirect("records:record", conference.pk)
    context = _record_context(conference, viewer)
    context.update(
        {
            "record": existing,
            "recipients": recipients,
            "doc": selectors.record_document(conference),
            "held": conference.status == Status.HELD,
        }
    )
    return _render(
        request, "records/record_finalize.html", context, school=conference.student.school
    )


@login_required
def record_pdf_view(request, conference_id):
    conference, viewer = access.conference_for(request.user, conference_id)
    existing = selectors.record_detail(conference)
    if not access.record_visible_to(viewer, existing):
        raise Http404
    pdf = record_pdf(conference, language=get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    # Shown in the browser; `?download=1` (the page's button) saves it instead.
    how = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{how}; filename="{pdf_filename(conference)}"'
    return response
