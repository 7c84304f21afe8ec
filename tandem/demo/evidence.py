"""Evidence for the demo school's review conferences: graduation credits on the competencies,
ratings (the competencies each plan targets, and earlier terms' mastery), test results over two
years, final narratives, panel notes, IEP goals with progress monitoring, interventions. Written
in bulk: the demo school has hundreds of students."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from tandem.advisories.models import Advisory
from tandem.evidence.models import (
    AssessmentResult,
    CompetencyRating,
    GraduationRule,
    IepGoal,
    Intervention,
    Narrative,
    PanelNote,
    ProgressPoint,
    Scale,
)
from tandem.people.models import Student
from tandem.plans.models import Competency, Plan, SectionKind
from tandem.schools.models import Role, StaffRole, Term

SUCCESSES = [
    "Took the lead in the group project and kept everyone on schedule.",
    "Read more on their own than ever before, and talked about it in advisory.",
    "Asked for help early in math and turned the quarter around.",
]
CHALLENGES = [
    "Late work piled up in October; a weekly planner check-in helped, and it got better.",
    "Speaking in front of the class is still hard; the exhibition practice runs helped some.",
    "Attendance dipped after the winter break; we are working on it with the family.",
]


def seed_demo_evidence(school, *, seed: int, today: date | None = None) -> dict[str, int]:
    rng = random.Random(seed + 11)
    today = today or timezone.localdate(timezone=school.zone)
    GraduationRule.objects.create(school=school, credits_required=Decimal(24))
    competencies = list(Competency.objects.filter(school=school))
    for competency in competencies:
        competency.counts_toward_graduation = True
        competency.credits = Decimal(2)
    Competency.objects.bulk_update(competencies, ["counts_toward_graduation", "credits"])
    terms = list(
        Term.objects.filter(year__school=school, starts_on__lte=today).order_by("starts_on")
    )
    if not terms:
        return {}
    term = terms[-1]
    coordinator = StaffRole.objects.filter(school=school, role=Role.COORDINATOR).first().user
    advisors = dict(
        Advisory.objects.current().filter(student__school=school).values_list("student", "advisor")
    )
    targeted = {}
    for plan in Plan.objects.filter(term=term).prefetch_related("sections"):
        for section in plan.sections.all():
            if section.kind == SectionKind.COMPETENCIES:
                targeted.setdefault(plan.student_id, []).extend(section.items)
    by_code = {c.code: c for c in competencies}
    students = list(Student.objects.filter(school=school, is_active=True))
    ratings, results, narratives, notes, goals, interventions = [], [], [], [], [], []
    for student in students:
        advisor_id = advisors.get(student.pk, coordinator.pk)
        rated = set()
        for code in targeted.get(student.pk, []):
            if code in by_code and code not in rated:
                rated.add(code)
                level = rng.choice(["in_progress", "in_progress", "mastered", "not_yet"])
                ratings.append(
                    CompetencyRating(
                        student=student,
                        competency=by_code[code],
                        term=term,
                        level=level,
                        rated_on=today,
                        rated_by_id=advisor_id,
                        evidence="Portfolio piece and advisor conference",
                    )
                )
        earlier = [c for c in competencies if c.code not in rated]
        for competency in rng.sample(earlier, k=min(len(earlier), max(0, student.grade - 8))):
            ratings.append(
                CompetencyRating(
                    student=student,
                    competency=competency,
                    term=terms[0],
                    level="mastered",
                    rated_on=terms[0].ends_on,
                    rated_by_id=advisor_id,
                )
            )
        # NWEA's 2020+ export: the test is the Course; Reading is a "Language Arts" subject.
        for subject, course in (("Mathematics", "Math K-12"), ("Language Arts", "Reading")):
            rit = rng.randint(190, 225)
            for days in (700, 520, 340, 160, 20):
                rit += rng.randint(-2, 7)
                taken_on = today - timedelta(days=days)
                results.append(
                    AssessmentResult(
                        student=student,
                        assessment="NWEA MAP Growth",
                        subject=subject,
                        test=course,
                        scale=Scale.RIT,
                        event_id=f"demo-{student.pk}-{course}-{taken_on:%Y%m%d}",
                        taken_on=taken_on,
                        term_name=f"{taken_on:%B %Y}",
                        score=Decimal(rit),
                        standard_error=Decimal("3.1"),
                        percentile=rng.randint(5, 95),
                        source="nwea",
                    )
                )
        if rng.random() < 0.6:
            narratives.append(
                Narrative(
                    student=student,
                    term=term,
                    successes=rng.choice(SUCCESSES),
                    challenges=rng.choice(CHALLENGES),
                    author_id=advisor_id,
                    finalized_at=timezone.now(),
                )
            )
        if rng.random() < 0.3:
            notes.append(
                PanelNote(
                    student=student,
                    term=term,
                    panelist="Community panel",
                    note="Clear presentation; push further on the evidence.",
                    created_by_id=advisor_id,
                )
            )
        if student.has_iep:
            goals.append(
                IepGoal(
                    student=student,
                    area="Reading fluency",
                    goal="Reads grade-level text aloud at 120 words per minute",
                    baseline=Decimal(rng.randint(70, 90)),
                    target=Decimal(120),
                    measure="words per minute",
                    starts_on=today - timedelta(days=120),
                    ends_on=today + timedelta(days=240),
                    created_by_id=student.case_manager_id or coordinator.pk,
                )
            )
        if rng.random() < 0.1:
            interventions.append(
                Intervention(
                    student=student,
                    area=rng.choice(["math", "ela", "credits", "attendance"]),
                    description="Twice-weekly small-group support",
                    owner_id=advisor_id,
                    starts_on=today - timedelta(days=30),
                    review_on=today + timedelta(days=30),
                    status="active",
                    created_by_id=advisor_id,
                )
            )
    CompetencyRating.objects.bulk_create(ratings, batch_size=2000)
    AssessmentResult.objects.bulk_create(results, batch_size=2000)
    Narrative.objects.bulk_create(narratives)
    PanelNote.objects.bulk_create(notes)
    IepGoal.objects.bulk_create(goals)
    Intervention.objects.bulk_create(interventions)
    points = [
        ProgressPoint(
            goal=goal,
            measured_on=today - timedelta(days=days),
            value=goal.baseline + step * rng.randint(2, 6),
            recorded_by_id=goal.created_by_id,
        )
        for goal in IepGoal.objects.filter(student__school=school)
        for step, days in enumerate((100, 70, 40, 10), start=1)
    ]
    ProgressPoint.objects.bulk_create(points)
    return {
        "competency ratings": len(ratings),
        "test results": len(results),
        "narratives": len(narratives),
        "IEP goals": len(goals),
        "interventions": len(interventions),
    }
