"""Messages to families: write one (to one family or all advisee families), list, read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.advisories.selectors import advisees

from . import access, messaging, selectors
from .forms import MessageForm
from .models import ContactLog, Outcome

PAGE_SIZE = 25


@login_required
def message_list(request):
    access.require_advisor(request.user)
    page = Paginator(selectors.messages_by(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "outreach/message_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def message_new(request):
    school = access.advised_school(request.user, request.GET.get("school"))
    # One school per message: its families, its templates, its quiet hours.
    students = list(advisees(request.user).filter(school=school))
    form = MessageForm(
        request.POST or None,
        students=students,
        templates=selectors.template_names([school.pk]),
    )
    preview, skipped = None, 0
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_students()
        arguments = {
            "author": request.user,
            "school": school,
            "students": chosen,
            "kind": form.cleaned_data["kind"],
            "subject": form.cleaned_data["subject"],
            "body": form.cleaned_data["body"],
            "template_name": form.cleaned_data["template"],
        }
        try:
            if request.POST.get("confirm"):
                message = messaging.message_send(**arguments)
                messages.success(request, _("Message written; delivery has started."))
                return redirect("outreach:message_detail", message_id=message.pk)
            preview, skipped = _preview(arguments)
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
    return render(
        request,
        "outreach/message_form.html",
        {"form": form, "has_students": bool(students), "preview": preview, "skipped": skipped},
    )


def _preview(arguments):
    """Exactly what sending would do, then rolled back: nothing is written or sent."""
    with transaction.atomic():
        message = messaging.message_send(**arguments)
        recipients = list(message.recipients.select_related("student", "caregiver"))
        skipped = ContactLog.objects.filter(
            contacted_at=message.created_at, outcome=Outcome.NOT_SENT, by=message.author
        ).count()
        transaction.set_rollback(True)
    return recipients, skipped


@login_required
def message_detail(request, message_id):
    message = access.message_for(request.user, message_id)
    recipients = message.recipients.select_related("student", "caregiver").order_by(
        "student__last_name", "student_id", "caregiver__last_name", "channel"
    )
    page = Paginator(recipients, 50).get_page(request.GET.get("page"))
    return render(request, "outreach/message_detail.html", {"message": message, "page": page})
