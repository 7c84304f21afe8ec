"""Undelivered messages: the school's oversight (coordinator, school admin) sees the list and
retries a message or marks it handled (tandem/core/deliveries.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.schools.access import school_with_role

from . import deliveries, selectors
from .models import Delivery
from .policy import OVERSIGHT_ROLES, schools_with_role


def _delivery_for(user, delivery_id) -> Delivery:
    """A delivery of a school the user oversees; 404 otherwise."""
    allowed = Delivery.objects.filter(school_id__in=schools_with_role(user, OVERSIGHT_ROLES))
    return get_object_or_404(allowed.select_related("school"), pk=delivery_id)


@login_required
def deliveries_list(request):
    school = school_with_role(request.user, OVERSIGHT_ROLES, request.GET.get("school"))
    return render(
        request,
        "core/deliveries.html",
        {"school": school, "deliveries": selectors.undelivered_for_school(school)},
    )


def _back(delivery):
    return redirect(reverse("core:deliveries") + f"?school={delivery.school_id}")


@login_required
@require_POST
def delivery_retry(request, delivery_id):
    delivery = _delivery_for(request.user, delivery_id)
    deliveries.delivery_retry(delivery=delivery, by=request.user)
    messages.success(request, _("The message to %(to)s is queued again.") % {"to": delivery.to})
    return _back(delivery)


@login_required
@require_POST
def delivery_handled(request, delivery_id):
    delivery = _delivery_for(request.user, delivery_id)
    deliveries.delivery_mark_handled(delivery=delivery, by=request.user)
    messages.success(request, _("The message to %(to)s is marked handled.") % {"to": delivery.to})
    return _back(delivery)
