"""Reads for the evidence pages, each in a fixed number of queries whatever the school's size:
the credit report, the narrative, interventions, and the review packet (growth on tests is
growth.py's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.plans.models import Competency, Plan, SectionKind
from tandem.schools.models import Term
from tandem.transcripts.selectors import DiplomaProgress, diploma_progress

from .models import (
    CompetencyRating,
    GraduationRule,
    Intervention,
    Level,
    Narrative,
    PanelNote,
)

DEFAULT_CREDITS_REQUIRED = GraduationRule._meta.get_field("credits_required").default


def school_terms(school) -> list[Term]:
    return list(
        Term.objects.filter(year__school=school).select_related("year").order_by("-starts_on")
    )


def pick_term(terms: list[Term], term_id=None) -> Term | None:
    """The term asked for, or the latest one that has started (the term under review)."""
    if term_id not in (None, ""):
        for term in terms:
            if str(term.pk) == str(term_id):
                return term
    today = timezone.localdate()
    started = [t for t in terms if t.starts_on <= today]
    return (started or terms or [None])[0]


@dataclass
class Standing:
    competency: Competency
    level: str = ""  # "" when not rated yet
    rating: CompetencyRating | None = None

    @property
    def level_label(self) -> str:
        return Level(self.level).label if self.level else _("Not rated yet")


@dataclass
class CreditReport:
    term: Term
    targeted: list[Standing] = field(default_factory=list)
    mastered: list[Standing] = field(default_factory=list)
    in_progress: list[Standing] = field(default_factory=list)
    panel_notes: list[PanelNote] = field(default_factory=list)
    credits_earned: Decimal = Decimal(0)
    credits_required: Decimal = DEFAULT_CREDITS_REQUIRED
    credits_expected: Decimal | None = None  # by the end of this term, to be on track
    has_plan: bool = False
    # Courses and competencies toward the school's diploma (transcripts.selectors).
    diploma: DiplomaProgress | None = None

    @property
    def on_track(self) -> bool | None:
        if self.diploma is not None:
            return self.diploma.on_track
        if self.credits_expected is None:
            return None
        return self.credits_earned >= self.credits_expected

    @property
    def credits_short(self) -> Decimal:
        if self.credits_expected is None:
            return Decimal(0)
        return max(Decimal(0), self.credits_expected - self.credits_earned)

    @property
    def is_empty(self) -> bool:
        return not (self.targeted or self.mastered or self.in_progress or self.panel_notes)


def expected_credits(student, term: Term, required: Decimal) -> Decimal | None:
    """Credits a student should have by the end of `term` to graduate on time: an even share of
    the requirement per high-school year (grades 9–12), pro rata inside the year. None before
    grade 9: middle school earns no graduation credit."""
    if student.grade < 9:
        return None
    year = term.year
    length = max((year.ends_on - year.starts_on).days, 1)
    done = min(max((term.ends_on - year.starts_on).days / length, 0), 1)
    years = min(student.grade - 9, 3) + done
    return (required * Decimal(str(years)) / 4).quantize(Decimal("0.01"))


def targeted_codes(student, term) -> tuple[bool, list[str]]:
    """The competency codes the term's PLP targets (its competencies sections)."""
    plan = (
        Plan.objects.filter(student=student, term=term)
        .prefetch_related("sections")
        .only("pk", "state")
        .first()
    )
    if plan is None:
        return False, []
    codes = []
    for section in plan.sections.all():
        if section.kind == SectionKind.COMPETENCIES:
            codes += [str(code) for code in section.items]
    return True, list(dict.fromkeys(codes))


def mastered_of(ratings) -> dict[int, CompetencyRating]:
    """The one rule of mastery: a competency is mastered once any of the student's ratings of it
    says Mastered (a later, lower rating does not take the credit back). `ratings` in the order
    they were given (term, date); the answer is the first mastering rating per competency id.
    The credit report counts these; credentials (tandem.credentials) are issued for them."""
    found: dict[int, CompetencyRating] = {}
    for rating in ratings:
        if rating.level == Level.MASTERED:
            found.setdefault(rating.competency_id, rating)
    return found


def masteries(student) -> dict[int, CompetencyRating]:
    """Every competency the student has mastered so far, with the rating that mastered it."""
    ratings = (
        CompetencyRating.objects.filter(student=student)
        .select_related("competency__framework_item__framework", "term")
        .order_by("term__starts_on", "rated_on", "pk")
    )
    return mastered_of(ratings)


def credit_report(student, term: Term) -> CreditReport:
    report = CreditReport(term=term)
    report.has_plan, codes = targeted_codes(student, term)
    ratings = (
        CompetencyRating.objects.filter(student=student, term__starts_on__lte=term.starts_on)
        .select_related("competency", "term", "rated_by")
        .order_by("term__starts_on", "rated_on", "pk")
    )
    latest: dict[int, CompetencyRating] = {}
    ratings = list(ratings)
    for rating in ratings:
        latest[rating.competency_id] = rating  # later terms overwrite earlier ones
    earned = set(mastered_of(ratings))
    standings = {
        rating.competency.code: Standing(rating.competency, rating.level, rating)
        for rating in latest.values()
    }
    missing = [code for code in codes if code not in standings]
    if missing:
        for competency in Competency.objects.filter(school_id=student.school_id, code__in=missing):
            standings[competency.code] = Standing(competency)
    report.targeted = [standings[code] for code in codes if code in standings]
    report.mastered = sorted(
        (s for s in standings.values() if s.level == Level.MASTERED),
        key=lambda s: s.competency.code,
    )
    report.in_progress = sorted(
        (s for s in standings.values() if s.level == Level.IN_PROGRESS),
        key=lambda s: s.competency.code,
    )
    report.credits_earned = sum(
        (
            latest[cid].competency.credits
            for cid in earned
            if latest[cid].competency.counts_toward_graduation
        ),
        Decimal(0),
    )
    rule = GraduationRule.objects.filter(school_id=student.school_id).first()
    report.credits_required = rule.credits_required if rule else DEFAULT_CREDITS_REQUIRED
    report.credits_expected = expected_credits(student, term, report.credits_required)
    report.diploma = diploma_progress(
        student,
        competency_credits=report.credits_earned,
        credits_required=report.credits_required,
        expected=lambda required: expected_credits(student, term, required),
    )
    report.credits_earned = report.diploma.total.earned  # courses and competencies
    report.panel_notes = list(PanelNote.objects.filter(student=student, term=term))
    return report


def narrative_of(student, term, *, final_only: bool) -> Narrative | None:
    narratives = Narrative.objects.filter(student=student, term=term).select_related("author")
    if final_only:
        narratives = narratives.filter(finalized_at__isnull=False)
    return narratives.first()


def interventions_of(student) -> list[Intervention]:
    return list(Intervention.objects.filter(student=student).select_related("owner"))
