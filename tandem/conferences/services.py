"""Writes for conferences: keyword-only, atomic, enforcing the rules (tandem.scheduling.rules
through rules.py) and leaving the last word on double booking to the database (models.Busy)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core import content as school_content
from tandem.core.tasks import enqueue_on_commit, together
from tandem.family import news
from tandem.scheduling.rules import student_options

from . import rules
from .models import Busy, Conference, ConferenceWindow, Mode, Status

TAKEN = "taken"


@transaction.atomic
def window_for_term(*, term) -> ConferenceWindow:
    """The term's window, made with the defaults if there is none: the school days in the
    school's `conference_window_days` after the term ends (the calendar's dates)."""
    from tandem.schools import calendar

    starts_on, ends_on = calendar.default_window_dates(term)
    window, _created = ConferenceWindow.objects.get_or_create(
        term=term, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    return window


def _options_at(*, window, requests, starts, modes, ignore, availabilities=None):
    """For each request its valid option at the asked start (local minutes), or a
    ValidationError naming the first that does not fit the rules (hours, languages, the
    family's own meetings back to back). Read-only, and only about the asked time: the
    family's availability is narrowed to it, so the rules list those starts only. Who is
    booked then is read (rules.occupancy_at) only when there is a choice to make — an
    interpreter among several —; otherwise the database itself refuses a time someone holds
    (models.Busy, AdvisorDay) when `_hold` writes it."""
    from tandem.scheduling.model import Window
    from tandem.scheduling.rules import Occupancy

    span = Window(starts[0], starts[-1] + window.slot_minutes)
    instance = rules.build_instance(
        window, [requests], modes=modes, preferences={0: (span,)}, availabilities=availabilities
    )
    family = instance.families[0]
    at = [
        [o for o in student_options(instance, family, student)[0] if o.start == start]
        for student, start in zip(family.students, starts, strict=True)
    ]
    if any(len(found) > 1 for found in at):
        taken = rules.occupancy_at(instance, window, requests, span.start, span.end, ignore=ignore)
    else:
        taken = Occupancy(instance)
    chosen = []
    for request, found in zip(requests, at, strict=True):
        fitting = [o for o in found if taken.fits(o)]
        if not fitting:
            raise ValidationError(
                _("%(name)s's conference cannot be at that time any more. Please choose another.")
                % {"name": request.student.display_name},
                code=TAKEN,
            )
        taken.place(fitting[0])
        chosen.append(fitting[0])
    return chosen


def _check_cutoff(window, starts_at, *, by_family: bool):
    now = timezone.now()
    if starts_at <= now:
        raise ValidationError(_("That time has passed."), code="past")
    if by_family and starts_at < now + timedelta(hours=window.change_cutoff_hours):
        raise ValidationError(
            _(
                "Conferences can be booked, changed or cancelled online until %(hours)s hours "
                "before. Please call the school."
            )
            % {"hours": window.change_cutoff_hours},
            code="cutoff",
        )


def family_may_change(conference) -> bool:
    """Whether the family may still move or cancel this conference online (the cut-off rule
    above: booked, and not within the window's hours before it)."""
    if conference.status != Status.BOOKED:
        return False
    try:
        _check_cutoff(conference.window, conference.starts_at, by_family=True)
    except ValidationError:
        return False
    return True


def _taken_error() -> ValidationError:
    return ValidationError(
        _("Someone booked that time a moment ago. Here are the times still free."), code=TAKEN
    )


def most_per_day(window_id, advisor_id, availabilities=None) -> int:
    """The advisor's "most conferences a day" in the window (rules._advisor's default, 8,
    without settings)."""
    from .models import AdvisorAvailability

    if availabilities is not None:
        found = availabilities.get(advisor_id)
        return found.max_per_day if found else 8
    found = (
        AdvisorAvailability.objects.filter(window=window_id, advisor=advisor_id)
        .values_list("max_per_day", flat=True)
        .first()
    )
    return found or 8


def _local_day(conference, zone):
    return conference.starts_at.astimezone(zone).date()


def _count_days(conferences, zone, *, most=None) -> None:
    """One more booked conference on each conference's advisor's day (AdvisorDay): one upsert
    for them all that stamps each advisor's current limit (`most`: advisor id -> limit, else
    read) and lets the check constraint refuse a day already full (IntegrityError). One
    statement, the same on PostgreSQL and SQLite."""
    from collections import Counter

    from .models import AdvisorDay

    days = Counter((c.advisor_id, _local_day(c, zone)) for c in conferences)
    limits = {
        advisor_id: (most or {}).get(advisor_id)
        or most_per_day(conferences[0].window_id, advisor_id)
        for advisor_id, _day in days
    }
    table = connection.ops.quote_name(AdvisorDay._meta.db_table)
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(days))
    params = []
    for (advisor_id, day), count in days.items():
        params += [advisor_id, connection.ops.adapt_datefield_value(day), count, limits[advisor_id]]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (advisor_id, day, booked, most) VALUES {rows} "  # noqa: S608
            f"ON CONFLICT (advisor_id, day) DO UPDATE SET booked = {table}.booked + "
            "excluded.booked, most = excluded.most",
            params,
        )


def _hold(conference, caregivers, *, zone, most=None) -> None:
    """The one way a conference starts holding time (booking, a move, an undone mark, an
    advisory that follows): `_hold_all` for one conference."""
    _hold_all([(conference, caregivers)], zone=zone, most=most)


def _hold_all(held, *, zone, most=None) -> None:
    """Conferences (each with its invited caregivers) start holding time: their Busy rows —
    one per person: the advisor (with a home visit's travel), the interpreter, the student,
    each invited caregiver — in one INSERT, and one more on each advisor's day in one upsert.
    Refused (ValidationError TAKEN) when any of them is taken, by the database itself: the
    exclusion constraint (PostgreSQL) or trigger (SQLite) on Busy, and the day's check
    constraint on both (migrations 0002, 0006 and 0008). `most`: advisor id -> limit, when the
    caller has read the advisors' settings."""
    rows = []
    for conference, caregivers in held:
        travel = timedelta(minutes=conference.travel_minutes)
        spans = [
            (
                f"advisor:{conference.advisor_id}",
                conference.starts_at - travel,
                conference.ends_at + travel,
            ),
            (f"student:{conference.student_id}", conference.starts_at, conference.ends_at),
        ]
        spans += [
            (f"caregiver:{c.pk}", conference.starts_at, conference.ends_at) for c in caregivers
        ]
        if conference.interpreter_id:
            spans.append(
                (
                    f"interpreter:{conference.interpreter_id}",
                    conference.starts_at,
                    conference.ends_at,
                )
            )
        rows += [(conference.pk, p, a, b) for p, a, b in spans]
    try:
        # No savepoint of its own: every caller lets the refusal end its transaction (or
        # holds a savepoint around it, as follow.py does).
        with transaction.atomic(savepoint=False):
            _insert_busy(rows)
            _count_days([c for c, _caregivers in held], zone, most=most)
    except IntegrityError:
        raise _taken_error() from None


def _insert_busy(rows) -> None:
    """(conference id, person, starts at, ends at) rows into Busy, in one plain multi-row
    INSERT: the ORM's bulk_create cost a booking more CPU than the statement itself (on
    PostgreSQL it sends arrays for UNNEST, adapted in Python), and a booking writes a handful."""
    ops = connection.ops
    table = ops.quote_name(Busy._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    params = []
    for conference_id, person, starts_at, ends_at in rows:
        params += [
            conference_id,
            person,
            ops.adapt_datetimefield_value(starts_at),
            ops.adapt_datetimefield_value(ends_at),
        ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (conference_id, person, starts_at, ends_at) "  # noqa: S608
            f"VALUES {values}",
            params,
        )


def _release(conference, zone) -> None:
    """The one way a booked conference stops holding time (a move, a cancellation, a mark,
    an advisory that moves it): its Busy rows go and its advisor's day counts one fewer.
    Call it before changing the conference's time or advisor."""
    from .models import AdvisorDay

    if conference.busy.all().delete()[0]:
        AdvisorDay.objects.filter(
            advisor=conference.advisor_id, day=_local_day(conference, zone), booked__gt=0
        ).update(booked=F("booked") - 1)


def home_of(request):
    """The household a home visit for this request goes to (places.home_for, the one rule)."""
    from .places import home_for, ties_of

    return home_for(
        request.student, request.household_id, ties_of([request.student])[request.student.pk]
    )


def _place_text(window, request, mode, availabilities=None) -> dict[str, str]:
    """What `Conference.place` holds: the room or the video link, the same for every invitee,
    as the conference's fields in every language (`place_en`, `place_es`: the room's names,
    tandem.core.content). A household's phone number or address is never stored there
    (places.place_for derives each reader's own); a home visit still needs an address on
    record to be booked."""
    from .models import AdvisorAvailability

    if mode == Mode.PHONE:
        return school_content.as_kwargs(None, "room", "place")
    if mode == Mode.HOME:
        home = home_of(request)
        if home is None or not home.has_address:
            raise ValidationError(
                _(
                    "A home visit needs the family's address, and %(name)s's family has none "
                    "on record. Add the address, or choose another way to meet."
                )
                % {"name": request.student.display_name},
                code="address",
            )
        return school_content.as_kwargs(None, "room", "place")
    if availabilities is not None:
        settings = availabilities.get(request.advisor_id)
    else:
        settings = AdvisorAvailability.objects.filter(
            window=window, advisor_id=request.advisor_id
        ).first()
    if mode == Mode.VIDEO:
        link = settings.video_link if settings else ""
        return {school_content.column("place", lang): link for lang in school_content.LANGUAGES}
    return school_content.as_kwargs(settings, "room", "place")


def reopened_for(window, requests) -> bool:
    """True when new times were offered to every one of these students: by staff after a
    no-show, or when the advisory moved and the new advisor was not free (follow.py)."""
    offered = set(
        Conference.objects.filter(
            window=window,
            status__in=[Status.NO_SHOW, Status.CANCELLED],
            rebook_offered_at__isnull=False,
            student__in=[r.student for r in requests],
        ).values_list("student_id", flat=True)
    )
    return bool(requests) and all(r.student.pk in offered for r in requests)


def conferences_book(
    *,
    by,
    window,
    requests,
    starts_at,
    mode=Mode.SCHOOL,
    by_family=True,
    notify=True,
    caregiver=None,
) -> list[Conference]:
    """Book one conference for each request, back to back from `starts_at` (a family books all
    its children's at once). All or nothing; if someone was faster, ValidationError(code=taken).
    The reading (the rules at the asked time, the place) happens before the write
    transaction; inside it only the writes (`_book`), so SQLite's write lock is held for a
    few statements. `caregiver`: the family member booking, when the caller has read it (else
    `by`'s caregiver record): the advisor hears of it (tandem.family.news)."""
    from tandem.scheduling.model import ceil_step

    if by_family and not window.booking_open and not reopened_for(window, requests):
        raise ValidationError(_("Booking is not open yet."), code="closed")
    _check_cutoff(window, starts_at, by_family=by_family)
    zone = window.school.zone
    start = rules.to_minute(starts_at, zone)
    starts = []
    for _request in requests:
        starts.append(start)
        start = ceil_step(start + window.slot_minutes, window.step_minutes)
    return _book(
        by=by,
        window=window,
        requests=requests,
        starts=starts,
        modes={r.key: mode for r in requests},
        notify=notify,
        tell=(caregiver or _caregiver(by)) if by_family and notify else None,
    )


def _caregiver(user):
    """The family member behind a family's action (already loaded by the view's access)."""
    return getattr(user, "caregiver", None) if user is not None else None


def _book(*, by, window, requests, starts, modes, notify, ignore=(), tell=None) -> list[Conference]:
    """The booking itself (`conferences_book`, the scheduler's publication): read, then one
    short transaction of writes. `tell`: the caregiver whose booking the advisor hears of,
    queued with the invitations (tandem.family.news)."""
    availabilities = rules.availabilities_for(window, [r.advisor_id for r in requests])
    chosen = _options_at(
        window=window,
        requests=requests,
        starts=starts,
        modes=modes,
        ignore=ignore,
        availabilities=availabilities,
    )
    zone = window.school.zone
    places = {
        r.key: _place_text(window, r, modes.get(r.key, Mode.SCHOOL), availabilities)
        for r in requests
    }  # before any write: a home visit without an address stops here
    made = [
        Conference(
            window=window,
            student=request.student,
            household_id=request.household_id,
            advisor_id=request.advisor_id,
            interpreter_id=int(option.interpreter[1:]) if option.interpreter else None,
            starts_at=rules.from_minute(option.start, zone),
            ends_at=rules.from_minute(option.end, zone),
            mode=modes.get(request.key, Mode.SCHOOL),
            travel_minutes=option.travel,
            **places[request.key],
            booked_by=by,
        )
        for request, option in zip(requests, chosen, strict=True)
    ]
    most = {r.advisor_id: most_per_day(window.pk, r.advisor_id, availabilities) for r in requests}
    try:
        # Only the writes, each one statement whatever the number of children: the
        # conferences, who they hold (Busy) and the advisors' days, the invitations' tasks.
        with transaction.atomic(), together():
            Conference.objects.bulk_create(made)
            _hold_all(
                [(c, r.caregivers) for c, r in zip(made, requests, strict=True)],
                zone=zone,
                most=most,
            )
            if notify:
                for conference, request in zip(made, requests, strict=True):
                    # The request's caregivers are the invitees (rights, active, household).
                    _invite(conference, "REQUEST", caregivers=request.caregivers)
            if tell is not None:
                news.family_did(kind=news.BOOKED, caregiver=tell, conferences=made)
    except IntegrityError:  # one booked conference per student: a co-parent was faster
        raise _taken_error() from None
    return made


def _invite(conference, method, *, new_advisor=False, caregivers=None):
    """Each invitee hears by e-mail (with the calendar file) and/or text, as they prefer
    (tasks.channels). `new_advisor`: the update says the advisor changed, not the time.
    `caregivers`: the invitees when the caller has them (a booking's request)."""
    from .tasks import send_invitation

    for caregiver in invitees(conference) if caregivers is None else caregivers:
        if caregiver.email or caregiver.mobile_phone:
            enqueue_on_commit(
                send_invitation,
                conference_id=conference.pk,
                caregiver_id=caregiver.pk,
                method=method,
                **({"new_advisor": True} if new_advisor else {}),
            )


def invitees(conference):
    """Every caregiver with rights invited to this conference (in its household, if apart)."""
    from tandem.people.models import Caregiver

    caregivers = Caregiver.objects.filter(
        is_active=True,
        guardianships__student=conference.student_id,
        guardianships__has_educational_rights=True,
    )
    if conference.household_id:
        caregivers = caregivers.filter(guardianships__household=conference.household_id)
    return list(caregivers.distinct())


def _request_for(conference):
    for request in rules.requests_for(conference.window, [conference.student]):
        if request.household_id == conference.household_id:
            return request
    raise ValidationError(_("This student no longer has an advisor for this term."))


@transaction.atomic
def conference_change(*, by, conference, starts_at, by_family=True) -> Conference:
    """Move a conference (same UID, SEQUENCE raised): the invitation is updated, not doubled."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    window = conference.window
    if conference.status != Status.BOOKED:
        raise ValidationError(_("This conference is not booked."))
    _check_cutoff(window, conference.starts_at, by_family=by_family)
    _check_cutoff(window, starts_at, by_family=by_family)
    request = _request_for(conference)
    option = _options_at(
        window=window,
        requests=[request],
        starts=[rules.to_minute(starts_at, window.school.zone)],
        modes={request.key: conference.mode},
        ignore=[conference.pk],
    )[0]
    zone = window.school.zone
    _release(conference, zone)
    before = conference.starts_at
    conference.starts_at = rules.from_minute(option.start, zone)
    conference.ends_at = rules.from_minute(option.end, zone)
    conference.interpreter_id = int(option.interpreter[1:]) if option.interpreter else None
    conference.sequence += 1
    conference.reminded = []
    conference.save()
    _hold(conference, request.caregivers, zone=zone)
    _invite(conference, "REQUEST")
    if by_family:
        news.family_did(
            kind=news.MOVED, caregiver=_caregiver(by), conferences=[conference], previous_at=before
        )
    return conference


@transaction.atomic
def conference_cancel(*, by, conference, by_family=True) -> Conference:
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if conference.status != Status.BOOKED:
        raise ValidationError(_("This conference is not booked."))
    _check_cutoff(conference.window, conference.starts_at, by_family=by_family)
    _release(conference, conference.window.school.zone)
    conference.status = Status.CANCELLED
    conference.sequence += 1
    conference.save()
    _invite(conference, "CANCEL")
    if by_family:
        news.family_did(kind=news.CANCELLED, caregiver=_caregiver(by), conferences=[conference])
    return conference


def not_started_error(conference) -> ValidationError:
    """The refusal for a conference that has not started (schools.calendar decides when)."""
    from tandem.core.dates import end_sentence, format_weekday_datetime
    from tandem.schools import calendar

    when = format_weekday_datetime(
        calendar.conference_markable_from(conference), conference.window.school.zone
    )
    return ValidationError(
        _(
            "This conference has not started yet. It can be marked held or no-show, and its "
            "meeting finished, from %(when)s."
        )
        % {"when": end_sentence(when)},
        code="not_started",
    )


def _record_change(conference, *, before, by, reason="") -> None:
    from .models import ConferenceStatusChange

    ConferenceStatusChange.objects.create(
        conference=conference,
        from_status=before,
        to_status=conference.status,
        by=by,
        at=timezone.now(),
        reason=reason,
    )


@transaction.atomic
def conference_mark(*, by, conference, status) -> Conference:
    """Staff record that a conference was held, or that the family did not come (no-show:
    the time is freed so it can be booked again; the no-show stays on record and is never
    counted as held). Only once it has started (schools.calendar); a cancelled conference
    cannot be marked; marking it again the same way changes nothing, and changing a mark
    goes through `conference_unmark` (with a reason). Every change is kept in its history."""
    from tandem.schools import calendar

    conference = (
        Conference.objects.select_for_update()
        .select_related("window__term__year__school")
        .get(pk=conference.pk)
    )
    if status not in (Status.HELD, Status.NO_SHOW):
        raise ValidationError(_("Choose held or no-show."))
    if conference.status == Status.CANCELLED:
        raise ValidationError(_("This conference was cancelled."))
    if conference.status == status:
        return conference
    if conference.status != Status.BOOKED:
        raise ValidationError(
            _("This conference is already recorded as %(status)s. Undo that first, with a reason.")
            % {"status": conference.get_status_display()},
            code="marked",
        )
    if not calendar.conference_may_be_marked(conference):
        raise not_started_error(conference)
    before = conference.status
    conference.status = status
    _release(conference, conference.window.school.zone)
    conference.save()
    _record_change(conference, before=before, by=by)
    return conference


def unmark_refusal(conference) -> str | None:
    """Why a held or no-show conference cannot be put back to booked now, or None. A final
    meeting record was sent to the family and can no longer change, so its conference stays
    held; a student who has booked again since a no-show keeps the new booking."""
    from tandem.records.models import MeetingRecord

    if conference.status not in (Status.HELD, Status.NO_SHOW):
        return _("Only a held or no-show conference can be undone.")
    if MeetingRecord.objects.filter(conference=conference, finalized_at__isnull=False).exists():
        return _(
            "The meeting record is final and was shared with the family, so this conference "
            "stays recorded as %(status)s."
        ) % {"status": conference.get_status_display()}
    if (
        Conference.objects.filter(
            window=conference.window_id,
            student=conference.student_id,
            household=conference.household_id,
            status=Status.BOOKED,
        )
        .exclude(pk=conference.pk)
        .exists()
    ):
        return _(
            "%(name)s has another conference booked in this window. Cancel it first, then undo."
        ) % {"name": conference.student.display_name}
    return None


@transaction.atomic
def conference_unmark(*, by, conference, reason: str) -> Conference:
    """Undo a held or no-show mark (a mistake, or the wrong conference): back to booked, with
    a reason kept in the history. A held conference stops counting toward the yearly minimum
    (the count reads the status). After a no-show, any offer of new times is withdrawn
    (booking reopens only for a no-show). The meeting, if finished, is open again to be
    finished properly. Refused while the meeting record is final (`unmark_refusal`)."""
    from tandem.meetings.models import Meeting

    conference = (
        Conference.objects.select_for_update()
        .select_related("window__term__year__school", "student")
        .get(pk=conference.pk)
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the mark is undone.")})
    refusal = unmark_refusal(conference)
    if refusal:
        raise ValidationError(refusal, code="not_undoable")
    before = conference.status
    conference.status = Status.BOOKED
    conference.rebook_offered_at = None
    try:
        with transaction.atomic():
            conference.save()
            # The conference holds its people's time again, as when it was booked.
            _hold(conference, invitees(conference), zone=conference.window.school.zone)
    except (IntegrityError, ValidationError):
        raise ValidationError(
            _("That time has been booked for someone else since. Book a new time instead."),
            code=TAKEN,
        ) from None
    Meeting.objects.filter(conference=conference).update(finished_at=None, finished_by=None)
    _record_change(conference, before=before, by=by, reason=reason)
    return conference


@transaction.atomic
def conference_offer_rebooking(*, by, conference) -> int:
    """After a no-show: reopen booking for this student (even when the window's booking is
    closed) and send the family the booking link. The no-show stays on record. Returns the
    number of caregivers told."""
    from .tasks import send_rebook

    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if conference.status != Status.NO_SHOW:
        raise ValidationError(_("Only a no-show can be offered new times."))
    if Conference.objects.filter(
        window=conference.window_id,
        student=conference.student_id,
        household=conference.household_id,
        status__in=[Status.BOOKED, Status.HELD],
    ).exists():
        raise ValidationError(_("This student already has a new conference."))
    conference.rebook_offered_at = timezone.now()
    conference.save(update_fields=["rebook_offered_at", "updated_at"])
    told = 0
    for caregiver in invitees(conference):
        if caregiver.email or caregiver.mobile_phone:
            enqueue_on_commit(send_rebook, conference_id=conference.pk, caregiver_id=caregiver.pk)
            told += 1
    return told


@transaction.atomic
def meeting_preference_set(*, by, window, students, mode) -> None:
    """How these students' family prefers to meet in this window. A home visit needs an
    address on record."""
    from .models import MeetingPreference

    if mode not in Mode.values:
        raise ValidationError(_("Choose how to meet."))
    if mode == Mode.HOME:
        for request in rules.requests_for(window, students):
            home = home_of(request)
            if home is None or not home.has_address:
                raise ValidationError(
                    _(
                        "A home visit needs the family's address, and %(name)s's family has "
                        "none on record. Add the address first, or choose another way to meet."
                    )
                    % {"name": request.student.display_name},
                    code="address",
                )
    for student in students:
        MeetingPreference.objects.update_or_create(
            window=window, student=student, defaults={"mode": mode, "set_by": by}
        )


# -- setup: the window, advisors' hours, interpreters ------------------------------------


@transaction.atomic
def window_configure(*, by, window, **fields) -> ConferenceWindow:
    """Save the window's settings (validated by forms.WindowForm); refuses to move the days
    or hours away from conferences already booked."""
    for name, value in fields.items():
        setattr(window, name, value)
    outside = [
        c
        for c in Conference.objects.filter(window=window, status=Status.BOOKED)
        if not _inside_window(window, c)
    ]
    if outside:
        raise ValidationError(
            ngettext(
                "%(count)s booked conference would fall outside these days or hours. Move or "
                "cancel it first.",
                "%(count)s booked conferences would fall outside these days or hours. Move or "
                "cancel them first.",
                len(outside),
            )
            % {"count": len(outside)},
            code="booked_outside",
        )
    window.full_clean()
    window.save()
    return window


def _inside_window(window, conference) -> bool:
    zone = window.school.zone
    start = conference.starts_at.astimezone(zone)
    end = conference.ends_at.astimezone(zone)
    return (
        start.date() in set(window.days())
        and start.time() >= window.day_starts_at
        and end.time() <= window.day_ends_at
        and end.date() == start.date()
    )


@transaction.atomic
def advisor_hours_save(*, by, window, advisor, settings: dict, weekly: dict) -> None:
    """An advisor's settings and weekly pattern for the window (weekday -> [(from, until)]);
    the pattern replaces the previous one."""
    from .models import AdvisorAvailability, WeeklyHours

    availability, _created = AdvisorAvailability.objects.get_or_create(
        window=window, advisor=advisor
    )
    for name, value in settings.items():
        setattr(availability, name, value)
    availability.full_clean()
    availability.save()
    availability.weekly.all().delete()
    WeeklyHours.objects.bulk_create(
        WeeklyHours(availability=availability, weekday=day, starts_at=a, ends_at=b)
        for day, spans in sorted(weekly.items())
        for a, b in spans
    )


@transaction.atomic
def advisor_exception_add(*, by, window, advisor, day, starts_at=None, ends_at=None):
    """One day off (no times) or other hours that day; replaces what that day had."""
    from .models import AdvisorAvailability, HoursException

    if day not in window.days():
        raise ValidationError(_("That day is not one of the window's conference days."))
    availability, _created = AdvisorAvailability.objects.get_or_create(
        window=window, advisor=advisor
    )
    availability.exceptions.filter(day=day).delete()
    return HoursException.objects.create(
        availability=availability, day=day, starts_at=starts_at, ends_at=ends_at
    )


@transaction.atomic
def advisor_exception_remove(*, by, window, advisor, exception_id) -> None:
    from .models import HoursException

    HoursException.objects.filter(
        pk=exception_id, availability__window=window, availability__advisor=advisor
    ).delete()


@transaction.atomic
def interpreter_save(*, by, interpreter, **fields):
    for name, value in fields.items():
        setattr(interpreter, name, value)
    interpreter.full_clean()
    interpreter.save()
    return interpreter


@transaction.atomic
def interpreter_set_active(*, by, interpreter, active: bool) -> int:
    """Deactivate (or reactivate) an interpreter. Conferences already booked with them keep
    them; returns how many upcoming booked conferences they are on, for the message."""
    interpreter.is_active = active
    interpreter.save(update_fields=["is_active"])
    return Conference.objects.filter(
        interpreter=interpreter, status=Status.BOOKED, starts_at__gte=timezone.now()
    ).count()


@transaction.atomic
def interpreter_hours_add(*, by, interpreter, window, day, starts_at, ends_at):
    from .models import InterpreterHours

    if day not in window.days():
        raise ValidationError(_("That day is not one of the window's conference days."))
    if ends_at <= starts_at:
        raise ValidationError(_("The end must be after the start."))
    if InterpreterHours.objects.filter(
        interpreter=interpreter,
        window=window,
        day=day,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    ).exists():
        raise ValidationError(_("These hours overlap hours already listed for that day."))
    return InterpreterHours.objects.create(
        interpreter=interpreter, window=window, day=day, starts_at=starts_at, ends_at=ends_at
    )


@transaction.atomic
def interpreter_hours_remove(*, by, interpreter, window, hours_id) -> None:
    from .models import InterpreterHours

    InterpreterHours.objects.filter(pk=hours_id, interpreter=interpreter, window=window).delete()
