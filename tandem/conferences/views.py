"""Families book, change and cancel; advisors see theirs and subscribe to a feed. Views parse,
authorise (access.py), call a service and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from tandem.core.forms import errors_to_messages

from . import access, calendar, selectors, services
from .forms import BookForm
from .models import Conference, Mode, Status
from .places import places_for
from .tasks import EMAIL, channels

FEED_SALT = "tandem.conferences.feed"
NEAR_DAYS = 2  # days of fresh times in the answer to a booking that lost its time


def _family_window(caregiver, window_id):
    for window in selectors.family_windows(caregiver):
        if window.pk == int(window_id):
            return window
    raise Http404


@login_required
def family_home(request):
    caregiver = access.caregiver_of(request.user)
    sections = []
    for window in selectors.family_windows(caregiver):
        requests = selectors.family_requests(caregiver, window)
        booked = selectors.booked_for(window, requests)
        waiting = [r for r in requests if r.key not in booked]
        mine = [booked[r.key] for r in requests if r.key in booked]
        sections.append(
            {
                "window": window,
                # Each with the place as this caregiver's household sees it.
                "booked": list(zip(mine, places_for(mine, caregiver=caregiver), strict=True)),
                "waiting": waiting,
                "can_book": bool(waiting)
                and (window.booking_open or services.reopened_for(window, waiting)),
            }
        )
    return render(request, "conferences/family_home.html", {"sections": sections})


def _booking_page(
    request,
    *,
    window,
    requests,
    form,
    conference=None,
    status=200,
    staff=False,
    back="",
    problems=(),
    near=None,
):
    """The time picker, for a family or (`staff`) for staff booking on a family's behalf:
    the same offers, staff without the family cut-off. A family's booking sent by htmx that
    lost its time (`problems`) gets only the fresh times (`_times.html`), not the page."""
    zone = window.school.zone
    ignore = [conference.pk] if conference else ()
    asked = request.POST.get("mode") or request.GET.get("mode")
    preferred = selectors.meeting_mode(window, requests[0].student) if requests else Mode.SCHOOL
    mode = asked or (conference.mode if conference else preferred)
    if not form.is_bound and not conference:
        form.initial.setdefault("mode", preferred)
    if problems and request.htmx:
        # Only the days from the time asked for (the page's link shows them all): a small
        # answer, and little to work out while the herd is booking.
        near_days = None
        if near is not None:
            day = near.astimezone(zone).date()
            near_days = [d for d in window.days() if d >= day][:NEAR_DAYS]
        found = selectors.offers(
            window, requests, ignore=ignore, mode=mode, by_family=not staff, days=near_days
        )
        days = selectors.offers_by_day(found, zone)
        return render(
            request,
            "conferences/_times.html",
            {
                "days": days,
                "more": reverse("conferences:book", args=[window.pk]),
                "form": form,
                "zone": window.school.time_zone,
                "problems": problems,
            },
            status=status,
        )
    found = selectors.offers(window, requests, ignore=ignore, mode=mode, by_family=not staff)
    for problem in problems:
        messages.error(request, problem)
    return render(
        request,
        "conferences/book.html",
        {
            "window": window,
            "requests": requests,
            "days": selectors.offers_by_day(found, zone),
            "form": form,
            "conference": conference,
            "zone": window.school.time_zone,
            "staff": staff,
            "back": back,
        },
        status=status,
    )


def _already_booked(request, window, requests, booked):
    """Every child of this family is booked (a co-parent, or the school, was first): when,
    and by whom — "you", the caregiver's name, or the school."""
    family_users = {c.user_id for r in requests for c in r.caregivers if c.user_id}
    shown = []
    for r in requests:
        conference = booked.get(r.key)
        if conference is None:
            continue
        if conference.booked_by_id == request.user.pk:
            conference.booked_by_text = _("booked by you")
        elif conference.booked_by_id in family_users:
            conference.booked_by_text = _("booked by %(name)s") % {
                "name": conference.booked_by.full_name
            }
        else:
            conference.booked_by_text = _("booked by the school")
        shown.append(conference)
    return render(
        request,
        "conferences/booked_already.html",
        {"booked": shown, "zone": window.school.time_zone},
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_book(request, window_id):
    caregiver = access.caregiver_of(request.user)
    window = _family_window(caregiver, window_id)
    requests = selectors.family_requests(caregiver, window)
    booked = selectors.booked_for(window, requests)
    waiting = [r for r in requests if r.key not in booked]
    if not waiting:
        if not booked:
            raise Http404
        return _booked_answer(request, window, requests, booked)
    form = BookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conferences_book(
                by=request.user,
                window=window,
                requests=waiting,
                starts_at=form.cleaned_data["starts_at"],
                mode=form.cleaned_data["mode"] or Mode.SCHOOL,
            )
        except ValidationError as error:
            if error.code == services.TAKEN:
                booked = selectors.booked_for(window, requests)
                if all(r.key in booked for r in requests):  # a co-parent booked just now
                    return _booked_answer(request, window, requests, booked)
            return _booking_page(
                request,
                window=window,
                requests=[r for r in requests if r.key not in booked],
                form=BookForm(initial={"mode": form.cleaned_data["mode"]}),
                status=409,
                problems=error.messages,
                near=form.cleaned_data["starts_at"],
            )
        if EMAIL in channels(caregiver):
            messages.success(request, _("Booked. A calendar invitation is on its way by e-mail."))
        else:
            messages.success(request, _("Booked. A confirmation is on its way by text message."))
        if request.htmx:
            return HttpResponseClientRedirect(reverse("conferences:family"))
        return redirect("conferences:family")
    return _booking_page(request, window=window, requests=waiting, form=form)


def _booked_answer(request, window, requests, booked):
    """The page that says who booked; htmx is told to load it as a whole page."""
    if request.htmx and request.method == "POST":
        return HttpResponseClientRedirect(reverse("conferences:book", args=[window.pk]))
    return _already_booked(request, window, requests, booked)


@login_required
@require_http_methods(["GET", "POST"])
def family_change(request, conference_id):
    conference = access.family_conference(request.user, conference_id)
    if conference.status != Status.BOOKED:
        raise Http404
    window = conference.window
    caregiver = access.caregiver_of(request.user)
    requests = [
        r
        for r in selectors.family_requests(caregiver, window)
        if r.student.pk == conference.student_id and r.household_id == conference.household_id
    ]
    form = BookForm(request.POST or None, initial={"mode": conference.mode})
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_change(
                by=request.user, conference=conference, starts_at=form.cleaned_data["starts_at"]
            )
        except ValidationError as error:
            errors_to_messages(request, error)
            return _booking_page(
                request,
                window=window,
                requests=requests,
                form=BookForm(),
                conference=conference,
                status=409,
            )
        messages.success(request, _("Changed. The invitation in your calendar is updated."))
        return redirect("conferences:family")
    return _booking_page(
        request, window=window, requests=requests, form=form, conference=conference
    )


@login_required
@require_POST
def family_cancel(request, conference_id):
    conference = access.family_conference(request.user, conference_id)
    try:
        services.conference_cancel(by=request.user, conference=conference)
    except ValidationError as error:
        errors_to_messages(request, error)
    else:
        messages.success(request, _("Cancelled. You can book another time below."))
    return redirect("conferences:family")


@login_required
def conference_ics(request, conference_id):
    conference = access.family_conference(request.user, conference_id)
    method = "CANCEL" if conference.status == Status.CANCELLED else "REQUEST"
    mine = [access.caregiver_of(request.user)]  # the place as this caregiver's household sees it
    response = HttpResponse(
        calendar.invitation(conference, method=method, attendees=mine),
        content_type="text/calendar",
    )
    response["Content-Disposition"] = 'attachment; filename="conference.ics"'
    return response


# -- advisors ----------------------------------------------------------------------------


def feed_key_for(user) -> str:
    # Bound to the security stamp, so "sign out everywhere" also revokes the feed link.
    return signing.dumps([user.pk, user.security_stamp], salt=FEED_SALT)


@login_required
def advisor_home(request):
    conferences = list(selectors.advisor_conferences(request.user))
    # Each with the staff's view of its place: who is called at which number, the address.
    conferences = list(zip(conferences, places_for(conferences, staff=True), strict=True))
    from tandem.schools.models import Role

    if not request.user.staff_roles.filter(role=Role.ADVISOR).exists():
        raise Http404
    feed = request.build_absolute_uri(
        reverse("conferences:feed", args=[feed_key_for(request.user)])
    )
    return render(
        request,
        "conferences/advisor_home.html",
        {
            "conferences": conferences,
            "feed": feed,
            "windows": [
                (w, selectors.advisor_waiting(w, request.user))
                for w in selectors.advisor_windows(request.user)
            ],
            "no_shows": selectors.advisor_no_shows(request.user),
        },
    )


def advisor_feed(request, feed_key):
    """The advisor's calendar feed: a secret link a calendar program polls (no session)."""
    from django.contrib.auth import get_user_model

    try:
        user_id, stamp = signing.loads(feed_key, salt=FEED_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        raise Http404 from None
    advisor = (
        get_user_model().objects.filter(pk=user_id, security_stamp=stamp, is_active=True).first()
    )
    if advisor is None:
        raise Http404
    from tandem.core.policy import staff_schools

    # Only conferences they are the advisor of now, at schools where they still hold a role: a
    # conference that followed its advisory (or was cancelled because the new advisor was not
    # free: rebook_offered_at), or a school they left, drops out of the feed.
    conferences = (
        Conference.objects.filter(
            advisor=advisor, window__term__year__school_id__in=staff_schools(advisor)
        )
        .exclude(status=Status.NO_SHOW)
        .exclude(status=Status.CANCELLED, rebook_offered_at__isnull=False)
        .select_related("student", "advisor")
        .order_by("starts_at")
    )
    return HttpResponse(calendar.feed(conferences), content_type="text/calendar")
