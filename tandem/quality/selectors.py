"""Reads for plan quality, each in a fixed number of queries.

Every number on the quality overview is a count or an average of the rows `scores` returns
with the same filters, and each links to that list (STYLE.md habit 12).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Subquery

from tandem.accounts.models import User
from tandem.advisories.models import Advisory
from tandem.core.collation import by_name
from tandem.core.policy import OVERSIGHT_ROLES, advisee_q, schools_with_role
from tandem.people.models import Student
from tandem.plans.models import Plan, PlanVersion
from tandem.schools.models import Role, StaffRole

from .models import Criterion, Review, Sample, Score


@dataclass(frozen=True)
class Candidate:
    plan_id: int
    advisor_id: int
    version_id: int


def sample_candidates(term) -> dict[int, Candidate]:
    """The term's plans that were shared at least once (they have a frozen version), with their
    latest version and the student's advisor for the year — an advisor who still holds the
    advisor role at the school (policy: a staff relation counts only while the role does)."""
    school_id = term.year.school_id
    latest = PlanVersion.objects.filter(plan=OuterRef("pk")).order_by("-number").values("pk")[:1]
    advisor = (
        Advisory.objects.filter(student=OuterRef("student_id"), year=term.year, ended_at=None)
        .filter(
            Exists(
                StaffRole.objects.filter(
                    user=OuterRef("advisor_id"), school_id=school_id, role=Role.ADVISOR
                )
            )
        )
        .values("advisor_id")[:1]
    )
    rows = (
        Plan.objects.filter(term=term, student__school_id=school_id)
        .annotate(version_id=Subquery(latest), advisor_id=Subquery(advisor))
        .filter(version_id__isnull=False, advisor_id__isnull=False)
        .values_list("pk", "advisor_id", "version_id")
    )
    return {pk: Candidate(pk, advisor_id, version_id) for pk, advisor_id, version_id in rows}


def peer_reviewers(school) -> list[User]:
    """The school's advisors in the order peer review deals plans out (by name)."""
    return list(
        User.objects.filter(
            is_active=True, staff_roles__school=school, staff_roles__role=Role.ADVISOR
        )
        .distinct()
        .order_by(*by_name("full_name"), "pk")
    )


def _reviews():
    return Review.objects.select_related(
        "plan__student", "plan__term", "advisor", "reviewer", "version", "sample__term"
    )


def sample_reviews(sample: Sample) -> list[Review]:
    return list(_reviews().filter(sample=sample).order_by("advisor__full_name", "advisor_id", "id"))


def rubric_criteria(rubric) -> list[Criterion]:
    """Every criterion (in use first, then retired) with its descriptors, in two queries."""
    criteria = list(rubric.criteria.prefetch_related("descriptors"))
    return sorted(criteria, key=lambda c: (c.retired_at is not None, c.order, c.pk))


def my_reviews(user) -> list[Review]:
    """The reviews assigned to a peer reviewer, at schools where they advise now, leaving out
    any plan of a student they now advise."""
    schools = schools_with_role(user, {Role.ADVISOR})
    return list(
        _reviews()
        .filter(reviewer=user, sample__school_id__in=schools)
        .exclude(plan__student__in=Student.objects.filter(advisee_q(user)))
        .order_by("submitted_at", "-sample__term__starts_on", "id")
    )


def feedback_of(user) -> list[Review]:
    """Submitted reviews of the plans of the advisor's own advisees (the advisor the sample
    was drawn under, who still advises the student)."""
    return list(
        _reviews()
        .filter(advisor=user, submitted_at__isnull=False)
        .filter(plan__student__in=Student.objects.filter(advisee_q(user)))
        .order_by("-submitted_at", "-id")
    )


def scores(school, *, advisor=None, criterion=None, term=None) -> list[Score]:
    """The scores of submitted reviews at the school, newest term first (one query)."""
    found = Score.objects.filter(
        review__sample__school=school, review__submitted_at__isnull=False
    ).select_related(
        "criterion",
        "review__plan__student",
        "review__advisor",
        "review__reviewer",
        "review__submitted_by",
        "review__sample__term",
    )
    if advisor is not None:
        found = found.filter(review__advisor_id=advisor)
    if criterion is not None:
        found = found.filter(criterion_id=criterion)
    if term is not None:
        found = found.filter(review__sample__term_id=term)
    return list(
        found.order_by(
            "-review__sample__term__starts_on", "review__advisor__full_name", "review_id"
        )
    )


def average(levels: list[int]) -> Decimal | None:
    if not levels:
        return None
    return (Decimal(sum(levels)) / len(levels)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Cell:
    criterion_id: int
    term_id: int
    levels: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.levels)

    @property
    def average(self) -> Decimal | None:
        return average(self.levels)


@dataclass
class Overview:
    terms: list  # the terms with a sample, oldest first
    criteria: list  # in use, then retired ones that have scores
    rows: list  # (criterion, [Cell per term])
    advisors: list  # advisors with a submitted review, for the filter
    reviews_total: int


def overview(school, rubric, *, advisor=None) -> Overview:
    """Average level and count of scores by criterion over terms, school-wide or for one
    advisor: rubric criteria, sampled terms, scores and the advisor list — four queries."""
    criteria = list(rubric.criteria.all())
    terms = [
        sample.term
        for sample in Sample.objects.filter(school=school)
        .select_related("term")
        .order_by("term__starts_on")
    ]
    found = scores(school, advisor=advisor)
    cells = {(c.pk, t.pk): Cell(c.pk, t.pk) for c in criteria for t in terms}
    scored = set()
    reviews = set()
    for score in found:
        cell = cells.get((score.criterion_id, score.review.sample.term_id))
        if cell is not None:
            cell.levels.append(score.level)
        scored.add(score.criterion_id)
        reviews.add(score.review_id)
    shown = [c for c in criteria if c.retired_at is None or c.pk in scored]
    shown.sort(key=lambda c: (c.retired_at is not None, c.order, c.pk))
    advisors = list(
        User.objects.filter(
            plan_quality_feedback__sample__school=school,
            plan_quality_feedback__submitted_at__isnull=False,
        )
        .distinct()
        .order_by(*by_name("full_name"), "pk")
    )
    return Overview(
        terms=terms,
        criteria=shown,
        rows=[(c, [cells[(c.pk, t.pk)] for t in terms]) for c in shown],
        advisors=advisors,
        reviews_total=len(reviews),
    )


def oversees(user, school_id) -> bool:
    return school_id in schools_with_role(user, OVERSIGHT_ROLES)
