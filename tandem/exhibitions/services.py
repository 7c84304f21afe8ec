"""Every write to an exhibition: keyword-only, atomic, checked. Views parse and authorise
(access.py); these enforce the rules (a slot is one of the exhibition's and free, a rater scores
only their own seat and never after submitting, a result is finalised once and then writes the
competency ratings and panel notes through tandem.evidence's services)."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.policy import is_current_advisor
from tandem.core.tasks import enqueue_on_commit
from tandem.evidence import services as evidence
from tandem.evidence.models import Level as RatingLevel
from tandem.people.models import Student
from tandem.schools import calendar

from . import rules, selectors
from .access import token_hash
from .models import (
    Criterion,
    Descriptor,
    Exhibition,
    Level,
    PanelSeat,
    Presentation,
    Rater,
    RaterAvailability,
    Result,
    Rubric,
    Score,
)

# A new rubric's levels (the coordinator renames them, or changes what each means).
DEFAULT_LEVELS = [
    (1, "Beginning", RatingLevel.NOT_YET),
    (2, "Developing", RatingLevel.IN_PROGRESS),
    (3, "Proficient", RatingLevel.MASTERED),
    (4, "Exemplary", RatingLevel.MASTERED),
]

EXHIBITION_FIELDS = (
    "name",
    "starts_on",
    "ends_on",
    "day_starts_at",
    "day_ends_at",
    "slot_minutes",
    "rooms",
    "grades",
    "panel_size",
    "signup_open",
)


# -- the event and its rubric -------------------------------------------------------------------


@transaction.atomic
def exhibition_save(*, school, by, exhibition: Exhibition | None = None, **fields) -> Exhibition:
    """A new exhibition (with its rubric's four default levels), or changes to one. Slots
    already given stay as they are; the coordinator moves any that no longer fit."""
    creating = exhibition is None
    exhibition = exhibition or Exhibition(school=school, created_by=by)
    for name in EXHIBITION_FIELDS:
        if name in fields:
            setattr(exhibition, name, fields[name])
    if exhibition.ends_on < exhibition.starts_on:
        raise ValidationError(_("The last day comes before the first."))
    if exhibition.day_ends_at <= exhibition.day_starts_at:
        raise ValidationError(_("The last slot must end after the first one starts."))
    if not exhibition.room_list:
        raise ValidationError(_("Name at least one room."))
    exhibition.save()
    if creating:
        rubric = Rubric.objects.create(exhibition=exhibition)
        Level.objects.bulk_create(
            Level(rubric=rubric, value=value, name=_(name), rating=rating)
            for value, name, rating in DEFAULT_LEVELS
        )
    return exhibition


def _unscored(rubric) -> None:
    if Score.objects.filter(criterion__rubric=rubric).exists():
        raise ValidationError(_("Raters have scored on this rubric; it can no longer change."))


@transaction.atomic
def criterion_add(
    *, rubric, competency, name: str, description: str = "", descriptors: dict[int, str]
) -> Criterion:
    """A criterion tied to one of the school's competencies, with a descriptor per level."""
    _unscored(rubric)
    if competency.school_id != rubric.exhibition.school_id:
        raise ValidationError(_("That competency belongs to another school."))
    order = rubric.criteria.count()
    criterion = Criterion.objects.create(
        rubric=rubric, competency=competency, name=name, description=description, order=order
    )
    levels = {level.pk: level for level in rubric.levels.all()}
    Descriptor.objects.bulk_create(
        Descriptor(criterion=criterion, level=levels[level_id], text=text)
        for level_id, text in descriptors.items()
        if level_id in levels and text.strip()
    )
    return criterion


@transaction.atomic
def criterion_remove(*, criterion) -> None:
    _unscored(criterion.rubric)
    criterion.delete()


@transaction.atomic
def level_save(*, level, name: str, rating: str) -> Level:
    """A level's name and the competency rating it means (its points stay)."""
    _unscored(level.rubric)
    level.name, level.rating = name, rating
    level.save(update_fields=["name", "rating"])
    return level


# -- presenters and slots -----------------------------------------------------------------------


@transaction.atomic
def presentations_add(*, exhibition, grades=(), students=()) -> list[Presentation]:
    """The students of these grades (active, at the exhibition's school) and these students
    present; those already presenting are left as they are. The new presentations."""
    wanted = Student.objects.filter(school_id=exhibition.school_id, is_active=True)
    picked = set()
    if grades:
        picked |= set(wanted.filter(grade__in=list(grades)).values_list("pk", flat=True))
    ids = [student.pk for student in students if student.school_id == exhibition.school_id]
    picked |= set(wanted.filter(pk__in=ids).values_list("pk", flat=True))
    there = set(exhibition.presentations.values_list("student_id", flat=True))
    new = [Presentation(exhibition=exhibition, student_id=pk) for pk in sorted(picked - there)]
    return Presentation.objects.bulk_create(new)


@transaction.atomic
def presentation_remove(*, presentation) -> None:
    if hasattr(presentation, "result") or presentation.seats.filter(scores__isnull=False).exists():
        raise ValidationError(_("This presentation has scores; it cannot be removed."))
    if presentation.starts_at and presentation.invited:
        from .tasks import cancel_now

        cancel_now(presentation)
    presentation.delete()


def _slot_for(exhibition, starts_at):
    for start, end in rules.slots(exhibition):
        if start == starts_at:
            return start, end
    raise ValidationError(_("That time is not one of the exhibition's slots."))


@transaction.atomic
def presentation_place(*, presentation, starts_at, room: str, by_student: bool = False):
    """Give the presentation a slot and a room (the coordinator), or take a free one (the
    student, while sign-up is open). Families already invited hear of the change."""
    exhibition = presentation.exhibition
    if by_student and not exhibition.signup_open:
        raise ValidationError(_("Slots are assigned by the coordinator for this exhibition."))
    if hasattr(presentation, "result"):
        raise ValidationError(_("This presentation's results are final; it cannot move."))
    if room not in exhibition.room_list:
        raise ValidationError(_("Choose one of the exhibition's rooms."))
    start, end = _slot_for(exhibition, starts_at)
    if (
        Presentation.objects.filter(exhibition=exhibition, room=room, starts_at=start)
        .exclude(pk=presentation.pk)
        .exists()
    ):
        raise ValidationError(_("Someone is already presenting in that room at that time."))
    moved = presentation.starts_at is not None and (
        presentation.starts_at != start or presentation.room != room
    )
    presentation.starts_at, presentation.ends_at, presentation.room = start, end, room
    if moved:
        presentation.sequence += 1
        presentation.reminded = []
    try:
        with transaction.atomic():
            presentation.save()
    except IntegrityError as error:  # taken between the check and the write
        raise ValidationError(
            _("Someone is already presenting in that room at that time.")
        ) from error
    if moved and presentation.invited:
        _invite_families(presentation, method="REQUEST")
    return presentation


@transaction.atomic
def pieces_choose(*, presentation, pieces) -> Presentation:
    """The pieces of the student's own portfolio they will present."""
    if hasattr(presentation, "result"):
        raise ValidationError(_("This presentation's results are final."))
    if any(piece.portfolio.student_id != presentation.student_id for piece in pieces):
        raise ValidationError(_("Choose pieces from your own portfolio."))
    presentation.pieces.set(pieces)
    return presentation


def _invite_families(presentation, *, method: str) -> int:
    from .tasks import send_invitation

    caregivers = selectors.invitees(presentation)
    for caregiver in caregivers:
        enqueue_on_commit(
            send_invitation,
            presentation_id=presentation.pk,
            caregiver_id=caregiver.pk,
            method=method,
        )
    return len(caregivers)


@transaction.atomic
def families_invite(*, exhibition) -> int:
    """Invite the families of every presentation with a slot not invited yet (the same
    invitation as a conference's: the calendar file, their language, e-mail or text). The
    number of caregivers invited."""
    sent = 0
    for presentation in exhibition.presentations.filter(
        starts_at__isnull=False, invited_at__isnull=True
    ).select_for_update():
        presentation.invited_at = timezone.now()
        presentation.save(update_fields=["invited_at"])
        sent += _invite_families(presentation, method="REQUEST")
    return sent


def exhibition_reminders(*, now=None) -> int:
    """Two days before and on the day, to the families invited; each once."""
    from .tasks import send_reminder

    now = now or timezone.now()
    sent = 0
    upcoming = Presentation.objects.filter(
        invited_at__isnull=False,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=2),
    ).select_related("exhibition__school")
    for presentation in upcoming:
        zone = presentation.exhibition.school.zone
        same_day = presentation.starts_at.astimezone(zone).date() == now.astimezone(zone).date()
        which = "day" if same_day else "2d"
        if which in presentation.reminded:
            continue
        with transaction.atomic():
            presentation.reminded = [*presentation.reminded, which]
            presentation.save(update_fields=["reminded"])
            for caregiver in selectors.invitees(presentation):
                enqueue_on_commit(
                    send_reminder,
                    presentation_id=presentation.pk,
                    caregiver_id=caregiver.pk,
                    which=which,
                )
                sent += 1
    return sent


# -- raters and panels --------------------------------------------------------------------------


@transaction.atomic
def rater_add_staff(*, exhibition, user) -> Rater:
    from tandem.core.policy import holds_role_at

    if not holds_role_at(user, exhibition.school_id):
        raise ValidationError(_("That person does not work at this school."))
    rater, _created = Rater.objects.get_or_create(exhibition=exhibition, user=user)
    return rater


def panelist_link(token: str) -> str:
    return settings.SITE_URL + reverse("exhibitions:panelist", args=[token])


def _send_panelist_link(rater) -> str:
    """A new token for the panelist (the old link stops working) and the e-mail that carries it,
    written in this transaction. Only the token's SHA-256 is kept."""
    from tandem.core.mail import send_templated_email

    token = secrets.token_urlsafe(32)
    rater.token_hash = token_hash(token)
    rater.invited_at = timezone.now()
    rater.save(update_fields=["token_hash", "invited_at"])
    exhibition = rater.exhibition
    language = settings.LANGUAGE_CODE
    send_templated_email(
        to=rater.email,
        language=language,
        template="exhibitions/email/panelist",
        context={
            "rater": rater,
            "exhibition": exhibition,
            "link": panelist_link(token),
            "opens_on": exhibition.starts_on - datetime.timedelta(days=rules.DAYS_AROUND),
            "closes_on": exhibition.ends_on + datetime.timedelta(days=rules.DAYS_AROUND),
            "school": exhibition.school,
        },
        about=rater,
    )
    return token


@transaction.atomic
def panelist_invite(*, exhibition, name: str, email: str) -> tuple[Rater, str]:
    """A community panelist: a name and an e-mail address, no account. They are e-mailed their
    link now. (The rater and the token their link carries.)"""
    email = email.strip().lower()
    if Rater.objects.filter(exhibition=exhibition, user__isnull=True, email=email).exists():
        raise ValidationError(_("That panelist is already invited to this exhibition."))
    rater = Rater.objects.create(exhibition=exhibition, name=name.strip(), email=email)
    return rater, _send_panelist_link(rater)


@transaction.atomic
def panelist_resend(*, rater) -> str:
    if not rater.is_community:
        raise ValidationError(_("Staff raters sign in; they need no link."))
    return _send_panelist_link(rater)


@transaction.atomic
def exhibition_days(exhibition) -> list[datetime.date]:
    days, day = [], exhibition.starts_on
    while day <= exhibition.ends_on:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days


@transaction.atomic
def rater_availability_set(*, rater, hours: dict, max_presentations: int | None) -> None:
    """Set when the rater can rate and their most presentations, all or nothing. `hours` maps
    each exhibition day to None (all day), False (not that day) or a (from, to) pair of times
    inside the exhibition's hours. Every day whole is kept as no spans at all (the default)."""
    exhibition = rater.exhibition
    zone = exhibition.school.zone
    days = exhibition_days(exhibition)
    if set(hours) - set(days):
        raise ValidationError(_("That day is not a day of the exhibition."))
    if max_presentations is not None and max_presentations < 1:
        raise ValidationError(
            {"max_presentations": _("Give at least 1, or leave it empty for no limit.")}
        )
    spans = []
    for day in days:
        chosen = hours.get(day)
        if chosen is False:
            continue
        start, end = chosen or (exhibition.day_starts_at, exhibition.day_ends_at)
        if end <= start:
            raise ValidationError(_("On each day, the end must come after the start."))
        if start < exhibition.day_starts_at or end > exhibition.day_ends_at:
            raise ValidationError(_("Keep each day's times inside the exhibition's hours."))
        spans.append(
            (
                datetime.datetime.combine(day, start, tzinfo=zone),
                datetime.datetime.combine(day, end, tzinfo=zone),
                chosen is None,
            )
        )
    if not spans:
        raise ValidationError(
            _("Choose at least one day they can rate, or remove them from the exhibition.")
        )
    rater = Rater.objects.select_for_update().get(pk=rater.pk)
    rater.max_presentations = max_presentations
    rater.save(update_fields=["max_presentations"])
    RaterAvailability.objects.filter(rater=rater).delete()
    if not all(whole for _s, _e, whole in spans) or len(spans) < len(days):
        RaterAvailability.objects.bulk_create(
            RaterAvailability(rater=rater, starts_at=s, ends_at=e) for s, e, _w in spans
        )


def rater_remove(*, rater) -> None:
    if Score.objects.filter(seat__rater=rater).exists():
        raise ValidationError(_("This rater has scored; they stay on the exhibition."))
    rater.delete()


@transaction.atomic
def seat_add(*, presentation, rater) -> PanelSeat:
    if rater.exhibition_id != presentation.exhibition_id:
        raise ValidationError(_("That rater is not on this exhibition."))
    if rater.user_id and rater.user_id == getattr(presentation.student, "user_id", None):
        raise ValidationError(_("A student does not rate their own presentation."))
    if rater.user_id and is_current_advisor(rater.user, presentation.student):
        # The advisor finalises the results; they do not sit on the panel that makes them.
        raise ValidationError(_("The student's advisor does not sit on their panel."))
    if hasattr(presentation, "result"):
        raise ValidationError(_("This presentation's results are final."))
    seat, _created = PanelSeat.objects.get_or_create(presentation=presentation, rater=rater)
    return seat


@transaction.atomic
def seat_remove(*, seat) -> None:
    if seat.is_submitted or seat.scores.exists():
        raise ValidationError(_("This rater has scored; their seat stays."))
    seat.delete()


# -- scoring and results ------------------------------------------------------------------------


@transaction.atomic
def seat_score(*, seat, levels: dict[int, int], comment: str, submit: bool) -> PanelSeat:
    """Save a rater's levels (criterion id → level id) and comment; with `submit`, every
    criterion must have a level, and the seat is final. A submitted seat never changes."""
    seat = PanelSeat.objects.select_for_update().get(pk=seat.pk)
    if seat.is_submitted:
        raise ValidationError(_("You have submitted your scores; they are final."))
    presentation = seat.presentation
    if hasattr(presentation, "result"):
        raise ValidationError(_("This presentation's results are final."))
    rubric = presentation.exhibition.rubric
    criteria = {criterion.pk: criterion for criterion in rubric.criteria.all()}
    level_of = {level.pk: level for level in rubric.levels.all()}
    for criterion_id, level_id in levels.items():
        if criterion_id not in criteria or level_id not in level_of:
            raise ValidationError(_("Choose a level of this rubric for each criterion."))
    if submit and (not criteria or set(levels) != set(criteria)):
        raise ValidationError(_("Choose a level for every criterion before you submit."))
    now = timezone.now()
    Score.objects.filter(seat=seat).exclude(criterion_id__in=list(levels)).delete()
    for criterion_id, level_id in levels.items():
        Score.objects.update_or_create(
            seat=seat, criterion_id=criterion_id, defaults={"level_id": level_id, "saved_at": now}
        )
    seat.comment = comment
    if submit:
        seat.submitted_at = now
    seat.save(update_fields=["comment", "submitted_at"])
    return seat


@transaction.atomic
def result_finalise(*, presentation, by, note: str = "") -> Result:
    """The advisor finalises the panel's results: for each competency of the rubric the median
    of the submitted scores on its criteria writes the student's competency rating for the
    exhibition's term (the exhibition as its evidence), and each rater's comment becomes one of
    the credit report's panel notes. Once."""
    presentation = Presentation.objects.select_for_update().get(pk=presentation.pk)
    if Result.objects.filter(presentation=presentation).exists():
        raise ValidationError(_("These results are already final."))
    results = selectors.presentation_results(presentation)
    if not results.submitted:
        raise ValidationError(_("No rater has submitted scores yet."))
    exhibition = presentation.exhibition
    day = (
        calendar.today(exhibition.school)
        if presentation.starts_at is None
        else presentation.starts_at.astimezone(exhibition.school.zone).date()
    )
    term = calendar.current_term(exhibition.school, on=day)
    if term is None:
        raise ValidationError(_("The school's calendar has no term for the exhibition."))
    result = Result.objects.create(presentation=presentation, note=note, finalised_by=by)
    url = settings.SITE_URL + reverse("exhibitions:result", args=[presentation.pk])
    ratings = []
    for competency in results.competencies:
        if competency.level is None:
            continue
        evidence_note = _(
            "%(exhibition)s: the panel's median %(median)s (%(level)s) from %(count)s "
            "scores, spread %(spread)s."
        ) % {
            "exhibition": exhibition.name,
            "median": competency.median_text,
            "level": competency.level.name,
            "count": len(competency.values),
            "spread": competency.spread,
        }
        ratings.append(
            evidence.rating_save(
                student=presentation.student,
                competency=competency.competency,
                term=term,
                level=competency.level.rating,
                rated_on=day,
                evidence=evidence_note,
                evidence_url=url,
                by=by,
            )
        )
    notes = []
    for seat in results.submitted:
        text = seat.comment.strip()
        if text:
            panelist = f"{seat.rater.display_name} — {exhibition.name}"[:200]
            notes.append(
                evidence.panel_note_add(
                    student=presentation.student, term=term, panelist=panelist, note=text, by=by
                )
            )
    if note.strip():
        notes.append(
            evidence.panel_note_add(
                student=presentation.student,
                term=term,
                panelist=f"{by.full_name} — {exhibition.name}"[:200],
                note=note.strip(),
                by=by,
            )
        )
    result.ratings.set(ratings)
    result.panel_notes.set(notes)
    return result
