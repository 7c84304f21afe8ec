"""The coordinator's side: run the scheduler for everyone not yet booked, publish the result,
nudge families who have not booked, and the daily reminders."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core.tasks import enqueue_on_commit
from tandem.people.models import Student
from tandem.scheduling import model as sm
from tandem.scheduling import result_to_json, solve

from . import rules
from .models import Conference, ScheduleRun, Status
from .services import _book, invitees


def unbooked_requests(window):
    students = Student.objects.filter(school=window.school, is_active=True)
    booked = set(
        Conference.objects.filter(
            window=window, status__in=[Status.BOOKED, Status.HELD]
        ).values_list("student_id", "household_id")
    )
    return [
        r
        for r in rules.requests_for(window, students)
        if (r.student.pk, r.household_id) not in booked
    ]


def _without(windows, taken):
    """Availability less what is already booked (the pure scheduler knows only availability)."""
    out = []
    for w in windows:
        pieces = [(w.start, w.end)]
        for s, e in taken:
            pieces = [p for a, b in pieces for p in ((a, min(b, s)), (max(a, e), b)) if p[0] < p[1]]
        out += [sm.Window(a, b, w.preference) for a, b in pieces]
    return tuple(out)


def schedule_instance(window):
    requests = unbooked_requests(window)
    groups = rules.family_groups(requests)
    instance = rules.build_instance(
        window,
        groups,
        modes=rules.meeting_modes(window, requests),
        preferences=rules.family_preferences(window, groups),
    )
    taken = rules.occupancy(instance, window, groups)
    advisors = tuple(
        sm.Advisor(
            a.id, a.languages, _without(a.available, taken.advisor.get(a.id, [])), a.max_per_day
        )
        for a in instance.advisors
    )
    interpreters = tuple(
        sm.Interpreter(i.id, i.languages, _without(i.available, taken.interpreter.get(i.id, [])))
        for i in instance.interpreters
    )
    families = tuple(
        sm.Family(
            f.id,
            f.language,
            f.needs_interpreter,
            _without(f.available, taken.family.get(f.id, [])),
            f.students,
        )
        for f in instance.families
    )
    return sm.Instance(
        instance.timezone, instance.start_step_minutes, advisors, interpreters, families
    )


def schedule_run(*, window, by, time_limit: float = 30.0) -> ScheduleRun:
    """Solve outside any transaction (it takes seconds), then save the proposal."""
    instance = schedule_instance(window)
    result = result_to_json(solve(instance, time_limit=time_limit))
    # Publishing books each meeting in the mode it was scheduled in (home visits' travel).
    result["modes"] = {
        s.id: s.mode for f in instance.families for s in f.students if s.mode != "school"
    }
    return ScheduleRun.objects.create(window=window, created_by=by, result=result)


@transaction.atomic
def schedule_publish(*, run, by) -> tuple[int, list[str]]:
    """Book every proposed meeting through the same service families use; a meeting that no
    longer fits (someone booked meanwhile) is reported, the rest are booked."""
    window = run.window
    by_key = {r.key: r for r in unbooked_requests(window)}
    modes = (
        run.result["modes"]
        if "modes" in run.result
        else rules.meeting_modes(window, list(by_key.values()))
    )
    booked, problems = 0, []
    for meeting in run.result.get("meetings", []):
        request = by_key.get(meeting["student"])
        if request is None:
            continue
        start = sm.to_minute(meeting["start"], "start")
        try:
            with transaction.atomic():
                _book(
                    by=by,
                    window=window,
                    requests=[request],
                    starts=[start],
                    modes={request.key: modes.get(request.key, "school")},
                    notify=True,
                )
            booked += 1
        except Exception as error:  # noqa: BLE001 - reported per student, the rest go on
            message = getattr(error, "messages", [str(error)])[0]
            problems.append(f"{request.student.display_name}: {message}")
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    window.published_at = run.published_at
    window.booking_open = True
    window.save(update_fields=["published_at", "booking_open"])
    return booked, problems


@transaction.atomic
def proposal_drop(*, run, key: str):
    """Take the meeting of one student (its request key, e.g. "s12" or "s12-h3") out of an
    unpublished proposal, so publishing leaves the student unbooked. The dropped keys are kept
    in the result (`dropped`). Returns the student (None if no longer on record)."""
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if run.published_at:
        raise ValidationError(_("This proposal is already published."))
    meetings = run.result.get("meetings", [])
    kept = [m for m in meetings if m["student"] != key]
    if not key or len(kept) == len(meetings):
        raise ValidationError(_("That meeting is not in the proposal."))
    run.result = {**run.result, "meetings": kept, "dropped": [*run.result.get("dropped", []), key]}
    run.save(update_fields=["result"])
    return Student.objects.filter(pk=int(key[1:].split("-h")[0])).first()


@transaction.atomic
def families_nudge(*, window, by) -> int:
    """One message to every caregiver with rights whose child is not booked yet."""
    from .tasks import send_nudge

    caregivers = {c.pk for r in unbooked_requests(window) for c in r.caregivers}
    for caregiver_id in sorted(caregivers):
        enqueue_on_commit(send_nudge, window_id=window.pk, caregiver_id=caregiver_id)
    return len(caregivers)


def conference_reminders(*, now=None) -> int:
    """Two days before (with the link to the draft plan) and on the day; each once."""
    from .tasks import send_reminder

    now = now or timezone.now()
    sent = 0
    upcoming = Conference.objects.filter(
        status=Status.BOOKED, starts_at__gt=now, starts_at__lte=now + timedelta(days=2)
    ).select_related("window__term__year__school")
    for conference in upcoming:
        zone = conference.window.school.zone
        which = (
            "day"
            if conference.starts_at.astimezone(zone).date() == now.astimezone(zone).date()
            else "2d"
        )
        if which in conference.reminded:
            continue
        with transaction.atomic():
            conference.reminded = [*conference.reminded, which]
            conference.save(update_fields=["reminded"])
            for caregiver in invitees(conference):
                enqueue_on_commit(
                    send_reminder,
                    conference_id=conference.pk,
                    caregiver_id=caregiver.pk,
                    which=which,
                )
                sent += 1
    return sent
