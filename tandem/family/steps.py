"""What waits for a family: the family home's list, per child, most urgent first.

One function per kind of step, each asking the rule that decides that state where it already
lives (STYLE.md habit 11) — nothing here decides a state or a date:

- `plan_steps`: read and approve a shared plan, while the school's approval rule still waits
  for this caregiver (plans.selectors.approvals_awaited), by the last day of the conference
  window that presents it (schools.calendar.approve_by); answer the family questions while
  the plan is open for the family's input (plans.selectors.open_for_family_input), not yet
  approved, and this caregiver has answered none; and, once they approved, what happens next
  (`after_approval`).
- `conference_steps`: book the conference (conferences.selectors.family_bookings: what is
  still to book, and whether the family may book now), by the window's last day; change a
  booked one while the family still may (conferences.services.family_may_change).
- `record_steps`: read the final record of a conference this caregiver was invited to
  (records.access.family_invited) and has not opened yet (RecordRead).

Most urgent first: by the day the step is due (steps without a day after those with one),
then approve, book, answer, read, change. Queries: a few per plan, window and record of the
family's own children — never per student of the school.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.core.dates import end_sentence, format_date, format_time, format_weekday_month_day

APPROVE, BOOK, QUESTIONS, RECORD, CHANGE = "approve", "book", "questions", "record", "change"
ORDER = [APPROVE, BOOK, QUESTIONS, RECORD, CHANGE]


@dataclass
class Step:
    student: object
    kind: str
    text: str  # what to do, in the reader's language
    action: str  # the button's words
    url: str
    due_on: datetime.date | None = None

    @property
    def sort_key(self):
        return (self.due_on or datetime.date.max, ORDER.index(self.kind))


@dataclass
class Child:
    student: object
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the family waits on, said plainly

    @property
    def sort_key(self):
        first = self.steps[0].sort_key if self.steps else (datetime.date.max, len(ORDER))
        return (*first, self.student.first_name, self.student.pk)


def first_name(student) -> str:
    return student.preferred_name or student.first_name


def family_next(caregiver) -> list[Child]:
    """Each child the caregiver may see (people.selectors.children_of) with their steps, most
    urgent first, and the children whose steps are most urgent first."""
    from tandem.people.selectors import children_of

    children = {c.pk: Child(c) for c in children_of(caregiver)}
    students = [c.student for c in children.values()]
    plans, plan_said = plan_steps(caregiver, students)
    conferences, conference_said = conference_steps(caregiver)
    for step in plans + conferences + record_steps(caregiver, students):
        if step.student.pk in children:
            children[step.student.pk].steps.append(step)
    for student_id, note in plan_said + conference_said:
        if student_id in children:
            children[student_id].notes.append(note)
    for child in children.values():
        child.steps.sort(key=lambda s: s.sort_key)
    return sorted(children.values(), key=lambda c: c.sort_key)


# -- plans -------------------------------------------------------------------------------------


def _family_plans(students):
    """The children's plans the family has been sent (a version exists) that are with them
    now: shared, being revised, or approved and not yet active."""
    from tandem.plans.models import Plan, PlanState, PlanVersion

    return list(
        Plan.objects.filter(
            student__in=students,
            state__in=[PlanState.SHARED, PlanState.NEEDS_REVISION, PlanState.APPROVED],
        )
        .filter(Exists(PlanVersion.objects.filter(plan=OuterRef("pk"))))
        .select_related("student__school", "term")
        .order_by("term__starts_on", "pk")
    )


def awaits(plan, caregiver) -> bool:
    """Whether the school's approval rule still waits for this caregiver on the plan."""
    from tandem.plans.models import PlanState
    from tandem.plans.selectors import approvals_awaited
    from tandem.plans.services import latest_version

    if plan.state != PlanState.SHARED:
        return False
    version = latest_version(plan)
    return any(g.caregiver_id == caregiver.pk for g in approvals_awaited(plan, version))


def plan_steps(caregiver, students) -> tuple[list[Step], list[tuple[int, str]]]:
    """(steps, notes): approve and answer; and what happens next once they approved."""
    from tandem.plans.models import FamilyInput, PlanState
    from tandem.plans.selectors import open_for_family_input
    from tandem.schools import calendar

    steps, notes = [], []
    for plan in _family_plans(students):
        name = first_name(plan.student)
        url = reverse("plans:detail", args=[plan.pk])
        if awaits(plan, caregiver):
            due_on = calendar.approve_by(plan)
            text = _("Read and approve %(name)s's plan for %(term)s") % {
                "name": name,
                "term": plan.term.name,
            }
            if due_on is not None:
                text = _("%(step)s, by %(day)s") % {"step": text, "day": format_date(due_on)}
            steps.append(Step(plan.student, APPROVE, text, _("Read the plan"), url, due_on))
        else:
            said = after_approval(plan, caregiver)
            if said:
                notes.append((plan.student_id, said))
        # Asked while the plan is still being reviewed with the family (open for their input,
        # not approved yet); once approved the answers are welcome but no longer a step.
        asked = open_for_family_input(plan) and plan.state != PlanState.APPROVED
        answered = FamilyInput.objects.filter(plan=plan, caregiver=caregiver).exclude(question="")
        if asked and not answered.exists():
            steps.append(
                Step(
                    plan.student,
                    QUESTIONS,
                    _("Answer the school's questions about %(name)s's plan") % {"name": name},
                    _("Answer the questions"),
                    url + "#input-heading",
                )
            )
    return steps, notes


def after_approval(plan, caregiver) -> str:
    """What happens next once this caregiver approved (or the plan is approved): whom it still
    waits for — another household is named only as "the other household", never by its
    people — or, when approved, the conference that presents it. "" while the plan still
    waits for this caregiver, or is not with the family."""
    from tandem.plans.models import PlanState
    from tandem.plans.selectors import approvals_awaited, caregivers_with_rights
    from tandem.plans.services import latest_version

    name = first_name(plan.student)
    if plan.state == PlanState.APPROVED:
        conference = next_conference(plan, caregiver)
        if conference is None:
            return _("%(name)s's plan is approved. Nothing more is needed from you.") % {
                "name": name
            }
        zone = plan.student.school.zone
        return _("%(name)s's plan is approved — see you on %(day)s at %(time)s.") % {
            "name": name,
            "day": format_weekday_month_day(conference.starts_at, zone),
            "time": end_sentence(format_time(conference.starts_at, zone)),
        }
    if plan.state != PlanState.SHARED:
        return ""
    holders = caregivers_with_rights(plan)
    awaited = approvals_awaited(plan, latest_version(plan), holders)
    if not awaited or any(g.caregiver_id == caregiver.pk for g in awaited):
        return ""
    mine = {g.household_id for g in holders if g.caregiver_id == caregiver.pk}
    others = {g.household_id for g in awaited if g.household_id not in mine}
    if others:
        return ngettext(
            "You approved %(name)s's plan. Waiting for %(name)s's other household.",
            "You approved %(name)s's plan. Waiting for %(name)s's %(count)s other households.",
            len(others),
        ) % {"name": name, "count": len(others)}
    people = ", ".join(sorted(g.caregiver.full_name for g in awaited))
    return _("You approved %(name)s's plan. Waiting for %(people)s.") % {
        "name": name,
        "people": people,
    }


def next_conference(plan, caregiver):
    """The booked conference, still to come, that presents the plan (schools.calendar) and
    that this caregiver is invited to; else the child's next one they are invited to."""
    from tandem.conferences.models import Conference, Status
    from tandem.people.models import Guardianship
    from tandem.records.access import family_invited
    from tandem.schools import calendar

    homes = set(
        Guardianship.objects.filter(
            student=plan.student_id, caregiver=caregiver, has_educational_rights=True
        ).values_list("household_id", flat=True)
    )
    coming = [
        c
        for c in Conference.objects.filter(
            student=plan.student_id, status=Status.BOOKED, starts_at__gt=timezone.now()
        )
        .select_related("window__term__year", "student")
        .order_by("starts_at")
        if family_invited(c, homes)
    ]
    presenting = calendar.conferences_presenting(plan, coming)
    return (presenting or coming or [None])[0]


# -- conferences -------------------------------------------------------------------------------


def conference_steps(caregiver) -> tuple[list[Step], list[tuple[int, str]]]:
    """(steps, notes): book; change or cancel while the family still may; and, once it is
    too late to change online, when the conference is."""
    from tandem.conferences.selectors import family_bookings
    from tandem.conferences.services import family_may_change

    steps, notes = [], []
    now = timezone.now()
    for found in family_bookings(caregiver):
        window = found.window
        if found.can_book:
            url = reverse("conferences:book", args=[window.pk])
            together = len(found.waiting) > 1
            for request in found.waiting:
                name = first_name(request.student)
                text = (
                    _("Book %(name)s's conference, with the other children's, by %(day)s")
                    if together
                    else _("Book %(name)s's conference, by %(day)s")
                ) % {"name": name, "day": format_date(window.ends_on)}
                steps.append(
                    Step(request.student, BOOK, text, _("Choose a time"), url, window.ends_on)
                )
        zone = window.school.zone  # the school's clock, on a page or not
        for conference in found.booked:
            when = {
                "name": first_name(conference.student),
                "day": format_weekday_month_day(conference.starts_at, zone),
                "time": format_time(conference.starts_at, zone),
            }
            if family_may_change(conference):
                steps.append(
                    Step(
                        conference.student,
                        CHANGE,
                        _("%(name)s's conference is on %(day)s at %(time)s") % when,
                        _("Change or cancel"),
                        reverse("conferences:family"),
                    )
                )
            elif conference.starts_at > now and conference.status == "booked":
                said = _("%(name)s's conference is on %(day)s at %(time)s.") % (
                    when | {"time": end_sentence(when["time"])}
                )
                notes.append((conference.student_id, said))
    return steps, notes


# -- meeting records -----------------------------------------------------------------------------


def record_steps(caregiver, students) -> list[Step]:
    from tandem.conferences.models import Status
    from tandem.people.models import Guardianship
    from tandem.records.access import family_invited
    from tandem.records.models import MeetingRecord

    from .models import RecordRead

    homes = {}
    for student_id, household_id in Guardianship.objects.filter(
        student__in=students, caregiver=caregiver, has_educational_rights=True
    ).values_list("student_id", "household_id"):
        homes.setdefault(student_id, set()).add(household_id)
    records = (
        MeetingRecord.objects.filter(
            conference__student__in=students,
            conference__status=Status.HELD,
            finalized_at__isnull=False,
        )
        .exclude(Exists(RecordRead.objects.filter(record=OuterRef("pk"), caregiver=caregiver)))
        .select_related("conference__student__school")
        .order_by("conference__starts_at")
    )
    steps = []
    for record in records:
        conference = record.conference
        if not family_invited(conference, homes.get(conference.student_id, set())):
            continue
        steps.append(
            Step(
                conference.student,
                RECORD,
                _("Read the record of %(name)s's conference of %(day)s")
                % {
                    "name": first_name(conference.student),
                    "day": format_date(conference.starts_at, conference.student.school.zone),
                },
                _("Read the record"),
                reverse("records:record", args=[conference.pk]),
            )
        )
    return steps
