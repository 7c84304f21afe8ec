"""The meeting page (the conference's agenda) and what is done from it: items covered,
attendance, the plan revised and approved in the room, and the end of the meeting. Views parse,
authorise (access.py), call a service and render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from tandem.conferences.places import place_for
from tandem.core.forms import add_errors, errors_to_messages
from tandem.evidence import access as evidence_access
from tandem.evidence import selectors as evidence_selectors
from tandem.evidence.views import growth_charts, iep_charts
from tandem.plans import selectors as plan_selectors
from tandem.plans import services as plan_services
from tandem.plans.approval_views import _owners
from tandem.plans.forms import SectionForm
from tandem.plans.models import PlanState
from tandem.records.models import MeetingRecord
from tandem.schools import calendar

from . import access, handover, selectors, services
from .forms import (
    CoverageForm,
    GiveBackForm,
    OtherAttendeeForm,
    RoomRevisionForm,
    RoomSignForm,
    RoomVerbalForm,
)
from .models import ChecklistItem, Evidence, Meeting

# The student's preparation and the meeting record (tandem.records), linked from the meeting.
RECORD_LINKS = [
    ("records:preparation", gettext_lazy("The student's preparation")),
    ("records:present", gettext_lazy("Presenting view (the student leads)")),
    ("records:record", gettext_lazy("Meeting record")),
    ("records:record_pdf", gettext_lazy("Meeting record (PDF)")),
]
FINAL_ONLY_FOR_FAMILIES = {"records:record", "records:record_pdf"}


def record_links(conference, viewer) -> list[tuple[str, str]]:
    """Links to the preparation, presenting view and record; the family and the student get the
    record only once it is final (before that those pages are staff-only)."""
    hidden = set()
    if (
        viewer.family_side
        and not MeetingRecord.objects.filter(
            conference=conference, finalized_at__isnull=False
        ).exists()
    ):
        hidden = FINAL_ONLY_FOR_FAMILIES
    return [
        (reverse(name, kwargs={"conference_id": conference.pk}), label)
        for name, label in RECORD_LINKS
        if name not in hidden
    ]


def _render(request, template, context, *, status=200):
    """Times on the meeting pages are the school's (where the conference is held)."""
    with timezone.override(context["conference"].window.school.time_zone):
        return render(request, template, context, status=status)


def _may_offer_rebooking(user, conference) -> bool:
    """After a no-show, the conference's advisor or the coordinator offers the family new
    times (tandem.conferences decides who may)."""
    from tandem.conferences import access as conference_access
    from tandem.conferences.models import Status

    if conference.status != Status.NO_SHOW:
        return False
    try:
        conference_access.staff_conference(user, conference.pk)
    except Http404:
        return False
    return True


def _may_undo_mark(user, conference) -> bool:
    """A held or no-show mark is undone by the student's current advisor or the school's
    oversight (tandem.conferences decides who may)."""
    from tandem.conferences import access as conference_access
    from tandem.conferences.models import Status

    if conference.status not in (Status.HELD, Status.NO_SHOW):
        return False
    try:
        conference_access.staff_conference(user, conference.pk)
    except Http404:
        return False
    return True


def back_to_agenda(viewer, anchor: str = "", *, opened: str = ""):
    """Back to the meeting page, scrolled to `anchor`, with the agenda item `opened` (its
    evidence kind or id) unfolded."""
    url = reverse("meetings:agenda", kwargs={"conference_id": viewer.conference.pk})
    if opened:
        url += f"?open={opened}"
    return redirect(f"{url}#{anchor}" if anchor else url)


def the_plan(viewer):
    """The plan the meeting presents (the calendar's rule: the next term's plan, else this
    term's); a family sees it only once shared."""
    from tandem.schools import calendar

    conference = viewer.conference
    family = viewer.family_side and not viewer.is_student
    return calendar.presented_plan(conference.student, conference.window.term, family_side=family)


def _meeting(viewer, user) -> Meeting | None:
    if viewer.runs:
        return services.meeting_for(conference=viewer.conference, by=user)
    return Meeting.objects.filter(conference=viewer.conference).first()


@login_required
def agenda(request, conference_id):
    viewer = access.conference_for(request.user, conference_id)
    return render_agenda(request, viewer)


def render_agenda(request, viewer, *, status=200, forms=None, opened=""):
    conference = viewer.conference
    student = conference.student
    term = conference.window.term
    meeting = _meeting(viewer, request.user)
    checklist = services.checklist_for(student.school)
    items, tips = selectors.checklist_items(checklist)
    if not viewer.may_see_iep:
        # Absent, not hidden: the item and its data never reach a viewer who may not see them.
        items = [i for i in items if i.evidence != Evidence.IEP]
    kinds = {i.evidence for i in items}
    evidence_viewer = evidence_access.viewer_of(request.user, student)
    coverage = {c.item_id: c for c in meeting.coverage.select_related("by")} if meeting else {}
    for item in items:
        item.coverage = coverage.get(item.pk)
        if viewer.runs and not (meeting and meeting.is_finished):
            item.form = CoverageForm(
                initial={
                    "covered": bool(item.coverage and item.coverage.covered),
                    "notes": item.coverage.notes if item.coverage else "",
                },
                prefix=f"item-{item.pk}",
            )
    context = {
        "viewer": viewer,
        "conference": conference,
        "student": student,
        "term": term,
        "meeting": meeting,
        "items": items,
        "tips": tips if viewer.runs else [],
        "covered_count": sum(1 for i in items if i.coverage and i.coverage.covered),
        "evidence_viewer": evidence_viewer,
        "progress": selectors.yearly_progress(student),
        "record_links": record_links(conference, viewer),
        # Where it meets, as this viewer may see it (tandem.conferences.places): the runners
        # who is called at which number / the address; a caregiver their own household's.
        "place": place_for(conference, caregiver=viewer.caregiver, staff=viewer.runs),
        "may_offer_rebooking": viewer.runs and _may_offer_rebooking(request.user, conference),
        # Held / no-show / finish: not before the conference starts (schools.calendar).
        "may_finish": calendar.meeting_may_be_finished(conference),
        "may_undo_mark": viewer.runs and _may_undo_mark(request.user, conference),
        "status_history": (list(conference.history.select_related("by")) if viewer.runs else []),
        "screen": request.GET.get("view") == "screen",
        "opened": opened or request.GET.get("open", ""),
    }
    if meeting is not None:
        context["attendance"] = selectors.attendance_of(meeting)
        if viewer.runs and not meeting.is_finished:
            context["other_form"] = (forms or {}).get("other") or OtherAttendeeForm(prefix="other")
    if Evidence.CREDIT_REPORT in kinds:
        context["report"] = evidence_selectors.credit_report(student, term)
    if Evidence.NARRATIVE in kinds:
        context["narrative"] = evidence_selectors.narrative_of(
            student, term, final_only=evidence_viewer.family_side
        )
    if Evidence.GROWTH in kinds:
        context["charts"] = growth_charts(student)
    if Evidence.IEP in kinds and viewer.may_see_iep:
        goals = evidence_access.iep_goals_for(request, student, purpose="conference meeting")
        context["goals"] = iep_charts(goals)
    if kinds & {Evidence.PLAN, Evidence.APPROVAL, Evidence.REVISION}:
        context |= plan_context(request, viewer, meeting, forms or {})
    return _render(request, "meetings/agenda.html", context, status=status)


def plan_context(request, viewer, meeting, forms) -> dict:
    plan = the_plan(viewer)
    if plan is None:
        return {"plan": None}
    role = "advisor" if viewer.is_advisor else ("caregiver" if viewer.caregiver else "viewer")
    page = plan_selectors.plan_page(plan, role=role, caregiver=viewer.caregiver)
    context = {"plan": plan, "page": page, "waiting_on": plan_selectors.waiting_on(plan)}
    acting = viewer.is_advisor and meeting is not None and not meeting.is_finished
    if acting and not plan.is_read_only:
        for section in page.sections:
            section.form = SectionForm(
                initial={"revision": section.revision, "body": section.body}, prefix=section.key
            )
        context["competencies"] = plan.student.school.competencies.filter(is_active=True)
        context["acting"] = True
    if viewer.family_side and not viewer.is_student:
        context["family_sections"] = page.latest.content["sections"] if page.latest else []
    else:
        context["live_sections"] = plan_services.plan_content(plan)["sections"]
    if page.latest is not None:
        context["latest_approvals"] = [a for a in page.approvals if a.version_id == page.latest.pk]
    if acting and plan.state == PlanState.SHARED and page.latest is not None:
        waiting = _caregivers_to_approve(meeting, page)
        context["to_approve"] = waiting
        context["verbal_form"] = forms.get("verbal") or RoomVerbalForm(
            caregivers=_as_queryset(waiting),
            initial={"version": page.latest.number},
            prefix="verbal",
        )
    return context


def _caregivers_to_approve(meeting, page) -> list:
    approved = {a.caregiver_id for a in page.approvals if a.version_id == page.latest.pk}
    rights = {g.caregiver_id for g in page.rights_holders}
    return [
        c for c in selectors.present_caregivers(meeting) if c.pk in rights and c.pk not in approved
    ]


def _as_queryset(caregivers):
    from tandem.people.models import Caregiver

    return Caregiver.objects.filter(pk__in=[c.pk for c in caregivers]).order_by(
        "last_name", "first_name"
    )


# -- writes from the agenda ------------------------------------------------------------------


@login_required
@require_POST
def cover(request, conference_id, item_id):
    viewer = access.runner_for(request.user, conference_id)
    meeting = services.meeting_for(conference=viewer.conference, by=request.user)
    item = get_object_or_404(
        ChecklistItem, pk=item_id, checklist__school=viewer.conference.student.school
    )
    if item.evidence == Evidence.IEP and not viewer.may_see_iep:
        raise Http404
    form = CoverageForm(request.POST, prefix=f"item-{item.pk}")
    saved = False
    if form.is_valid():
        try:
            item.coverage = services.coverage_save(
                meeting=meeting,
                item=item,
                covered=form.cleaned_data["covered"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            saved = True
    if not request.htmx:
        if saved:
            messages.success(request, _("Saved “%(title)s”.") % {"title": item.title})
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        return back_to_agenda(viewer, f"item-{item.pk}", opened=str(item.pk))
    item.coverage = getattr(item, "coverage", None) or meeting.coverage.filter(item=item).first()
    item.form = (
        form
        if not saved
        else CoverageForm(
            initial={"covered": item.coverage.covered, "notes": item.coverage.notes},
            prefix=f"item-{item.pk}",
        )
    )
    return _render(
        request,
        "meetings/_coverage.html",
        {"item": item, "conference": viewer.conference, "saved": saved, "viewer": viewer},
    )  # 200 either way: htmx swaps only successful responses, and the errors are in it


@login_required
@require_POST
def attendance(request, conference_id):
    viewer = access.runner_for(request.user, conference_id)
    meeting = services.meeting_for(conference=viewer.conference, by=request.user)
    try:
        if request.POST.get("remove"):
            attendee = get_object_or_404(meeting.attendees, pk=request.POST["remove"])
            services.attendee_remove(meeting=meeting, attendee=attendee, by=request.user)
            messages.success(request, _("Removed %(name)s.") % {"name": attendee.name})
        elif request.POST.get("add"):
            form = OtherAttendeeForm(request.POST, prefix="other")
            if not form.is_valid():
                return render_agenda(request, viewer, status=400, forms={"other": form})
            services.attendee_add(meeting=meeting, by=request.user, **form.cleaned_data)
            messages.success(request, _("Added %(name)s.") % {"name": form.cleaned_data["name"]})
        else:
            services.attendance_save(
                meeting=meeting, present_ids=request.POST.getlist("present"), by=request.user
            )
            messages.success(request, _("Attendance saved."))
    except (ValidationError, ValueError) as error:
        if isinstance(error, ValidationError):
            errors_to_messages(request, error)
        else:
            raise Http404 from None
    return back_to_agenda(viewer, "attendance")


@login_required
@require_http_methods(["GET", "POST"])
def finish(request, conference_id):
    viewer = access.runner_for(request.user, conference_id)
    meeting = services.meeting_for(conference=viewer.conference, by=request.user)
    if request.method == "POST":
        try:
            services.meeting_finish(meeting=meeting, by=request.user)
        except ValidationError as error:
            errors_to_messages(request, error)
            return back_to_agenda(viewer)
        viewer.conference.refresh_from_db()
        if viewer.conference.status == "held":
            messages.success(request, _("The meeting is finished and recorded as held."))
        else:
            messages.warning(
                request,
                _("Nobody from the family came: the conference is recorded as a no-show."),
            )
        return back_to_agenda(viewer)
    attendance_now = selectors.attendance_of(meeting)
    items, _tips = selectors.checklist_items(
        services.checklist_for(viewer.conference.student.school)
    )
    covered = set(meeting.coverage.filter(covered=True).values_list("item_id", flat=True))
    if not viewer.may_see_iep:
        items = [i for i in items if i.evidence != Evidence.IEP]
    return _render(
        request,
        "meetings/finish.html",
        {
            "viewer": viewer,
            "conference": viewer.conference,
            "meeting": meeting,
            "attendance": attendance_now,
            "family_came": services.family_came(attendance_now.people),
            "not_covered": [i for i in items if i.pk not in covered],
            "may_finish": calendar.meeting_may_be_finished(viewer.conference),
        },
    )


# -- the plan in the room --------------------------------------------------------------------


def _room(request, conference_id):
    viewer = access.advisor_for(request.user, conference_id)
    meeting = services.meeting_for(conference=viewer.conference, by=request.user)
    return viewer, meeting, the_plan(viewer)


def _no_plan(request, viewer):
    """Nothing to act on: the student has no plan for the meeting to review."""
    if request.method == "POST":
        messages.error(request, _("There is no plan for this student yet."))
        return back_to_agenda(viewer)
    return _render(request, "meetings/no_plan.html", {"conference": viewer.conference})


@login_required
@require_POST
def room_ready(request, conference_id):
    viewer, meeting, plan = _room(request, conference_id)
    if plan is None:
        return _no_plan(request, viewer)
    try:
        services.room_ready(
            meeting=meeting,
            plan=plan,
            how=request.POST.get("how", ""),
            confirmed=request.POST.get("confirm") == "on",
            by=request.user,
        )
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("The plan is ready. Share it with the family next."))
    return back_to_agenda(viewer, "approval", opened="approval")


@login_required
@require_POST
def room_share(request, conference_id):
    viewer, meeting, plan = _room(request, conference_id)
    if plan is None:
        return _no_plan(request, viewer)
    try:
        version = services.room_share(
            meeting=meeting,
            plan=plan,
            email_family=request.POST.get("email_family") == "on",
            by=request.user,
        )
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(
            request,
            _("Version %(number)s is shared. The caregivers present can approve it now.")
            % {"number": version.number},
        )
    return back_to_agenda(viewer, "approval", opened="approval")


def _approval_waiting(meeting, plan):
    """The plan's page and the caregivers present who still approve the shared version (none
    when the plan is not waiting for them or the meeting is over)."""
    page = plan_selectors.plan_page(plan, role="advisor")
    ready = plan.state == PlanState.SHARED and page.latest is not None and not meeting.is_finished
    return page, ready, (_caregivers_to_approve(meeting, page) if ready else [])


@login_required
@require_POST
def hand_over(request, conference_id):
    """The advisor hands the device to the caregivers present: until the advisor gives their
    password (or code) back, this browser session shows only the approval (handover.py)."""
    viewer, meeting, plan = _room(request, conference_id)
    if plan is None:
        return _no_plan(request, viewer)
    _page, _ready, waiting = _approval_waiting(meeting, plan)
    if not waiting:
        messages.error(request, _("This plan is not waiting for the family's approval."))
        return back_to_agenda(viewer, "approval", opened="approval")
    handover.start(request, viewer.conference.pk)
    return redirect("meetings:sign", conference_id=viewer.conference.pk)


@login_required
@require_http_methods(["GET", "POST"])
def give_back(request, conference_id):
    """The end of the hand-over: the advisor's TOTP code if they have one, else their password.
    Too many wrong tries sign the session out (which ends the hand-over too)."""
    if not handover.is_active(request, conference_id):
        viewer = access.advisor_for(request.user, conference_id)  # everyone else: 404
        return back_to_agenda(viewer, "approval", opened="approval")
    device = handover.totp_device(request.user)
    form = GiveBackForm(request.POST or None, uses_code=device is not None)
    if request.method == "POST" and form.is_valid():
        if handover.secret_matches(request.user, form.cleaned_data["secret"], device):
            handover.end(request)
            messages.success(request, _("The device is back with you."))
            return redirect(
                reverse("meetings:agenda", kwargs={"conference_id": conference_id})
                + "?open=approval#approval"
            )
        left = handover.tries_left_after_failure(request)
        if not left:
            logout(request)
            messages.error(
                request, _("Too many wrong tries: this browser is signed out. Sign in again.")
            )
            return redirect("accounts:signin")
        wrong = _("That code is not right.") if device else _("That password is not right.")
        form.add_error(
            "secret",
            wrong
            + " "
            + ngettext(
                "%(count)s more try before this browser is signed out.",
                "%(count)s more tries before this browser is signed out.",
                left,
            )
            % {"count": left},
        )
    return render(
        request,
        "meetings/give_back.html",
        {
            "form": form,
            "conference_id": int(conference_id),
            "advisor": request.user,
            "uses_code": device is not None,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def room_sign(request, conference_id):
    """The approval screen of the hand-over: a caregiver present approves as in the portal, one
    after another, on the advisor's device (handover.py keeps the session on this screen)."""
    try:
        viewer, meeting, plan = _room(request, conference_id)
    except Http404:
        if handover.is_active(request, conference_id):  # the advisor lost the student meanwhile
            return handover.elsewhere(request, int(conference_id))
        raise
    if plan is None:
        return _no_plan(request, viewer)
    if not handover.is_active(request, viewer.conference.pk):
        if request.method == "POST":
            messages.error(request, _("Hand over the device first."))
        return back_to_agenda(viewer, "approval", opened="approval")
    # The caregiver holding the device may read and approve in their own language.
    language = request.GET.get("language", "")
    here = reverse("meetings:sign", kwargs={"conference_id": viewer.conference.pk})
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        here += f"?language={language}"
    else:
        language = ""
    page, ready, waiting = _approval_waiting(meeting, plan)
    form = None
    if ready:
        form = RoomSignForm(
            request.POST or None,
            caregivers=_as_queryset(waiting),
            initial={"version": page.latest.number},
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This plan is not waiting for the family's approval."))
            return redirect(here)
        if form.is_valid():
            try:
                services.room_sign(
                    meeting=meeting,
                    plan=plan,
                    caregiver=form.cleaned_data["caregiver"],
                    version_number=form.cleaned_data["version"],
                    typed_name=form.cleaned_data["typed_name"],
                    confirmed=form.cleaned_data["confirm"],
                    ip_address=request.META.get("REMOTE_ADDR"),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you, %(name)s. Your approval is recorded.")
                    % {"name": form.cleaned_data["caregiver"].full_name},
                )
                # The next caregiver approves on the same screen; once the plan is approved
                # it says so, and the device goes back to the advisor from there.
                return redirect(here)
    return _render(
        request,
        "meetings/sign.html",
        {
            "viewer": viewer,
            "conference": viewer.conference,
            "plan": plan,
            "page": page,
            "form": form,
            "waiting": waiting,
            "sections": page.latest.content["sections"] if page.latest else [],
            "here": here,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def room_verbal(request, conference_id):
    viewer, meeting, plan = _room(request, conference_id)
    if plan is None:
        return _no_plan(request, viewer)
    page = plan_selectors.plan_page(plan, role="advisor")
    waiting = _caregivers_to_approve(meeting, page) if page.latest else []
    form = RoomVerbalForm(request.POST, caregivers=_as_queryset(waiting), prefix="verbal")
    if form.is_valid():
        try:
            services.room_verbal(
                meeting=meeting,
                plan=plan,
                caregiver=form.cleaned_data["caregiver"],
                version_number=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s's approval is recorded.")
                % {"name": form.cleaned_data["caregiver"].full_name},
            )
            return back_to_agenda(viewer, "approval", opened="approval")
    return render_agenda(request, viewer, status=400, forms={"verbal": form}, opened="approval")


@login_required
@require_http_methods(["GET", "POST"])
def room_revision(request, conference_id):
    viewer, meeting, plan = _room(request, conference_id)
    if plan is None:
        return _no_plan(request, viewer)
    form = RoomRevisionForm(
        request.POST or None, owners=_owners(plan), initial={"owner": request.user}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.room_revision(meeting=meeting, plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The revision plan is recorded."))
            return back_to_agenda(viewer, "revision", opened="revision")
    return _render(
        request,
        "meetings/revision.html",
        {"viewer": viewer, "conference": viewer.conference, "plan": plan, "form": form},
        status=400 if request.method == "POST" else 200,
    )
