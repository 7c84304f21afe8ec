"""Writes for advisors' onboarding and voice: keyword-only, atomic, each enforcing its rule."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.tasks import enqueue_on_commit

from . import defaults
from .models import (
    Acknowledgement,
    ExpectationsVersion,
    StartTask,
    StartTaskDone,
    Suggestion,
    SuggestionReply,
    SuggestionStatus,
)

MAX_ITEMS = 50


def expectations_for(school) -> ExpectationsVersion:
    """The school's current expectations; the first time they are asked for, version 1 is
    made from seed 001's list, with the default first-weeks checklist."""
    current = school.expectations_versions.order_by("-number").first()
    if current is not None:
        return current
    try:
        with transaction.atomic():
            current = ExpectationsVersion.objects.create(
                school=school, number=1, items=defaults.expectations()
            )
            StartTask.objects.bulk_create(
                StartTask(school=school, text=text, order=order)
                for order, text in enumerate(defaults.start_tasks())
            )
    except IntegrityError:  # made by a request running at the same time
        return school.expectations_versions.order_by("-number").first()
    return current


def lines(text: str) -> list[str]:
    """The items of a one-item-per-line text: stripped, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _check_items(items: list[str], *, field: str, limit: int, empty: str | None) -> None:
    if empty and not items:
        raise ValidationError({field: empty})
    if len(items) > MAX_ITEMS:
        raise ValidationError(
            {field: _("Keep it to %(count)s items or fewer.") % {"count": MAX_ITEMS}}
        )
    for number, item in enumerate(items, start=1):
        if len(item) > limit:
            raise ValidationError(
                {
                    field: _("Item %(number)s is longer than %(limit)s characters.")
                    % {"number": number, "limit": limit}
                }
            )


@transaction.atomic
def expectations_edit(*, school, items: list[str], by) -> ExpectationsVersion | None:
    """Freeze a new version when the items changed (every advisor then acknowledges again);
    None when nothing changed."""
    _check_items(
        items, field="expectations", limit=1000, empty=_("Write at least one expectation.")
    )
    current = expectations_for(school)
    current = ExpectationsVersion.objects.select_for_update().get(pk=current.pk)
    if current.items == items:
        return None
    return ExpectationsVersion.objects.create(
        school=school, number=current.number + 1, items=items, created_by=by
    )


@transaction.atomic
def start_tasks_edit(*, school, texts: list[str], by) -> list[StartTask]:
    """Make the checklist exactly `texts`, in that order. A task whose text is kept keeps the
    advisors' ticks; a changed text is a new task, to be ticked again."""
    _check_items(texts, field="tasks", limit=300, empty=None)
    if len(set(texts)) != len(texts):
        raise ValidationError({"tasks": _("Each task may appear only once.")})
    expectations_for(school)
    existing = {
        task.text: task for task in StartTask.objects.select_for_update().filter(school=school)
    }
    StartTask.objects.filter(school=school).exclude(text__in=texts).delete()
    kept = []
    for order, text in enumerate(texts):
        task = existing.get(text)
        if task is None:
            task = StartTask.objects.create(school=school, text=text, order=order)
        elif task.order != order:
            task.order = order
            task.save(update_fields=["order"])
        kept.append(task)
    return kept


@transaction.atomic
def expectations_acknowledge(*, advisor, version: ExpectationsVersion) -> Acknowledgement:
    """The advisor has read `version`; only the school's current version can be acknowledged."""
    latest = version.school.expectations_versions.order_by("-number").first()
    if latest is None or latest.pk != version.pk:
        raise ValidationError(
            _("The expectations changed while you were reading them. Read the new version.")
        )
    acknowledgement, _created = Acknowledgement.objects.get_or_create(
        version=version, advisor=advisor
    )
    return acknowledgement


@transaction.atomic
def start_task_tick(*, advisor, task: StartTask, year, done: bool) -> None:
    if done:
        StartTaskDone.objects.get_or_create(task=task, advisor=advisor, year=year)
    else:
        StartTaskDone.objects.filter(task=task, advisor=advisor, year=year).delete()


@transaction.atomic
def suggestion_send(*, author, school, kind: str, subject: str, text: str) -> Suggestion:
    subject, text = subject.strip(), text.strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Give it a subject.")
    if not text:
        errors["text"] = _("Write what you would like the coordinator to know.")
    if errors:
        raise ValidationError(errors)
    return Suggestion.objects.create(
        school=school, author=author, kind=kind, subject=subject, text=text
    )


@transaction.atomic
def suggestion_reply(*, suggestion: Suggestion, by, text: str) -> SuggestionReply:
    """The coordinator's reply: the advisor reads it on their page and gets an e-mail."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status == SuggestionStatus.CLOSED:
        raise ValidationError(_("This one is closed; it takes no more replies."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a reply.")})
    reply = SuggestionReply.objects.create(suggestion=suggestion, by=by, text=text)
    suggestion.status = SuggestionStatus.ANSWERED
    suggestion.save(update_fields=["status"])
    from .tasks import send_reply

    enqueue_on_commit(send_reply, reply_id=reply.pk)
    return reply


@transaction.atomic
def suggestion_close(*, suggestion: Suggestion, by) -> Suggestion:
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.CLOSED:
        suggestion.status = SuggestionStatus.CLOSED
        suggestion.closed_at = timezone.now()
        suggestion.closed_by = by
        suggestion.save(update_fields=["status", "closed_at", "closed_by"])
    return suggestion
