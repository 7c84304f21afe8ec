"""The graduation portfolio against the school's inclusion rubric: the one function that says,
rule by rule, what is met and what is missing (STYLE.md habit 11). The student's page, the
advisor's, the family's, the coordinator's list and the PDF all call `completeness`; none of
them counts on its own.

A school writes its rules (`InclusionRule`); a school with none uses DEFAULT_RULES: a piece for
each competency area, a reflection on each piece, a piece from each year at the school.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.schools import calendar

from .models import InclusionRule, RuleKind

DEFAULT_RULES = [(RuleKind.EACH_AREA, 1), (RuleKind.REFLECTION, 1), (RuleKind.EACH_YEAR, 1)]


@dataclass(frozen=True)
class Rule:
    kind: str
    number: int = 1

    @property
    def label(self) -> str:
        if self.kind == RuleKind.AT_LEAST:
            return ngettext("At least %(n)s piece", "At least %(n)s pieces", self.number) % {
                "n": self.number
            }
        return str(RuleKind(self.kind).label)


@dataclass
class RuleResult:
    rule: Rule
    missing: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return not self.missing

    @property
    def label(self) -> str:
        return self.rule.label


@dataclass
class Completeness:
    results: list[RuleResult]
    pieces: list  # the graduation portfolio's pieces

    @property
    def complete(self) -> bool:
        return all(r.met for r in self.results)

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.results if r.met)


def rules_for(school) -> list[Rule]:
    rows = InclusionRule.objects.filter(school=school).order_by("order", "pk")
    rules = [Rule(r.kind, r.number) for r in rows]
    return rules or [Rule(kind, number) for kind, number in DEFAULT_RULES]


def area_of(competency) -> str:
    """A competency's area: the framework item it came from sits under an area (its parent);
    a plain list's code names it before the dash ("ELA-2" is in "ELA")."""
    item = competency.framework_item
    if item is not None and item.parent_id is not None:
        parent = item.parent
        return parent.code or parent.statement[:80]
    code = competency.code.strip()
    return re.split(r"[-.\s_]", code, maxsplit=1)[0] or code


def school_areas(school) -> list[str]:
    from tandem.plans.models import Competency

    competencies = Competency.objects.filter(school=school, is_active=True).select_related(
        "framework_item__parent"
    )
    return sorted({area_of(c) for c in competencies})


def school_years(school) -> tuple[list, object]:
    """The school's years, oldest first, and the current one (read once for a whole list)."""
    from tandem.schools.models import AcademicYear

    years = list(AcademicYear.objects.filter(school=school).order_by("starts_on"))
    return years, calendar.current_year(school)


def years_at_school(student, years, current) -> list:
    """The school years the student has been at the school: from the year they entered (or the
    school's first) to the current one."""
    if current is None:
        return []
    return [
        y
        for y in years
        if y.starts_on <= current.starts_on
        and (student.entered_on is None or y.ends_on >= student.entered_on)
    ]


def completeness(*, rules, pieces, areas, years) -> Completeness:
    """Each rule met or missing, and what is missing. `pieces` are the graduation portfolio's
    pieces with their competencies prefetched (and each competency's framework item's parent);
    `areas` the school's competency areas; `years` the student's years at the school."""
    results = []
    for rule in rules:
        missing: list[str] = []
        if rule.kind == RuleKind.EACH_AREA:
            covered = {area_of(c) for p in pieces for c in p.competencies.all()}
            missing = [
                _("a piece for %(area)s") % {"area": area} for area in areas if area not in covered
            ]
        elif rule.kind == RuleKind.REFLECTION:
            if not pieces:
                missing = [_("no piece chosen yet")]
            missing += [
                _("a reflection on “%(title)s”") % {"title": p.title}
                for p in pieces
                if not p.reflection.strip()
            ]
        elif rule.kind == RuleKind.EACH_YEAR:
            missing = [
                _("a piece from %(year)s") % {"year": year.name}
                for year in years
                if not any(year.starts_on <= p.date <= year.ends_on for p in pieces)
            ]
        elif rule.kind == RuleKind.AT_LEAST and len(pieces) < rule.number:
            lack = rule.number - len(pieces)
            missing = [ngettext("%(n)s more piece", "%(n)s more pieces", lack) % {"n": lack}]
        results.append(RuleResult(rule, missing))
    return Completeness(results, list(pieces))


def student_completeness(student) -> Completeness:
    """The completeness of one student's graduation portfolio (its pages and the PDF)."""
    return school_completeness(student.school, [student])[student.pk]


def school_completeness(school, students) -> dict[int, Completeness]:
    """The completeness of each student's graduation portfolio, in a fixed number of queries
    (the coordinator's list)."""
    from .selectors import graduation_pieces

    rules = rules_for(school)
    areas = school_areas(school)
    years, current = school_years(school)
    pieces = graduation_pieces(students)
    return {
        s.pk: completeness(
            rules=rules,
            pieces=pieces.get(s.pk, []),
            areas=areas,
            years=years_at_school(s, years, current),
        )
        for s in students
    }
