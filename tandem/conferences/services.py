"""Writes for conferences: keyword-only, atomic, enforcing the rules (tandem.scheduling.rules
through rules.py) and leaving the last word on double booking to the database (models.Busy)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.tasks import enqueue_on_commit
from tandem.scheduling.rules import student_options

from . import rules
from .models import Busy, Conference, ConferenceWindow, Mode, Status

TAKEN = "taken"


@transaction.atomic
def window_for_term(*, term) -> ConferenceWindow:
    """The term's window, made with the defaults if there is none: the school days in the
    school's `conference_window_days` after the term ends."""
    school = term.year.school
    window, _created = ConferenceWindow.objects.get_or_create(
        term=term,
        defaults={
            "starts_on": term.ends_on + timedelta(days=1),
            "ends_on": term.ends_on + timedelta(days=school.conference_window_days),
        },
    )
    return window


def _options_at(*, window, requests, starts, modes, ignore):
    """For each request its valid option at the asked start (local minutes), or a
    ValidationError naming the first that does not fit."""
    instance = rules.build_instance(window, [requests], modes=modes)
    taken = rules.occupancy(instance, window, [requests], ignore=ignore)
    family = instance.families[0]
    chosen = []
    for request, student, start in zip(requests, family.students, starts, strict=True):
        found, _reason = student_options(instance, family, student)
        fitting = [o for o in found if o.start == start and taken.fits(o)]
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


def _hold(conference, request, option, window):
    """Write the Busy rows; the database refuses an overlap (PostgreSQL: exclusion constraint)."""
    travel = timedelta(minutes=conference.travel_minutes)
    rows = [
        Busy(
            conference=conference,
            person=f"advisor:{conference.advisor_id}",
            starts_at=conference.starts_at - travel,
            ends_at=conference.ends_at + travel,
        ),
        Busy(
            conference=conference,
            person=f"student:{conference.student_id}",
            starts_at=conference.starts_at,
            ends_at=conference.ends_at,
        ),
    ]
    rows += [
        Busy(
            conference=conference,
            person=f"caregiver:{c.pk}",
            starts_at=conference.starts_at,
            ends_at=conference.ends_at,
        )
        for c in request.caregivers
    ]
    if conference.interpreter_id:
        rows.append(
            Busy(
                conference=conference,
                person=f"interpreter:{conference.interpreter_id}",
                starts_at=conference.starts_at,
                ends_at=conference.ends_at,
            )
        )
    Busy.objects.bulk_create(rows)


def _place_text(window, advisor_id, mode) -> str:
    from .models import AdvisorAvailability

    settings = AdvisorAvailability.objects.filter(window=window, advisor_id=advisor_id).first()
    if mode == Mode.SCHOOL:
        return settings.room if settings else ""
    if mode == Mode.VIDEO:
        return settings.video_link if settings else ""
    return ""


@transaction.atomic
def conferences_book(
    *, by, window, requests, starts_at, mode=Mode.SCHOOL, by_family=True, notify=True
) -> list[Conference]:
    """Book one conference for each request, back to back from `starts_at` (a family books all
    its children's at once). All or nothing; if someone was faster, ValidationError(code=taken)."""
    if by_family and not window.booking_open:
        raise ValidationError(_("Booking is not open yet."), code="closed")
    _check_cutoff(window, starts_at, by_family=by_family)
    zone = window.school.zone
    start = rules.to_minute(starts_at, zone)
    starts = []
    for _request in requests:
        starts.append(start)
        from tandem.scheduling.model import ceil_step

        start = ceil_step(start + window.slot_minutes, window.step_minutes)
    return _book(
        by=by,
        window=window,
        requests=requests,
        starts=starts,
        modes={r.key: mode for r in requests},
        notify=notify,
    )


def _book(*, by, window, requests, starts, modes, notify, ignore=()) -> list[Conference]:
    chosen = _options_at(
        window=window, requests=requests, starts=starts, modes=modes, ignore=ignore
    )
    zone = window.school.zone
    made = []
    try:
        with transaction.atomic():
            for request, option in zip(requests, chosen, strict=True):
                mode = modes.get(request.key, Mode.SCHOOL)
                conference = Conference.objects.create(
                    window=window,
                    student=request.student,
                    household_id=request.household_id,
                    advisor_id=request.advisor_id,
                    interpreter_id=int(option.interpreter[1:]) if option.interpreter else None,
                    starts_at=rules.from_minute(option.start, zone),
                    ends_at=rules.from_minute(option.end, zone),
                    mode=mode,
                    travel_minutes=option.travel,
                    place=_place_text(window, request.advisor_id, mode),
                    booked_by=by,
                )
                _hold(conference, request, option, window)
                made.append(conference)
    except IntegrityError:
        raise ValidationError(
            _("Someone booked that time a moment ago. Here are the times still free."), code=TAKEN
        ) from None
    if notify:
        for conference in made:
            _invite(conference, "REQUEST")
    return made


def _invite(conference, method):
    from .tasks import send_invitation

    for caregiver in invitees(conference):
        if caregiver.email:
            enqueue_on_commit(
                send_invitation,
                conference_id=conference.pk,
                caregiver_id=caregiver.pk,
                method=method,
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
    conference.busy.all().delete()
    zone = window.school.zone
    conference.starts_at = rules.from_minute(option.start, zone)
    conference.ends_at = rules.from_minute(option.end, zone)
    conference.interpreter_id = int(option.interpreter[1:]) if option.interpreter else None
    conference.sequence += 1
    conference.reminded = []
    try:
        with transaction.atomic():
            conference.save()
            _hold(conference, request, option, window)
    except IntegrityError:
        raise ValidationError(
            _("Someone booked that time a moment ago. Here are the times still free."), code=TAKEN
        ) from None
    _invite(conference, "REQUEST")
    return conference


@transaction.atomic
def conference_cancel(*, by, conference, by_family=True) -> Conference:
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if conference.status != Status.BOOKED:
        raise ValidationError(_("This conference is not booked."))
    _check_cutoff(conference.window, conference.starts_at, by_family=by_family)
    conference.busy.all().delete()
    conference.status = Status.CANCELLED
    conference.sequence += 1
    conference.save()
    _invite(conference, "CANCEL")
    return conference


@transaction.atomic
def conference_mark(*, by, conference, status) -> Conference:
    """Staff record that a conference was held, or that the family did not come (no-show:
    the time is freed so it can be booked again)."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if status not in (Status.HELD, Status.NO_SHOW):
        raise ValidationError(_("Choose held or no-show."))
    conference.status = status
    conference.busy.all().delete()
    conference.save()
    return conference
