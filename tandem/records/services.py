"""Writes for preparations and meeting records: keyword-only, atomic, and each enforces its
rule (who may write is the view's job through access.py; what may be written is here).

No lost edits: a save names the revision it started from; if someone saved since, it raises
`EditConflict` carrying both texts, and nothing is written. A final record is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.dates import format_datetime
from tandem.core.tasks import enqueue_on_commit

from .models import (
    MeetingRecord,
    NextStep,
    Preparation,
    PreparationComment,
    WorkPiece,
)

MAX_PIECES = 12


@dataclass
class EditConflict(Exception):
    """Someone saved after this person opened the page: `current` is what is saved now,
    `yours` what this person tried to save."""

    current: object
    yours: dict = field(default_factory=dict)


def _preparation_locked(student, term) -> Preparation:
    """The student's preparation for the term, locked (made, empty, on the first write)."""
    if term.year.school_id != student.school_id:
        raise ValidationError(_("That term belongs to another school."))
    preparation, _created = Preparation.objects.get_or_create(student=student, term=term)
    return Preparation.objects.select_for_update().get(pk=preparation.pk)


@transaction.atomic
def preparation_save(
    *,
    student,
    term,
    learned: str,
    need_to_learn: str,
    how_to_learn: str,
    expected_revision: int,
    by,
) -> Preparation:
    preparation = _preparation_locked(student, term)
    yours = {
        "learned": learned.strip(),
        "need_to_learn": need_to_learn.strip(),
        "how_to_learn": how_to_learn.strip(),
    }
    if preparation.revision != expected_revision:
        raise EditConflict(current=preparation, yours=yours)
    if all(getattr(preparation, k) == v for k, v in yours.items()):
        return preparation
    Preparation.objects.filter(pk=preparation.pk).update(
        **yours, revision=F("revision") + 1, updated_by=by, updated_at=timezone.now()
    )
    preparation.refresh_from_db()
    return preparation


@transaction.atomic
def work_add(*, student, term, title: str, why: str = "", link: str = "", upload=None, by):
    """A new piece of work for the conference: it goes into the student's portfolio
    (tandem.portfolios, with its upload rule) and is chosen for the term."""
    from tandem.portfolios.services import piece_add

    preparation = _preparation_locked(student, term)
    _check_room(preparation)
    piece = piece_add(student=student, title=title, reflection=why, url=link, upload=upload, by=by)
    return _choose(preparation, piece, by=by)


@transaction.atomic
def work_choose(*, student, term, piece, by) -> WorkPiece:
    """A piece already in the student's portfolio, chosen to show at the term's conference."""
    if piece.portfolio.student_id != student.pk:
        raise ValidationError(_("That piece is not in your portfolio."))
    preparation = _preparation_locked(student, term)
    if preparation.pieces.filter(piece=piece).exists():
        raise ValidationError(_("That piece is already chosen."))
    _check_room(preparation)
    return _choose(preparation, piece, by=by)


def _check_room(preparation) -> None:
    if preparation.pieces.count() >= MAX_PIECES:
        raise ValidationError(
            _("Choose at most %(n)s pieces of work; remove one first.") % {"n": MAX_PIECES}
        )


def _choose(preparation, piece, *, by) -> WorkPiece:
    order = preparation.pieces.count()
    return WorkPiece.objects.create(preparation=preparation, piece=piece, order=order, added_by=by)


@transaction.atomic
def work_remove(*, piece: WorkPiece, by) -> None:
    """Not shown at the conference any more; the piece stays in the portfolio."""
    piece.delete()


@transaction.atomic
def comment_add(*, student, term, body: str, by) -> PreparationComment:
    """A comment on the student's preparation (made, empty, if the student has not started:
    "start with your essay" is a fine first comment)."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    preparation = _preparation_locked(student, term)
    return PreparationComment.objects.create(preparation=preparation, author=by, body=body)


# -- the meeting record -----------------------------------------------------------------------


def record_get(*, conference) -> MeetingRecord | None:
    return MeetingRecord.objects.filter(conference=conference).first()


def _refuse_if_final(record: MeetingRecord) -> None:
    if record.is_final:
        raise ValidationError(
            _("This record was finalized on %(when)s and can no longer be changed.")
            % {"when": format_datetime(record.finalized_at, record.conference.window.school.zone)}
        )


@dataclass
class StepRow:
    what: str
    due_on: date
    owner: object = None
    owner_name: str = ""


@transaction.atomic
def record_save(
    *,
    conference,
    fields: dict,
    interventions,
    steps: list[StepRow],
    expected_revision: int,
    by,
    new_intervention: dict | None = None,
) -> MeetingRecord:
    """Write the whole record: its texts, the interventions it links, its next steps (replaced
    by `steps`), and optionally a new intervention made through tandem.evidence's service."""
    from tandem.evidence.services import intervention_save

    if conference.status == "cancelled":
        raise ValidationError(_("This conference was cancelled; it has no record."))
    record, _created = MeetingRecord.objects.get_or_create(conference=conference)
    record = MeetingRecord.objects.select_for_update().get(pk=record.pk)
    _refuse_if_final(record)
    unknown = set(fields) - set(MeetingRecord.TEXT_FIELDS)
    if unknown:
        raise ValueError(unknown)
    yours = {k: (v or "").strip() for k, v in fields.items()}
    if record.revision != expected_revision:
        raise EditConflict(current=record, yours=yours)
    student = conference.student
    chosen = list(interventions)
    if any(i.student_id != student.pk for i in chosen):
        raise ValidationError(_("An intervention chosen belongs to another student."))
    for row in steps:
        if not row.what.strip():
            raise ValidationError(_("Every next step needs a description."))
        if row.owner is None and not row.owner_name.strip():
            raise ValidationError(
                _("Next step “%(what)s” needs an owner.") % {"what": row.what.strip()}
            )
    if new_intervention:
        chosen.append(
            intervention_save(student=student, by=by, status="planned", **new_intervention)
        )
    for key, value in yours.items():
        setattr(record, key, value)
    record.revision += 1
    record.updated_by, record.updated_at = by, timezone.now()
    record.save()
    record.interventions.set(chosen)
    record.next_steps.all().delete()
    NextStep.objects.bulk_create(
        NextStep(
            record=record,
            what=row.what.strip()[:500],
            owner=row.owner,
            owner_name="" if row.owner else row.owner_name.strip()[:200],
            due_on=row.due_on,
            order=number,
        )
        for number, row in enumerate(steps)
    )
    return record


@transaction.atomic
def record_finalize(
    *, conference, by, expected_revision: int | None = None, notify: bool = True
) -> MeetingRecord:
    """Make the record read-only, stamp who and when, and send it to the family: one e-mail
    per invited caregiver with rights, in their language, with the PDF (not when `notify` is
    off: the demo school sends nothing)."""
    from tandem.conferences.services import invitees

    from .tasks import send_record_final

    record = MeetingRecord.objects.select_for_update().filter(conference=conference).first()
    if record is None:
        raise ValidationError(_("Write the record before finalizing it."))
    _refuse_if_final(record)
    if expected_revision is not None and record.revision != expected_revision:
        raise ValidationError(
            _("The record changed since you opened it; read it again before finalizing.")
        )
    if all(not getattr(record, f).strip() for f in MeetingRecord.TEXT_FIELDS):
        raise ValidationError(_("The record is empty; write what was said before finalizing."))
    record.finalized_at, record.finalized_by = timezone.now(), by
    record.save(update_fields=["finalized_at", "finalized_by"])
    for caregiver in invitees(conference) if notify else ():
        if caregiver.email:
            enqueue_on_commit(send_record_final, record_id=record.pk, caregiver_id=caregiver.pk)
    return record
