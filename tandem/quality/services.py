"""Writes for plan quality: keyword-only, atomic, each enforcing its rule."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role
from tandem.core.tasks import enqueue_on_commit

from . import defaults, draw, selectors
from .models import Criterion, Descriptor, Level, Review, Rubric, Sample, Score


def rubric_for(school) -> Rubric:
    """The school's rubric; the first time it is asked for, the default is made from the seeds
    (in the language active then)."""
    found = Rubric.objects.filter(school=school).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            rubric = Rubric.objects.create(school=school)
            Level.objects.bulk_create(
                Level(rubric=rubric, value=value, name=str(name))
                for value, name in enumerate(defaults.LEVELS, start=1)
            )
            for order, (name, description, texts) in enumerate(defaults.CRITERIA):
                criterion = Criterion.objects.create(
                    rubric=rubric, name=str(name), description=str(description), order=order
                )
                Descriptor.objects.bulk_create(
                    Descriptor(criterion=criterion, level=level, text=str(text))
                    for level, text in enumerate(texts, start=1)
                )
    except IntegrityError:  # made by a request running at the same time
        return Rubric.objects.get(school=school)
    return rubric


@transaction.atomic
def rubric_settings_save(*, rubric: Rubric, per_advisor: int, peer_review: bool, level_names):
    """The sample size, peer review on or off, and the levels' names (their number is fixed,
    so every score given stays on the same scale)."""
    names = [name.strip() for name in level_names]
    levels = list(rubric.levels.all())
    if len(names) != len(levels) or not all(names):
        raise ValidationError(_("Give every level a name."))
    rubric.per_advisor = per_advisor
    rubric.peer_review = peer_review
    rubric.full_clean()
    rubric.save()
    for level, name in zip(levels, names, strict=True):
        if level.name != name:
            level.name = name[:80]
            level.save(update_fields=["name"])
    return rubric


@transaction.atomic
def criterion_save(
    *,
    rubric: Rubric,
    criterion: Criterion | None = None,
    name: str,
    description: str,
    descriptors: dict[int, str],
) -> Criterion:
    """Add a criterion (at the end) or edit one; `descriptors` maps each level to its text."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the criterion a name.")})
    if criterion is None:
        last = rubric.criteria.aggregate(last=Max("order"))["last"]
        criterion = Criterion(rubric=rubric, order=0 if last is None else last + 1)
    elif criterion.rubric_id != rubric.pk:
        raise ValidationError(_("This criterion belongs to another school."))
    criterion.name = name[:200]
    criterion.description = description.strip()
    criterion.save()
    for level in rubric.levels.all():
        Descriptor.objects.update_or_create(
            criterion=criterion,
            level=level.value,
            defaults={"text": descriptors.get(level.value, "").strip()},
        )
    return criterion


@transaction.atomic
def criterion_move(*, criterion: Criterion, up: bool) -> None:
    """Swap the criterion with its neighbour among those in use (or among the retired)."""
    siblings = list(
        criterion.rubric.criteria.filter(retired_at__isnull=criterion.retired_at is None)
    )
    for order, item in enumerate(siblings):  # make the order dense first
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])
    index = next(i for i, item in enumerate(siblings) if item.pk == criterion.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        a, b = siblings[index], siblings[other]
        a.order, b.order = b.order, a.order
        a.save(update_fields=["order"])
        b.save(update_fields=["order"])


@transaction.atomic
def criterion_retire(*, criterion: Criterion, retire: bool) -> Criterion:
    """Retire a criterion (new reviews no longer score it; old scores stay, with its name) or
    bring it back."""
    if retire and criterion.retired_at is None:
        in_use = criterion.rubric.criteria.filter(retired_at__isnull=True).count()
        if in_use <= 1:
            raise ValidationError(_("Keep at least one criterion in use."))
        criterion.retired_at = timezone.now()
    elif not retire:
        criterion.retired_at = None
    criterion.save(update_fields=["retired_at"])
    return criterion


@transaction.atomic
def sample_draw(*, term, by, seed: int | None = None, redraw: bool = False) -> Sample:
    """Draw the term's sample: up to the rubric's number of shared plans per advisor, at random
    with a stored seed. Drawing again (`redraw`) keeps every submitted review, counts it in its
    advisor's number, and draws the rest anew with a new seed."""
    school = term.year.school
    rubric = rubric_for(school)
    sample = Sample.objects.select_for_update().filter(term=term).first()
    if sample is not None and not redraw:
        raise ValidationError(_("This term's sample is drawn already; confirm to draw again."))
    seed = secrets.randbelow(2**31) if seed is None else seed
    if sample is None:
        sample = Sample(school=school, term=term)
    sample.seed = seed
    sample.per_advisor = rubric.per_advisor
    sample.peer_review = rubric.peer_review
    sample.drawn_by = by
    sample.drawn_at = timezone.now()
    sample.save()
    sample.reviews.filter(submitted_at__isnull=True).delete()
    kept = list(sample.reviews.values_list("plan_id", "advisor_id"))
    kept_plans = {plan_id for plan_id, _advisor in kept}
    quota: dict[int, int] = {}
    candidates = selectors.sample_candidates(term)
    pools: dict[int, list[int]] = {}
    for row in candidates.values():
        if row.plan_id not in kept_plans:
            pools.setdefault(row.advisor_id, []).append(row.plan_id)
    for advisor_id in pools:
        quota[advisor_id] = rubric.per_advisor - sum(1 for _p, a in kept if a == advisor_id)
    chosen = draw.draw(pools, quota, seed)
    picked = [candidates[pk] for advisor_id in sorted(chosen) for pk in chosen[advisor_id]]
    reviewers: list[int | None] = [None] * len(picked)
    if rubric.peer_review:
        reviewers = draw.deal(
            [(row.plan_id, {row.advisor_id}) for row in picked],
            [advisor.pk for advisor in selectors.peer_reviewers(school)],
        )
    Review.objects.bulk_create(
        Review(
            sample=sample,
            plan_id=row.plan_id,
            version_id=row.version_id,
            advisor_id=row.advisor_id,
            reviewer_id=reviewer,
        )
        for row, reviewer in zip(picked, reviewers, strict=True)
    )
    return sample


def may_review(user, review: Review) -> bool:
    """The coordinator (and school admin) of the school, or the peer it is assigned to."""
    if review.sample.school_id in schools_with_role(user, OVERSIGHT_ROLES):
        return True
    return review.reviewer_id == user.pk


@transaction.atomic
def review_submit(
    *,
    review: Review,
    by,
    levels: dict[int, int],
    comments: dict[int, str],
    feedback: str,
    notify: bool = True,
) -> Review:
    """Score every criterion in use at a level, with the written feedback; then the advisor
    reads it on their page and gets an e-mail (after commit; not for the demo's history,
    `notify=False`)."""
    review = Review.objects.select_for_update().select_related("sample").get(pk=review.pk)
    if review.is_submitted:
        raise ValidationError(_("This review was submitted already."))
    if not may_review(by, review):
        raise ValidationError(_("This review is not yours to submit."))
    rubric = rubric_for(review.sample.school)
    values = set(rubric.levels.values_list("value", flat=True))
    criteria = list(rubric.criteria.filter(retired_at__isnull=True))
    errors = {}
    for criterion in criteria:
        if levels.get(criterion.pk) not in values:
            errors[f"level_{criterion.pk}"] = _("Choose a level for %(name)s.") % {
                "name": criterion.name
            }
    if not feedback.strip():
        errors["feedback"] = _("Write the feedback for the advisor.")
    if errors:
        raise ValidationError(errors)
    Score.objects.bulk_create(
        Score(
            review=review,
            criterion=criterion,
            level=levels[criterion.pk],
            comment=comments.get(criterion.pk, "").strip(),
        )
        for criterion in criteria
    )
    review.feedback = feedback.strip()
    review.submitted_at = timezone.now()
    review.submitted_by = by
    review.save(update_fields=["feedback", "submitted_at", "submitted_by"])
    if notify:
        from .tasks import send_feedback

        enqueue_on_commit(send_feedback, review_id=review.pk)
    return review
