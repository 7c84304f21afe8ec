"""The advisor's routines: what is due, a student's outreach page, logging a contact, a
quarterly meeting and a check-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.advisories.selectors import current_advisory
from tandem.core.collation import by_name
from tandem.core.redirects import redirect_next
from tandem.people.models import Caregiver
from tandem.schools import calendar

from . import access, due, selectors, services
from .forms import CheckInForm, ContactForm, MeetingForm

PAGE_SIZE = 25


def _form_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for item in errors:
                form.add_error(name if name in form.fields else None, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
def due_list(request):
    access.require_routines(request.user)
    found = due.due_list(request.user)
    if request.htmx:  # the panel on the advisor's home
        return render(request, "outreach/_due_panel.html", {"due": found})
    # ?status=overdue: the rows behind the summary's "N overdue" (the same list, filtered).
    status = request.GET.get("status", "")
    items = found.of_status(status) if status in due.STATUSES else found.items
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    checkins = Paginator(found.checkins, PAGE_SIZE).get_page(request.GET.get("checkins"))
    return render(
        request,
        "outreach/due.html",
        {
            "due": found,
            "page": page,
            "status": status if status in due.STATUSES else "",
            "query": f"status={status}" if status in due.STATUSES else "",
            "checkins": checkins,
            "checkin_form": CheckInForm(),
        },
    )


@login_required
def student_outreach(request, student_id):
    student = access.staff_student(request.user, student_id)
    advisory = current_advisory(student)
    outreach = selectors.student_outreach(student, advisor=advisory.advisor if advisory else None)
    contacts = Paginator(selectors.contacts_of(student), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outreach/student.html",
        {
            "student": student,
            "outreach": outreach,
            "contacts": contacts,
            "is_advisor": advisory is not None and advisory.advisor_id == request.user.pk,
            "checkin_form": CheckInForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request, student_id):
    student = access.staff_student(request.user, student_id)
    caregivers = Caregiver.objects.filter(guardianships__student=student, is_active=True)
    form = ContactForm(
        request.POST or None,
        caregivers=caregivers.order_by(*by_name("last_name", "first_name"), "pk"),
        school=student.school,
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.contact_log(
                student=student,
                caregiver=form.cleaned_data["caregiver"],
                by=request.user,
                method=form.cleaned_data["method"],
                initiated_by=form.cleaned_data["initiated_by"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                contacted_at=form.contacted_at(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Contact with %(caregiver)s logged.") % {"caregiver": entry.caregiver},
            )
            if entry.outcome in services.FLAGGING_OUTCOMES:
                messages.warning(
                    request,
                    _("%(caregiver)s's contact details are flagged for correction.")
                    % {"caregiver": entry.caregiver},
                )
            return redirect("outreach:student", student_id=student.pk)
    return render(request, "outreach/contact_form.html", {"student": student, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, student_id):
    student = access.advisor_student(request.user, student_id)
    form = MeetingForm(request.POST or None, initial={"held_on": calendar.today(student.school)})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_log(
                student=student, advisor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Meeting with %(student)s logged for %(quarter)s.")
                % {"student": student, "quarter": meeting.quarter},
            )
            return redirect("outreach:student", student_id=student.pk)
    return render(request, "outreach/meeting_form.html", {"student": student, "form": form})


@login_required
@require_POST
def checkin(request, student_id):
    student = access.advisor_student(request.user, student_id)
    form = CheckInForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    services.checkin_log(student=student, advisor=request.user, note=note)
    if request.htmx:
        return render(request, "outreach/_checked_in.html", {"student": student})
    messages.success(request, _("Check-in with %(student)s logged.") % {"student": student})
    return redirect_next(request, "outreach:student", student_id=student.pk)
