"""Writes for meetings: the school's checklist, and each meeting's coverage, attendance, the
plan's live revision and approval in the room, and its end. Keyword-only, atomic, with
ValidationErrors a person can act on; the plan's own rules stay in tandem.plans."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.conferences.models import Conference, Status
from tandem.conferences.services import conference_mark, invitees
from tandem.core import content
from tandem.plans import approvals as plan_approvals
from tandem.plans import services as plan_services
from tandem.plans.models import ApprovalMethod, Plan

from .models import (
    Attendee,
    AttendeeKind,
    Checklist,
    ChecklistItem,
    Coverage,
    EventKind,
    Evidence,
    ItemKind,
    Meeting,
    RoomEvent,
)


def default_items() -> list[tuple[str, str, str, str]]:
    """The guide's Must-Do list (seed 000_77661f1ccf010411.txt) with its sub-points as guidance,
    then its Should-Do and Nice-to-Do items as tips. In the language active when the school's
    checklist is first made; the coordinator edits them like any other text."""
    must = [
        (
            _("Everyone is here"),
            _(
                "Schedule within 2 weeks of the end of each term.\n"
                "Make sure all caregivers, guardians, parents and the student are present."
            ),
            Evidence.NONE,
        ),
        (
            _("Review the credit report from the previous term"),
            _(
                "Competencies targeted in the last PLP.\n"
                "Competencies mastered and/or in progress.\n"
                "Notes and feedback from the exhibition panel."
            ),
            Evidence.CREDIT_REPORT,
        ),
        (
            _("Review the advisor's narrative feedback on the previous term"),
            _(
                "What was the student successful with, in your opinion?\n"
                "What challenges did the student have, and how did they work through (or not) "
                "those challenges?"
            ),
            Evidence.NARRATIVE,
        ),
        (
            _("Review standardized test results from the previous term (if applicable)"),
            _(
                "Focus first on the student's growth over time.\n"
                "Provide detailed information only as requested."
            ),
            Evidence.GROWTH,
        ),
        (
            _("Review IEP goals and progress monitoring data (if applicable)"),
            "",
            Evidence.IEP,
        ),
        (
            _("Present the new PLP draft for review"),
            _(
                "Ideally it was e-mailed to the caregivers about 2 days before the meeting.\n"
                "What hopes do you have for your student's learning this term? Are they "
                "reflected in the plan? If not, what should we add, change or remove?\n"
                "What do you know about your student's learning style? Does the plan fit what "
                "works best for them? If not, what should we add, change or remove?\n"
                "Any other questions you have that are unique to this student."
            ),
            Evidence.PLAN,
        ),
        (
            _("If the plan is ready, the caregivers approve it"),
            _("They sign it here, or give their approval another way (verbally, by text…)."),
            Evidence.APPROVAL,
        ),
        (
            _("If the plan needs revision, make a plan with a timeline"),
            _("Who revises it, by when, and when it is reviewed with the family again."),
            Evidence.REVISION,
        ),
    ]
    should = [
        _("Work with the student before this meeting to scaffold toward student-led conferencing."),
        _(
            "Schedule enough time to do live revisions in the meeting, based on the caregivers' "
            "feedback, for the most efficient approval."
        ),
        _("Be mindful of the culture of the caregivers, families and guardians."),
        _(
            "Use the meeting to build a partnership with the caregivers toward the best possible "
            "learning for the student: their opinions and perspectives are essential to the PLP."
        ),
    ]
    nice = [
        _("Meet in person, at the student's home."),
        _("Bring a small gift or thank-you gesture acknowledging the caregivers' role."),
    ]
    return (
        [(ItemKind.MUST, title, guidance, evidence) for title, guidance, evidence in must]
        + [(ItemKind.SHOULD, title, "", Evidence.NONE) for title in should]
        + [(ItemKind.NICE, title, "", Evidence.NONE) for title in nice]
    )


def _fill_default(checklist: Checklist) -> None:
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            checklist=checklist,
            kind=kind,
            # The guide's words in every catalog language (the school may change them).
            **content.kwargs("title", content.in_every_language(title)),
            **content.kwargs("guidance", content.in_every_language(guidance)),
            evidence=evidence,
            order=order,
        )
        for order, (kind, title, guidance, evidence) in enumerate(default_items())
    )


@transaction.atomic
def checklist_for(school) -> Checklist:
    """The school's checklist, made from the guide the first time it is asked for."""
    checklist, created = Checklist.objects.get_or_create(school=school)
    if created:
        _fill_default(checklist)
    return checklist


def _clean_item(kind, title, evidence) -> dict:
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the item a title.")
    if kind != ItemKind.MUST and evidence != Evidence.NONE:
        errors["evidence"] = _("A tip for the advisor opens nothing; make it a Must-do item.")
    if errors:
        raise ValidationError(errors)
    return {}


@transaction.atomic
def checklist_item_add(*, school, kind, title, guidance, evidence, by) -> ChecklistItem:
    """`title` and `guidance`: the school's language's text, or {language: text}."""
    checklist = checklist_for(school)
    titles, guidances = content.texts(title, school), content.texts(guidance, school)
    _clean_item(kind, titles.get(content.school_language(school), ""), evidence)
    last = checklist.items.aggregate(m=Max("order"))["m"]
    item = ChecklistItem.objects.create(
        checklist=checklist,
        kind=kind,
        **content.kwargs("title", titles),
        **content.kwargs("guidance", guidances),
        evidence=evidence,
        order=0 if last is None else last + 1,
    )
    _touch(checklist, by)
    return item


@transaction.atomic
def checklist_item_edit(*, item, kind, title, guidance, evidence, by) -> ChecklistItem:
    """`title` and `guidance`: the school's language's text, or {language: text} (the
    languages not given keep theirs)."""
    school = item.checklist.school
    titles, guidances = content.texts(title, school), content.texts(guidance, school)
    _clean_item(kind, titles.get(content.school_language(school), ""), evidence)
    item.kind, item.evidence = kind, evidence
    content.set_all(item, "title", titles)
    content.set_all(item, "guidance", guidances)
    item.save()
    _touch(item.checklist, by)
    return item


@transaction.atomic
def checklist_item_remove(*, item, by) -> None:
    """Remove an item; meetings that covered it keep its title and notes."""
    checklist = item.checklist
    item.delete()
    _touch(checklist, by)


@transaction.atomic
def checklist_item_move(*, item, direction: str, by) -> None:
    """Swap the item with its neighbour ("up" or "down"); the order is renumbered 0..n."""
    items = list(item.checklist.items.select_for_update().order_by("order", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for order, other in enumerate(items):
        other.order = order
    ChecklistItem.objects.bulk_update(items, ["order"])
    _touch(item.checklist, by)


@transaction.atomic
def checklist_reset(*, school, by) -> Checklist:
    """Back to the guide's list; the school's own items are removed."""
    checklist = checklist_for(school)
    checklist.items.all().delete()
    _fill_default(checklist)
    _touch(checklist, by)
    return checklist


def _touch(checklist, by) -> None:
    checklist.updated_by = by
    checklist.save(update_fields=["updated_by", "updated_at"])


# -- the meeting -----------------------------------------------------------------------------


@transaction.atomic
def meeting_for(*, conference: Conference, by) -> Meeting:
    """The conference's meeting, started the first time it is opened by someone running it:
    everyone invited is listed (each caregiver, the student, the advisor, the interpreter)."""
    meeting, created = Meeting.objects.get_or_create(conference=conference)
    if not created:
        if not meeting.is_finished:
            _invite_newcomers(meeting, conference)
        return meeting
    rows = [_caregiver_row(meeting, caregiver) for caregiver in invitees(conference)]
    rows.append(
        Attendee(
            meeting=meeting,
            kind=AttendeeKind.STUDENT,
            name=conference.student.display_name,
            role=_("Student"),
        )
    )
    rows.append(
        Attendee(
            meeting=meeting,
            kind=AttendeeKind.ADVISOR,
            name=conference.advisor.full_name,
            role=_("Advisor"),
        )
    )
    if conference.interpreter_id:
        rows.append(
            Attendee(
                meeting=meeting,
                kind=AttendeeKind.INTERPRETER,
                name=conference.interpreter.name,
                role=_("Interpreter"),
            )
        )
    Attendee.objects.bulk_create(rows)
    return meeting


def _caregiver_row(meeting, caregiver) -> Attendee:
    return Attendee(
        meeting=meeting,
        kind=AttendeeKind.CAREGIVER,
        caregiver=caregiver,
        name=caregiver.full_name,
        role=_("Caregiver"),
    )


def _invite_newcomers(meeting, conference) -> None:
    """A caregiver given rights since the meeting was opened is invited too."""
    listed = set(meeting.attendees.exclude(caregiver=None).values_list("caregiver_id", flat=True))
    new = [c for c in invitees(conference) if c.pk not in listed]
    if new:
        Attendee.objects.bulk_create(
            [_caregiver_row(meeting, c) for c in new], ignore_conflicts=True
        )


def _open(meeting: Meeting, by) -> Meeting:
    """The meeting, locked, if it is still running; the first thing recorded starts it."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_finished:
        raise ValidationError(_("This meeting is finished and can no longer be changed."))
    if meeting.conference.status == Status.CANCELLED:
        raise ValidationError(_("This conference was cancelled."))
    if meeting.started_at is None:
        meeting.started_at = timezone.now()
        meeting.started_by = by
        meeting.save(update_fields=["started_at", "started_by"])
    return meeting


@transaction.atomic
def coverage_save(*, meeting: Meeting, item: ChecklistItem, covered: bool, notes: str, by):
    """Check an agenda item off as covered (or not), with notes."""
    meeting = _open(meeting, by)
    if item.checklist.school_id != meeting.conference.student.school_id:
        raise ValidationError(_("That item is not on this school's checklist."))
    coverage, _created = Coverage.objects.update_or_create(
        meeting=meeting,
        item=item,
        defaults={
            "title": item.title,
            "covered": covered,
            "notes": notes.strip(),
            "by": by,
            "at": timezone.now(),
        },
    )
    return coverage


@transaction.atomic
def attendance_save(*, meeting: Meeting, present_ids, by) -> list[Attendee]:
    """Who is in the room (or on the call): the ids of the attendees present."""
    meeting = _open(meeting, by)
    present = {int(pk) for pk in present_ids}
    now = timezone.now()
    changed = []
    for attendee in meeting.attendees.all():
        is_present = attendee.pk in present
        if attendee.present != is_present:
            attendee.present = is_present
            attendee.updated_by = by
            attendee.updated_at = now
            changed.append(attendee)
    Attendee.objects.bulk_update(changed, ["present", "updated_by", "updated_at"])
    return changed


@transaction.atomic
def attendee_add(*, meeting: Meeting, name: str, role: str, family: bool, by) -> Attendee:
    """Someone who was not invited by name: a grandparent, a teacher, a counselor…"""
    meeting = _open(meeting, by)
    if not name.strip():
        raise ValidationError({"name": _("Give the person's name.")})
    return Attendee.objects.create(
        meeting=meeting,
        kind=AttendeeKind.OTHER,
        name=name.strip(),
        role=role.strip(),
        family=family,
        invited=False,
        present=True,
        updated_by=by,
    )


@transaction.atomic
def attendee_remove(*, meeting: Meeting, attendee: Attendee, by) -> None:
    _open(meeting, by)
    if attendee.kind != AttendeeKind.OTHER or attendee.meeting_id != meeting.pk:
        raise ValidationError(_("Only people added in the meeting can be removed."))
    attendee.delete()


def family_came(attendees) -> bool:
    return any(
        a.present
        and (a.kind == AttendeeKind.CAREGIVER or (a.kind == AttendeeKind.OTHER and a.family))
        for a in attendees
    )


@transaction.atomic
def meeting_finish(*, meeting: Meeting, by) -> Meeting:
    """End the meeting: the conference is held, or a no-show if nobody from the family came
    (only a held conference counts toward the school's yearly minimum). Not before the
    conference starts (schools.calendar)."""
    from tandem.conferences.services import not_started_error
    from tandem.schools import calendar

    meeting = _open(meeting, by)
    conference = meeting.conference
    if not calendar.meeting_may_be_finished(conference):
        raise not_started_error(conference)
    status = Status.HELD if family_came(meeting.attendees.all()) else Status.NO_SHOW
    conference_mark(by=by, conference=conference, status=status)
    meeting.finished_at = timezone.now()
    meeting.finished_by = by
    meeting.save(update_fields=["finished_at", "finished_by"])
    RoomEvent.objects.create(
        meeting=meeting, kind=EventKind.FINISHED, by=by, detail=Status(status).label
    )
    return meeting


# -- the plan in the room ------------------------------------------------------------------


def _present(meeting: Meeting, **lookup) -> Attendee | None:
    return meeting.attendees.filter(present=True, **lookup).first()


@transaction.atomic
def room_ready(*, meeting: Meeting, plan: Plan, how: str, confirmed: bool, by) -> Plan:
    """The student and the advisor agree the revised plan is ready, in the room: the student
    marks it on the shared device ("device"), or the advisor records that the student agreed
    ("agreed"). Either way it is recorded as such, with who and when."""
    meeting = _open(meeting, by)
    if how not in ("device", "agreed"):
        raise ValidationError(_("Choose how the student agreed."))
    if not confirmed:
        raise ValidationError({"confirm": _("Tick the box to confirm.")})
    if _present(meeting, kind=AttendeeKind.STUDENT) is None:
        raise ValidationError(
            _("Mark %(name)s present first: the student agrees in the room.")
            % {"name": meeting.conference.student.display_name}
        )
    plan = plan_services.plan_mark_ready(plan=plan, by=by, as_student=True)
    plan = plan_services.plan_mark_ready(plan=plan, by=by, as_student=False)
    kind = EventKind.STUDENT_READY_ON_DEVICE if how == "device" else EventKind.STUDENT_AGREED
    RoomEvent.objects.create(meeting=meeting, kind=kind, by=by)
    RoomEvent.objects.create(meeting=meeting, kind=EventKind.ADVISOR_READY, by=by)
    return plan


@transaction.atomic
def room_share(*, meeting: Meeting, plan: Plan, email_family: bool, by):
    """Share the revised plan as a new version; the family is in the room, so it is e-mailed
    again only when asked."""
    meeting = _open(meeting, by)
    version = plan_services.plan_share(plan=plan, by=by, notify=email_family)
    RoomEvent.objects.create(
        meeting=meeting,
        kind=EventKind.SHARED,
        by=by,
        version_number=version.number,
        detail=_("E-mailed to the family") if email_family else _("Not e-mailed again"),
    )
    return version


def _present_caregiver(meeting: Meeting, caregiver):
    if _present(meeting, kind=AttendeeKind.CAREGIVER, caregiver=caregiver) is None:
        raise ValidationError(
            {
                "caregiver": _("%(name)s is not marked present at this meeting.")
                % {"name": caregiver.full_name}
            }
        )


@transaction.atomic
def room_sign(
    *,
    meeting: Meeting,
    plan: Plan,
    caregiver,
    version_number: int,
    typed_name: str,
    confirmed: bool,
    ip_address,
    user_agent: str,
    by,
):
    """A caregiver present approves on the advisor's device, exactly as in the portal (typed
    full name and confirmation, bound to the version), recorded as "Signed in the meeting"."""
    meeting = _open(meeting, by)
    _present_caregiver(meeting, caregiver)
    approval = plan_approvals.approval_give(
        plan=plan,
        caregiver=caregiver,
        version_number=version_number,
        typed_name=typed_name,
        confirmed=confirmed,
        ip_address=ip_address,
        user_agent=user_agent,
        by=by,
        method=ApprovalMethod.MEETING,
    )
    RoomEvent.objects.create(
        meeting=meeting,
        kind=EventKind.SIGNED,
        by=by,
        caregiver=caregiver,
        version_number=version_number,
    )
    return approval


@transaction.atomic
def room_verbal(*, meeting: Meeting, plan: Plan, caregiver, version_number: int, note: str, by):
    """The advisor records that a caregiver present approved aloud."""
    meeting = _open(meeting, by)
    _present_caregiver(meeting, caregiver)
    approval = plan_approvals.approval_record(
        plan=plan,
        caregiver=caregiver,
        version_number=version_number,
        method=ApprovalMethod.VERBAL,
        approved_at=timezone.now(),
        note=note.strip() or _("In the conference."),
        attachment=None,
        by=by,
    )
    RoomEvent.objects.create(
        meeting=meeting,
        kind=EventKind.VERBAL,
        by=by,
        caregiver=caregiver,
        version_number=version_number,
    )
    return approval


@transaction.atomic
def room_revision(*, meeting: Meeting, plan: Plan, changes, owner, due_on, review_on, by):
    """The plan needs more work: what, who, by when, and when the family sees it again."""
    meeting = _open(meeting, by)
    revision = plan_approvals.revision_plan_create(
        plan=plan, changes=changes, owner=owner, due_on=due_on, review_on=review_on, by=by
    )
    RoomEvent.objects.create(
        meeting=meeting,
        kind=EventKind.REVISION_PLAN,
        by=by,
        version_number=revision.version.number if revision.version else None,
        detail=changes.strip()[:500],
    )
    return revision
