"""Writes of the coordinator's desk: the nudge."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tandem.core.mail import send_templated_email
from tandem.outreach.message_models import MessageKind
from tandem.outreach.messaging import message_send
from tandem.people.models import Student

from .compliance import CONFERENCE
from .models import Nudge


@dataclass
class NudgeResult:
    people: int = 0  # advisors and case managers written to (one message each)
    families: int = 0  # families written to (one message per student)
    items: int = 0
    skipped: list = field(default_factory=list)  # rows with nobody to write to


def _family_texts(school, item: str) -> dict:
    """The family's reminder in each of the school's languages ({student_name} is filled per
    student by the messaging)."""
    texts = {}
    for language in school.language_codes:
        with translation.override(language):
            subject = _("A reminder from %(school)s") % {"school": school.name}
            if item == CONFERENCE:
                body = _(
                    "Please book a time for {student_name}'s family review conference with "
                    "the advisor, or reply to this message to find one."
                )
            else:
                body = _(
                    "{student_name}'s learning plan is waiting for you: please approve it or "
                    "tell the advisor what should change."
                )
            texts[language] = (subject, body)
    return texts


@transaction.atomic
def nudge_send(*, by, school, rows) -> NudgeResult:
    """One message per advisor (or case manager) listing their selected students and items,
    and for the family's items (booking a conference, approving a plan) one message to the
    family in their language through the outreach messaging; every item is logged as a
    Nudge. `rows` are compliance.DeskRow of the school."""
    rows = list(rows)
    if not rows:
        raise ValidationError(_("Choose at least one student."))
    result = NudgeResult()
    now = timezone.now()
    logged = []
    by_owner: dict[int, list] = {}
    for row in rows:
        if row.student.school_id != school.pk:
            raise ValidationError(_("Choose students of this school."))
        if row.for_family:
            texts = _family_texts(school, row.item)
            fallback = texts.get(school.language_codes[0]) or next(iter(texts.values()))
            try:
                message = message_send(
                    author=by,
                    school=school,
                    students=Student.objects.filter(pk=row.student.pk),
                    kind=MessageKind.STUDENT,
                    subject=fallback[0],
                    body=fallback[1],
                    texts=texts,
                )
            except ValidationError:  # nobody in the family can receive it
                result.skipped.append(row)
                continue
            result.families += 1
            logged.append(_nudge(school, by, row, now, message=message))
        elif row.owner_id is None:
            result.skipped.append(row)
        else:
            by_owner.setdefault(row.owner_id, []).append(row)
    people = get_user_model().objects.in_bulk(list(by_owner))
    for owner_id, items in by_owner.items():
        person = people[owner_id]
        send_templated_email(
            to=person.email,
            language=person.preferred_language or "en",
            template="oversight/email/nudge",
            context={
                "person": person,
                "coordinator": by,
                "school": school,
                "rows": items,
                "link": settings.SITE_URL + reverse("outreach:due"),
            },
        )
        result.people += 1
        logged += [_nudge(school, by, row, now, recipient=person) for row in items]
    Nudge.objects.bulk_create(logged)
    result.items = len(logged)
    return result


def _nudge(school, by, row, now, *, recipient=None, message=None) -> Nudge:
    return Nudge(
        school=school,
        sent_by=by,
        recipient=recipient,
        message=message,
        student_id=row.student.pk,
        item=row.item,
        state=row.state,
        created_at=now,
    )
