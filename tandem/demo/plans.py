"""Learning plans for the demo school: a competency list, last year's plans of the returning
students, this year's yearly plans (initial PLP or annual update, mostly approved or running)
and this term's plans in every state, written through the same services the pages use (no
e-mail is sent for them)."""

import random
from datetime import date, timedelta

from django.utils import timezone

from tandem.advisories.models import Advisory
from tandem.people.models import Guardianship
from tandem.plans import approvals, services
from tandem.plans import selectors as plan_selectors
from tandem.plans.models import Competency, PlanKind, PlanState
from tandem.schools import calendar
from tandem.schools.models import AcademicYear, Term

from . import generator as demo
from . import spanish

COMPETENCIES = [
    ("ELA-1", "Reads closely to find evidence and make inferences"),
    ("ELA-2", "Writes arguments supported by evidence"),
    ("ELA-3", "Presents ideas clearly to an audience"),
    ("MATH-1", "Models real situations with equations and functions"),
    ("MATH-2", "Reasons with data and statistics"),
    ("MATH-3", "Solves multi-step problems and checks the answer"),
    ("SCI-1", "Designs and carries out an investigation"),
    ("SCI-2", "Explains phenomena using scientific models"),
    ("SOC-1", "Analyzes sources from different perspectives"),
    ("SOC-2", "Takes informed action in the community"),
    ("HAB-1", "Plans and manages time toward a goal"),
    ("HAB-2", "Asks for and uses feedback"),
]
HOPES = [
    "Bring my math grade up and finish every assignment on time.",
    "Read two books I choose myself and write about them.",
    "Get ready for the science fair with a real experiment.",
    "Speak up more in class discussions.",
    "Earn the credits I missed last year.",
]
LEARN_BEST = [
    "Hands-on projects, working with one or two classmates.",
    "When I can see an example first and then try it.",
    "Quiet space and music with headphones.",
    "Short breaks between tasks, and a checklist.",
]
STEPS = [
    ("Go to math tutoring on Tuesdays", "Student"),
    ("Check the planner every Friday with my advisor", "Student and advisor"),
    ("Read 20 minutes at home each night", "Student and family"),
    ("Email the science teacher about the project plan", "Student"),
]


# The yearly plan (initial PLP for a new student, annual update for a returning one) by the
# demo's today: most are approved or running, a few still being written or with the family.
YEARLY_STATES = [
    (0.04, None),  # not started: a late arrival, an advisor behind
    (0.10, PlanState.DRAFT),
    (0.13, PlanState.READY),
    (0.20, PlanState.SHARED),
    (0.23, PlanState.NEEDS_REVISION),
    (0.62, PlanState.APPROVED),
    (1.00, PlanState.ACTIVE),
]
# Of the students above the school's first grade, this share were here last year.
RETURNING = 0.9


def seed_demo_plans(school, *, seed: int, today: date | None = None) -> dict[str, int]:
    """The competency list; last year's plans of the returning students; this year's yearly
    plan (in the year's first term, of the kind `calendar.yearly_plan_kind` asks for); and,
    after the first term, this term's plans. Returns this year's plans by state."""
    rng = random.Random(seed + 7)
    Competency.objects.bulk_create(
        Competency(school=school, code=code, **spanish.statement(code, statement))
        for code, statement in COMPETENCIES
    )
    # The template's sections in Spanish too, before any plan copies them.
    spanish.translate_template(services.template_for(school))
    today = today or calendar.today(school)
    term = calendar.current_term(school, today)
    counts = dict.fromkeys(PlanState.values, 0)
    if term is None:
        return counts
    advisories = list(
        Advisory.objects.current()
        .filter(year=term.year)
        .select_related("student", "advisor")
        .order_by("pk")
    )
    featured = _featured_student_ids()
    first_grade = min((a.student.grade for a in advisories), default=None)
    returning = {
        a.student.pk
        for a in advisories
        if a.student.grade != first_grade and (a.student.pk in featured or rng.random() < RETURNING)
    }
    _last_year(school, term.year, [a for a in advisories if a.student.pk in returning], rng)
    first_term = Term.objects.filter(year=term.year).order_by("starts_on").first()
    for advisory in advisories:
        student, advisor = advisory.student, advisory.advisor
        kind = calendar.yearly_plan_kind(returning=student.pk in returning)
        if term == first_term and student.pk in featured:
            target = PlanState.SHARED  # the demo family has a plan waiting for them
        else:
            roll = rng.random()
            target = next(state for limit, state in YEARLY_STATES if roll < limit)
        if target is not None:
            _plan(student, advisor, first_term, kind, target, rng, today=today)
            counts[target] += 1
        if term == first_term:
            continue
        roll = rng.random()
        if student.pk in featured:
            target = PlanState.SHARED  # the demo family has a plan waiting for them
        elif roll < 0.45:
            continue  # not started yet: early in the term, many plans are not
        elif roll < 0.65:
            target = PlanState.DRAFT
        elif roll < 0.72:
            target = PlanState.READY
        elif roll < 0.85:
            target = PlanState.SHARED
        elif roll < 0.9:
            target = PlanState.NEEDS_REVISION
        else:
            target = PlanState.APPROVED
        _plan(student, advisor, term, PlanKind.TERM, target, rng, today=today)
        counts[target] += 1
    return counts


def _plan(student, advisor, term, kind, target, rng, *, today: date):
    plan = services.plan_create(student=student, term=term, kind=kind, by=advisor)
    _write(plan, rng, advisor, student, complete=target != PlanState.DRAFT, today=today)
    if target != PlanState.DRAFT:
        _advance(plan, target, advisor, student, today=today)
    return plan


def _last_year(school, year, advisories, rng) -> None:
    """The academic year before `year` (its terms only) and, for each returning student of
    `advisories`, last spring's plan, approved and closed when that term ended: the plan that
    makes them returning students, who owe an annual update rather than an initial PLP."""
    if not advisories:
        return
    starts, ends = demo.school_year(year.starts_on - timedelta(days=120))
    last = AcademicYear.objects.create(
        school=school, name=f"{starts.year}–{ends.year}", starts_on=starts, ends_on=ends
    )
    terms = Term.objects.bulk_create(
        Term(year=last, **spanish.term_name(name), starts_on=first, ends_on=final)
        for name, (first, final) in zip(
            ["Fall", "Winter", "Spring"], demo.split_dates(starts, ends, 3), strict=True
        )
    )
    spring = terms[-1]
    for advisory in advisories:
        plan = _plan(
            advisory.student,
            advisory.advisor,
            spring,
            PlanKind.TERM,
            PlanState.APPROVED,
            rng,
            today=spring.starts_on,
        )
        services.plan_close(plan=plan, by=None)


def _featured_student_ids() -> set[int]:
    return set(
        Guardianship.objects.filter(
            caregiver__email__in=[demo.FAMILY_EMAIL, demo.FAMILIA_EMAIL],
            has_educational_rights=True,
        ).values_list("student_id", flat=True)
    )


def _write(plan, rng, advisor, student, *, complete: bool, today: date) -> None:
    author = student.user or advisor
    for section in plan.sections.all():
        if not complete and section.key != "hopes_goals":
            continue
        body, items = "", []
        if section.key == "hopes_goals":
            body = rng.choice(HOPES)
        elif section.key == "learn_best":
            body = rng.choice(LEARN_BEST)
        elif section.kind == "competencies":
            items = [code for code, _s in rng.sample(COMPETENCIES, 2)]
        elif section.kind == "action_steps":
            due = (today + timedelta(days=rng.randint(14, 60))).isoformat()
            items = [{"what": what, "who": who, "by": due} for what, who in rng.sample(STEPS, 2)]
        else:
            continue
        services.section_save(
            plan=plan, key=section.key, body=body, items=items, expected_revision=0, by=author
        )


def _advance(plan, target, advisor, student, *, today: date) -> None:
    services.plan_mark_ready(plan=plan, by=student.user or advisor, as_student=True)
    services.plan_mark_ready(plan=plan, by=advisor, as_student=False)
    if target == PlanState.READY:
        return
    services.plan_share(plan=plan, by=advisor, notify=False)
    if target == PlanState.NEEDS_REVISION:
        approvals.revision_plan_create(
            plan=plan,
            changes="The family asked for a reading goal at home.",
            owner=advisor,
            due_on=today + timedelta(days=5),
            review_on=today + timedelta(days=10),
            by=advisor,
        )
    elif target in (PlanState.APPROVED, PlanState.ACTIVE):
        for guardianship in plan_selectors.caregivers_with_rights(plan):
            if plan_selectors.approval_rule_met(plan, services.latest_version(plan)):
                break
            approvals.approval_record(
                plan=plan,
                caregiver=guardianship.caregiver,
                version_number=1,
                method="verbal",
                approved_at=timezone.now(),
                note="At the review conference.",
                attachment=None,
                by=advisor,
            )
        if target == PlanState.ACTIVE:
            services.plan_activate(plan=plan, by=advisor)
