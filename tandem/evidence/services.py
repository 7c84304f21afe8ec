"""Every write to a student's evidence: keyword-only, atomic, checked. Views and commands parse
and authorise; these enforce the rules (a final narrative is not edited, a goal's data points
fall inside it, ratings are one per competency and term)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.plans.models import Competency
from tandem.schools import calendar

from .models import (
    AssessmentResult,
    CompetencyRating,
    GraduationRule,
    IepGoal,
    Intervention,
    Level,
    Narrative,
    PanelNote,
    ProgressPoint,
    ProgressPointChange,
    measure_range,
)


@transaction.atomic
def rating_save(
    *,
    student,
    competency: Competency,
    term,
    level: str,
    rated_on: date,
    evidence: str = "",
    evidence_url: str = "",
    by,
) -> CompetencyRating:
    if competency.school_id != student.school_id or term.year.school_id != student.school_id:
        raise ValidationError(_("That competency or term belongs to another school."))
    rating, _created = CompetencyRating.objects.update_or_create(
        student=student,
        competency=competency,
        term=term,
        defaults={
            "level": level,
            "rated_on": rated_on,
            "evidence": evidence,
            "evidence_url": evidence_url,
            "rated_by": by,
        },
    )
    if rating.level == Level.MASTERED:
        from tandem.credentials.services import mastery_recorded

        mastery_recorded(rating)  # the school may issue its badge at once
    return rating


@transaction.atomic
def panel_note_add(*, student, term, panelist: str, note: str, by) -> PanelNote:
    return PanelNote.objects.create(
        student=student, term=term, panelist=panelist, note=note, created_by=by
    )


@transaction.atomic
def narrative_save(
    *, student, term, successes: str, challenges: str, notes: str, finalize: bool, by
) -> Narrative:
    narrative = Narrative.objects.select_for_update().filter(student=student, term=term).first()
    if narrative is not None and narrative.is_final:
        raise ValidationError(_("This narrative is final; families have it. It cannot change."))
    if finalize and not (successes.strip() and challenges.strip()):
        raise ValidationError(_("Answer both questions before you finalize the narrative."))
    narrative = narrative or Narrative(student=student, term=term)
    narrative.successes, narrative.challenges, narrative.notes = successes, challenges, notes
    narrative.author = by
    narrative.updated_at = timezone.now()
    if finalize:
        narrative.finalized_at = narrative.updated_at
    narrative.save()
    return narrative


@transaction.atomic
def result_add(
    *,
    student,
    assessment: str,
    subject: str,
    taken_on: date,
    score: Decimal,
    percentile: int | None,
    level: str = "",
) -> AssessmentResult:
    """A score typed in by hand: no event id, so one per test, subject and day."""
    result, _created = AssessmentResult.objects.update_or_create(
        student=student,
        assessment=assessment,
        subject=subject,
        taken_on=taken_on,
        event_id="",
        defaults={
            "test": subject,
            "score": score,
            "percentile": percentile,
            "level": level,
            "source": "manual",
        },
    )
    return result


@transaction.atomic
def iep_goal_add(
    *,
    student,
    area: str,
    goal: str,
    baseline: Decimal,
    target: Decimal,
    measure: str,
    starts_on: date,
    ends_on: date,
    by,
) -> IepGoal:
    if not student.has_iep:
        raise ValidationError(_("This student has no IEP."))
    if ends_on <= starts_on:
        raise ValidationError(_("The target date must be after the start date."))
    for value in (baseline, target):
        check_value(measure, value)
    return IepGoal.objects.create(
        student=student,
        area=area,
        goal=goal,
        baseline=baseline,
        target=target,
        measure=measure,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )


def check_value(measure: str, value: Decimal) -> None:
    """A value the goal's measure allows (models.measure_range): never negative, a percentage
    at most 100, "problems of 10" at most 10."""
    least, most = measure_range(measure)
    if value < least:
        raise ValidationError(
            _("A value for “%(measure)s” cannot be negative.") % {"measure": measure}
        )
    if most is not None and value > most:
        raise ValidationError(
            _("A value for “%(measure)s” is at most %(most)s.")
            % {"measure": measure, "most": floatformat(most, -2)}
        )


def _check_point(goal: IepGoal, measured_on: date, value: Decimal) -> None:
    check_value(goal.measure, value)
    if measured_on > calendar.today(goal.student.school):
        raise ValidationError(_("A measurement cannot be in the future."))


@transaction.atomic
def progress_add(
    *, goal: IepGoal, measured_on: date, value: Decimal, note: str = "", by
) -> ProgressPoint:
    _check_point(goal, measured_on, value)
    return ProgressPoint.objects.create(
        goal=goal, measured_on=measured_on, value=value, note=note, recorded_by=by
    )


def _require_author(point: ProgressPoint, by, reason: str) -> str:
    if point.recorded_by_id != by.pk:
        raise ValidationError(_("Only the person who recorded a data point corrects it."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the data point changes."))
    return reason


@transaction.atomic
def progress_correct(
    *, point: ProgressPoint, measured_on: date, value: Decimal, note: str = "", reason: str, by
) -> ProgressPointChange:
    """Its author corrects a data point; the goal's history keeps what it said and why."""
    point = (
        ProgressPoint.objects.select_for_update()
        .select_related("goal__student__school")
        .get(pk=point.pk)
    )
    reason = _require_author(point, by, reason)
    _check_point(point.goal, measured_on, value)
    before = point.as_recorded()
    point.measured_on, point.value, point.note = measured_on, value, note
    if point.as_recorded() == before:
        raise ValidationError(_("Nothing changed: correct the date, the value or the note."))
    point.save()
    return ProgressPointChange.objects.create(
        goal=point.goal,
        point=point,
        kind=ProgressPointChange.Kind.CORRECTED,
        before=before,
        after=point.as_recorded(),
        reason=reason,
        by=by,
    )


@transaction.atomic
def progress_remove(*, point: ProgressPoint, reason: str, by) -> ProgressPointChange:
    """Its author removes a data point (entered twice, for the wrong goal); the goal's history
    keeps it, with the reason."""
    point = ProgressPoint.objects.select_for_update().get(pk=point.pk)
    reason = _require_author(point, by, reason)
    change = ProgressPointChange.objects.create(
        goal_id=point.goal_id,
        kind=ProgressPointChange.Kind.REMOVED,
        before=point.as_recorded(),
        reason=reason,
        by=by,
    )
    point.delete()
    return change


@transaction.atomic
def intervention_save(
    *,
    student,
    area: str,
    description: str,
    owner,
    starts_on: date,
    review_on: date,
    status: str,
    outcome: str = "",
    by,
    intervention: Intervention | None = None,
) -> Intervention:
    if review_on < starts_on:
        raise ValidationError(_("The review date must be on or after the start date."))
    if status in ("completed", "stopped") and not outcome.strip():
        raise ValidationError(_("Write the outcome when an intervention ends."))
    intervention = intervention or Intervention(student=student, created_by=by)
    intervention.area, intervention.description, intervention.owner = area, description, owner
    intervention.starts_on, intervention.review_on = starts_on, review_on
    intervention.status, intervention.outcome = status, outcome
    intervention.save()
    return intervention


@transaction.atomic
def graduation_set(*, school, credits_required: Decimal, competencies: dict) -> None:
    """The requirement, and for each competency id: (counts toward graduation, credits)."""
    GraduationRule.objects.update_or_create(
        school=school, defaults={"credits_required": credits_required}
    )
    changed = []
    for competency in Competency.objects.filter(school=school, pk__in=competencies):
        counts, credits = competencies[competency.pk]
        if (competency.counts_toward_graduation, competency.credits) != (counts, credits):
            competency.counts_toward_graduation, competency.credits = counts, credits
            changed.append(competency)
    Competency.objects.bulk_update(changed, ["counts_toward_graduation", "credits"])
