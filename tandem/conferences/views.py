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
EVERY_TIME = 5000  # the booking page lists every day with a time: no cap short of the window


@login_required
def family_home(request):
    caregiver = access.caregiver_of(request.user)
    sections = [
        {
            "window": found.window,
            # Each with the place as this caregiver's household sees it.
            "booked": list(
                zip(found.booked, places_for(found.booked, caregiver=caregiver), strict=True)
            ),
            "waiting": found.waiting,
            "can_book": found.can_book,
        }
        for found in selectors.family_bookings(caregiver)
    ]
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
    siblings=(),
):
    """The time picker, for a family or (`staff`) for staff booking on a family's behalf:
    the same offers, staff without the family cut-off, one day at a time (`_by_day`). A
    family's booking sent by htmx that lost its time (`problems`) gets only the fresh times
    (`_times.html`), not the page. `siblings`: the family's other choices (_sibling_choices)."""
    zone = window.school.zone
    ignore = [conference.pk] if conference else ()
    asked = request.POST.get("mode") or request.GET.get("mode")
    mode = asked or (conference.mode if conference else None)
    if mode is None or (not form.is_bound and not conference):
        preferred = selectors.meeting_mode(window, requests[0].student) if requests else Mode.SCHOOL
        mode = mode or preferred
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
    found = selectors.offers(
        window, requests, ignore=ignore, mode=mode, by_family=not staff, limit=EVERY_TIME
    )
    for problem in problems:
        messages.error(request, problem)
    day_links, shown = _by_day(request, selectors.offers_by_day(found, zone))
    return render(
        request,
        "conferences/book.html",
        {
            "window": window,
            "requests": requests,
            "day_links": day_links,
            "days": shown,
            "form": form,
            "conference": conference,
            "zone": window.school.time_zone,
            "staff": staff,
            "back": back,
            "siblings": siblings,
        },
        status=status,
    )


def _by_day(request, days):
    """The booking page shows one day at a time: a link for each day with times (for the
    whole family: `days` are the offers' days), and the times of the day asked for
    (`?day=`, else the first). The links keep the page's other parameters (the child, the
    way to meet), so the page works the same with and without htmx."""
    asked = request.GET.get("day", "")
    chosen = next((day for day, _o in days if day.isoformat() == asked), None)
    if chosen is None and days:
        chosen = days[0][0]
    query = request.GET.copy()
    links = []
    for day, offers in days:
        query["day"] = day.isoformat()
        links.append(
            {
                "day": day,
                "count": len(offers),
                "url": f"{request.path}?{query.urlencode()}",
                "current": day == chosen,
            }
        )
    return links, [(day, offers) for day, offers in days if day == chosen]


def _sibling_choices(request, window, waiting, child):
    """For a family with several children still to book: the combined choice (every child back
    to back, on one day) first, then each child on their own (`?child=`)."""
    if len(waiting) < 2:
        return []
    base = reverse("conferences:book", args=[window.pk])
    choices = [{"label": None, "url": base, "current": child is None}]
    for r in waiting:
        choices.append(
            {
                "label": r.student.display_name,
                "url": f"{base}?child={r.key}",
                "current": child == r.key,
            }
        )
    return choices


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
    """The family's time picker and its booking. A booking reads what it needs before the
    write (the window and the caregiver in one query, the family with its advisors and what
    is booked in another; services.conferences_book then reads the advisors' settings and
    writes), and writes nothing to the session: the success message goes in the messages
    cookie."""
    window = access.family_window(request.user, window_id)
    family = selectors.family_to_book(window.caregiver_id, window)
    requests, waiting = family.requests, family.waiting
    if not waiting:
        if not requests:
            raise Http404
        return _booked_answer(request, window, requests)
    # Siblings book together (one choice, back to back) unless the family picks one child
    # (`?child=`, kept in the address the form posts to: the POST's fields do not change).
    child = request.GET.get("child") or None
    siblings = _sibling_choices(request, window, waiting, child)
    if child is not None:
        waiting = [r for r in waiting if r.key == child]
        if not waiting:
            raise Http404
    form = BookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conferences_book(
                by=request.user,
                window=window,
                requests=waiting,
                starts_at=form.cleaned_data["starts_at"],
                mode=form.cleaned_data["mode"] or Mode.SCHOOL,
                caregiver=family.caregiver,
            )
        except ValidationError as error:
            if error.code == services.TAKEN:
                booked = selectors.booked_keys(window, requests)
                if all(r.key in booked for r in requests):  # a co-parent booked just now
                    return _booked_answer(request, window, requests)
                waiting = [r for r in waiting if r.key not in booked]
            return _booking_page(
                request,
                window=window,
                requests=waiting,
                form=BookForm(initial={"mode": form.cleaned_data["mode"]}),
                status=409,
                problems=error.messages,
                near=form.cleaned_data["starts_at"],
            )
        if EMAIL in channels(family.caregiver):
            messages.success(request, _("Booked. A calendar invitation is on its way by e-mail."))
        else:
            messages.success(request, _("Booked. A confirmation is on its way by text message."))
        if request.htmx:
            return HttpResponseClientRedirect(reverse("conferences:family"))
        return redirect("conferences:family")
    return _booking_page(request, window=window, requests=waiting, form=form, siblings=siblings)


def _booked_answer(request, window, requests, booked=None):
    """The page that says who booked; htmx is told to load it as a whole page."""
    if request.htmx and request.method == "POST":
        return HttpResponseClientRedirect(reverse("conferences:book", args=[window.pk]))
    if booked is None:
        booked = selectors.booked_for(window, requests)
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
