"""Staff booking on a family's behalf (families who phone the school, a no-show to rebook):
the coordinator or the student's advisor books, moves or cancels a conference. The times are
the ones the family would see (selectors.offers) without the family cut-off or the window's
booking switch; every hard rule still holds (services). The family hears exactly as when it
acts itself. Views parse, authorise (access.py), call a service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.forms import errors_to_messages
from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role
from tandem.core.redirects import safe_next

from . import access, rules, services
from . import schedule as scheduling
from .forms import StaffBookForm
from .models import Mode, ScheduleRun, Status
from .selectors import staff_requests
from .views import _booking_page


def _back(request, window) -> str:
    """Where to return: the page the staff member came from, else their own list."""
    if window.school.pk in schools_with_role(request.user, OVERSIGHT_ROLES):
        fallback = reverse("conferences:window", args=[window.term_id])
    else:
        fallback = reverse("conferences:advisor")
    return safe_next(request, fallback)


def _status(error) -> int:
    return 409 if error.code == services.TAKEN else 400


@login_required
@require_http_methods(["GET", "POST"])
def staff_book(request, window_id, student_id):
    window, student = access.booking_student(request.user, window_id, student_id)
    back = _back(request, window)
    waiting = staff_requests(window, student)
    if not waiting:
        messages.info(
            request,
            _("%(name)s has no conference left to book in this window.")
            % {"name": student.display_name},
        )
        return redirect(back)
    form = StaffBookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mode = form.cleaned_data["mode"] or Mode.SCHOOL
        try:
            services.conferences_book(
                by=request.user,
                window=window,
                requests=waiting,
                starts_at=form.cleaned_data["starts_at"],
                mode=mode,
                by_family=False,
            )
        except ValidationError as error:
            errors_to_messages(request, error)
            return _booking_page(
                request,
                window=window,
                requests=waiting,
                form=StaffBookForm(initial={"mode": mode}),
                status=_status(error),
                staff=True,
                back=back,
            )
        messages.success(
            request,
            _("Booked for %(name)s. The family is sent the invitation.")
            % {"name": student.display_name},
        )
        return redirect(back)
    return _booking_page(request, window=window, requests=waiting, form=form, staff=True, back=back)


@login_required
@require_http_methods(["GET", "POST"])
def staff_change(request, conference_id):
    conference = access.booking_conference(request.user, conference_id)
    if conference.status != Status.BOOKED:
        raise Http404
    window = conference.window
    back = _back(request, window)
    requests = [
        r
        for r in rules.requests_for(window, [conference.student])
        if r.household_id == conference.household_id
    ]
    form = StaffBookForm(request.POST or None, initial={"mode": conference.mode})
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_change(
                by=request.user,
                conference=conference,
                starts_at=form.cleaned_data["starts_at"],
                by_family=False,
            )
        except ValidationError as error:
            errors_to_messages(request, error)
            return _booking_page(
                request,
                window=window,
                requests=requests,
                form=StaffBookForm(),
                conference=conference,
                status=_status(error),
                staff=True,
                back=back,
            )
        messages.success(
            request,
            _("Moved %(name)s's conference. The family is sent the updated invitation.")
            % {"name": conference.student.display_name},
        )
        return redirect(back)
    return _booking_page(
        request,
        window=window,
        requests=requests,
        form=form,
        conference=conference,
        staff=True,
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_cancel(request, conference_id):
    """A confirmation page first; the cancellation goes to the family as when they cancel."""
    conference = access.booking_conference(request.user, conference_id)
    if conference.status != Status.BOOKED:
        raise Http404
    back = _back(request, conference.window)
    if request.method == "POST":
        try:
            services.conference_cancel(by=request.user, conference=conference, by_family=False)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(
                request,
                _("Cancelled %(name)s's conference. The family is told.")
                % {"name": conference.student.display_name},
            )
        return redirect(back)
    return render(
        request,
        "conferences/staff_cancel.html",
        {"conference": conference, "back": back, "zone": conference.window.school.time_zone},
    )


@login_required
@require_POST
def proposal_drop(request, window_id, schedule_id):
    """Take one proposed meeting out of the scheduler's proposal before publishing: the
    student stays unbooked."""
    found = access.oversight_window(request.user, window_id)
    run = get_object_or_404(ScheduleRun, pk=schedule_id, window=found, published_at__isnull=True)
    try:
        student = scheduling.proposal_drop(run=run, key=request.POST.get("student", ""))
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(
            request,
            _("%(name)s's meeting is out of the proposal; publishing leaves them unbooked.")
            % {"name": student.display_name if student else _("The student")},
        )
    return redirect(safe_next(request, reverse("conferences:window", args=[found.term_id])))
