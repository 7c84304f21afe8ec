"""The coordinator's side of outreach: what advisors reported from quarterly meetings, contact
details flagged for correction, and the school's outreach settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.advisories.access import oversight_school
from tandem.schools import calendar
from tandem.schools.models import Quarter
from tandem.schools.selectors import advisors_of

from . import access, selectors, services
from .forms import OutreachSettingsForm
from .models import OutreachSettings

PAGE_SIZE = 25


@login_required
def coordinator_meetings(request):
    school = oversight_school(request.user, request.GET.get("school"))
    today = calendar.today(school)
    year = calendar.current_year(school, today)
    if year is None:
        raise Http404
    quarters = list(Quarter.objects.filter(year=year).order_by("number"))
    chosen = request.GET.get("quarter")
    if chosen:
        try:
            quarter = get_object_or_404(Quarter, year=year, number=int(chosen))
        except ValueError:
            raise Http404 from None
    else:
        quarter, _previous = calendar.current_quarter(quarters, today)
    advisor = request.GET.get("advisor", "")
    advisor = advisor if advisor.isdigit() else ""
    # The counts and the students behind them: one selector, the page's filters.
    routines = selectors.school_routines(school, year, quarter, advisor=advisor, today=today)
    show = request.GET.get("show", "")
    if show in selectors.SHOWS:
        rows = routines.of(show)
    else:
        show, rows = "", selectors.school_meetings(school, year, quarter=quarter, advisor=advisor)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filters = query.copy()
    filters.pop("show", None)
    return render(
        request,
        "outreach/coordinator_meetings.html",
        {
            "school": school,
            "quarters": quarters,
            "quarter": quarter,
            "advisors": advisors_of(school),
            "advisor": advisor,
            "page": page,
            "show": show,
            "counts": routines.counts,
            "needed": school.meetings_per_quarter,
            "query": query.urlencode(),
            "filters": filters.urlencode(),
        },
    )


@login_required
def contact_flags(request):
    school = oversight_school(request.user, request.GET.get("school"))
    page = Paginator(selectors.open_flags(school), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "outreach/contact_flags.html", {"school": school, "page": page})


@login_required
@require_POST
def contact_flag_resolve(request, flag_id):
    flag = access.flag_for(request.user, flag_id)
    services.contact_flag_resolve(flag=flag, by=request.user)
    messages.success(
        request,
        _("%(caregiver)s's %(detail)s is marked corrected.")
        % {"caregiver": flag.caregiver, "detail": flag.get_detail_display().lower()},
    )
    return redirect("outreach:contact_flags")


@login_required
@require_http_methods(["GET", "POST"])
def outreach_settings(request):
    school = oversight_school(request.user, request.GET.get("school"))
    current = OutreachSettings.for_school(school)
    form = OutreachSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.outreach_settings_update(
            school=school, **{name: form.cleaned_data[name] for name in form.Meta.fields}
        )
        messages.success(request, _("Outreach settings saved."))
        return redirect("outreach:settings")
    return render(request, "outreach/settings.html", {"school": school, "form": form})
