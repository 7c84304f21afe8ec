"""Reads: a student's transcript, the school's diploma, and the student's progress toward it.

`diploma_progress` is the one home of "how far along is this student toward the diploma": the
credit report (page, review packet, PDF, the family's page) and the conference agenda all show
what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from .models import CourseRecord, DiplomaRequirement
from .subjects import area_key

ZERO = Decimal(0)


def requirements_of(school) -> list[DiplomaRequirement]:
    return list(DiplomaRequirement.objects.filter(school=school))


def areas_in_use(school, requirements: list[DiplomaRequirement]) -> list[tuple[str, str]]:
    """(subject area, the requirement that counts it, or "") for each area the school's course
    records name: what the coordinator maps when setting up the diploma."""
    owner: dict[str, str] = {}
    for requirement in requirements:
        for name in requirement.area_names():
            owner.setdefault(area_key(name), requirement.name)
    names = (
        CourseRecord.objects.filter(student__school=school)
        .order_by("subject_area")
        .values_list("subject_area", flat=True)
        .distinct()
    )
    return [(name, owner.get(area_key(name), "")) for name in names]


def transcript_of(student) -> list[CourseRecord]:
    """Every course the student took or is taking, oldest school year first."""
    return list(CourseRecord.objects.filter(student=student))


@dataclass
class Progress:
    """Credits toward one requirement (a subject area, or the diploma's total)."""

    name: str  # the requirement's name in the reader's language; "" for the diploma's total
    required: Decimal
    earned: Decimal = ZERO
    in_progress: Decimal = ZERO  # attempted in courses not graded yet
    expected: Decimal | None = None  # by the end of the term, to be on track; None before 9
    courses: list[CourseRecord] = field(default_factory=list)
    requirement: DiplomaRequirement | None = None  # {{ p.requirement|tr:"name" }} marks a fallback

    @property
    def met(self) -> bool:
        return self.earned >= self.required

    @property
    def missing(self) -> Decimal:
        """Still to earn to graduate."""
        return max(ZERO, self.required - self.earned)

    @property
    def short(self) -> Decimal:
        """Still to earn to be on track by the end of the term."""
        if self.expected is None:
            return ZERO
        return max(ZERO, self.expected - self.earned)

    @property
    def on_track(self) -> bool | None:
        if self.expected is None:
            return None
        return self.earned >= self.expected

    @property
    def percent(self) -> int:
        """How full the requirement is, for the bar (0–100)."""
        if not self.required:
            return 100
        return int(min(self.earned / self.required, 1) * 100)


@dataclass
class DiplomaProgress:
    areas: list[Progress]
    total: Progress
    competency_credits: Decimal  # from mastered competencies that count
    course_credits: Decimal  # earned in courses
    electives: Decimal  # course credits no subject-area requirement counts
    courses: list[CourseRecord]

    @property
    def on_track(self) -> bool | None:
        """On track only if the total and every subject area are."""
        flags = [p.on_track for p in [self.total, *self.areas]]
        if flags[0] is None:
            return None
        return all(flags)

    @property
    def behind(self) -> list[Progress]:
        return [p for p in [*self.areas, self.total] if p.on_track is False]

    @property
    def missing(self) -> list[Progress]:
        """Requirements not met yet, subject areas first: what the student still needs."""
        return [p for p in [*self.areas, self.total] if not p.met]


def diploma_progress(
    student,
    *,
    competency_credits: Decimal,
    credits_required: Decimal,
    expected: Callable[[Decimal], Decimal | None],
    courses: list[CourseRecord] | None = None,
    requirements: list[DiplomaRequirement] | None = None,
) -> DiplomaProgress:
    """The student's credits toward each requirement of the school's diploma and its total.

    A course's earned credits count toward the requirement whose subject areas name the
    course's area (the first one, in the school's order) and toward the total; credits beyond
    what an area requires are electives, still in the total. Mastered competencies count toward
    the total only. `expected(required)` is how many of `required` credits the student should
    have by the end of the term (`evidence.selectors.expected_credits`)."""
    courses = transcript_of(student) if courses is None else courses
    requirements = requirements_of(student.school_id) if requirements is None else requirements
    areas = [
        Progress(r.name, r.credits, expected=expected(r.credits), requirement=r)
        for r in requirements
    ]
    owner: dict[str, Progress] = {}
    for requirement, progress in zip(requirements, areas, strict=True):
        for name in requirement.area_names():
            owner.setdefault(area_key(name), progress)
    total = Progress("", credits_required, expected=expected(credits_required))
    course_credits = electives = ZERO
    for course in courses:
        progress = owner.get(area_key(course.subject_area))
        course_credits += course.credits_earned
        if course.in_progress:
            total.in_progress += course.credits_attempted
        if progress is None:
            electives += course.credits_earned
            continue
        progress.courses.append(course)
        if course.in_progress:
            progress.in_progress += course.credits_attempted
        else:
            room = max(ZERO, progress.required - progress.earned)
            progress.earned += min(room, course.credits_earned)
            electives += max(ZERO, course.credits_earned - room)
    total.earned = course_credits + competency_credits
    return DiplomaProgress(
        areas=areas,
        total=total,
        competency_credits=competency_credits,
        course_credits=course_credits,
        electives=electives,
        courses=courses,
    )
