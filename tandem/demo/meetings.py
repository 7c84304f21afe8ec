"""The demo's held conferences as they would have run in Tandem: everyone invited present, each
agenda item checked off with a note, the meeting finished, and its record written and
finalized (with no message sent). The no-show is finished with nobody from the family there.
Deterministic for a seed."""

import random
from datetime import date, timedelta

from django.utils import timezone

from tandem.conferences.models import Conference, Status
from tandem.meetings import selectors as meeting_selectors
from tandem.meetings import services as meetings
from tandem.meetings.models import AttendeeKind
from tandem.records import services as records

NOTES = [
    "Went through it together; the family asked good questions.",
    "The student explained this part in their own words.",
    "Short on time here; the advisor will send a summary.",
    "The family was glad to see the progress.",
]
GROWTH = [
    "Finishing work on time and revising drafts.",
    "Word problems in math; showing the steps.",
    "Writing conclusions in science labs.",
]
GOALS = [
    "Graduate on time and study nursing at the community college.",
    "Earn the credits for a welding certificate and an apprenticeship.",
    "Take two dual-enrollment courses next year.",
]
FAMILY = [
    "Check the planner together on Sunday evenings.",
    "Ask about the week's exhibition work at dinner.",
    "Keep a quiet homework hour after dinner.",
]


def seed_demo_meetings(school, *, seed: int, today: date | None = None) -> dict[str, int]:
    rng = random.Random(seed + 17)
    today = today or timezone.localdate(timezone=school.zone)
    conferences = (
        Conference.objects.filter(
            window__term__year__school=school, status__in=[Status.HELD, Status.NO_SHOW]
        )
        .select_related("student", "advisor", "window__term")
        .order_by("starts_at", "pk")
    )
    items, _tips = meeting_selectors.checklist_items(meetings.checklist_for(school))
    finished = final = 0
    for conference in conferences:
        advisor = conference.advisor
        meeting = meetings.meeting_for(conference=conference, by=advisor)
        held = conference.status == Status.HELD
        present = [
            a.pk
            for a in meeting.attendees.all()
            if held or a.kind in (AttendeeKind.ADVISOR, AttendeeKind.INTERPRETER)
        ]
        meetings.attendance_save(meeting=meeting, present_ids=present, by=advisor)
        if held:
            for item in items:
                meetings.coverage_save(
                    meeting=meeting, item=item, covered=True, notes=rng.choice(NOTES), by=advisor
                )
        meetings.meeting_finish(meeting=meeting, by=advisor)
        finished += 1
        if not held:
            continue
        preparation = conference.student.preparations.filter(term=conference.window.term).first()
        records.record_save(
            conference=conference,
            fields={
                "reflection": preparation.learned if preparation else "",
                "areas_for_growth": rng.choice(GROWTH),
                "long_term_goals": rng.choice(GOALS),
                "graduation_concerns": "",
                "benchmarks_reviewed": "Fall MAP reading and math: growth over last spring.",
                "family_actions": rng.choice(FAMILY),
            },
            interventions=[],
            steps=[
                records.StepRow(
                    what="Check in on the plan's first action step",
                    due_on=today + timedelta(days=14),
                    owner=advisor,
                )
            ],
            expected_revision=0,
            by=advisor,
        )
        records.record_finalize(conference=conference, by=advisor, notify=False)
        final += 1
    return {"meetings finished": finished, "meeting records final": final}
