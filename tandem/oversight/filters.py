"""The desk's filters (grade, advisor, support plan, the caregivers' language, one or two
households): parsed from the query string, written back to it, and applied to the student query
the compliance rows are built from, so the table, its lists and the exports filter alike."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from tandem.advisories.models import Advisory
from tandem.people.models import Guardianship, Student
from tandem.people.selectors import ONE_HOUSEHOLD, TWO_HOUSEHOLDS, lives_in_two_households

SUPPORTS = ("iep", "504", "est", "none")
HOUSEHOLDS = (ONE_HOUSEHOLD, TWO_HOUSEHOLDS)
NO_ADVISOR = "none"


@dataclass(frozen=True)
class Filters:
    """The desk's filters, parsed from (and written back to) the query string."""

    grade: int | None = None
    advisor: str = ""  # a user id, NO_ADVISOR or ""
    support: str = ""
    language: str = ""
    households: str = ""

    @classmethod
    def from_query(cls, query) -> Filters:
        grade = query.get("grade", "")
        advisor = query.get("advisor", "")
        support = query.get("support", "")
        households = query.get("households", "")
        language = query.get("language", "")
        return cls(
            grade=int(grade) if grade.isdigit() else None,
            advisor=advisor if advisor.isdigit() or advisor == NO_ADVISOR else "",
            support=support if support in SUPPORTS else "",
            language=language if language.isalpha() and len(language) <= 10 else "",
            households=households if households in HOUSEHOLDS else "",
        )

    def as_query(self) -> dict:
        pairs = {
            "grade": "" if self.grade is None else str(self.grade),
            "advisor": self.advisor,
            "support": self.support,
            "language": self.language,
            "households": self.households,
        }
        return {key: value for key, value in pairs.items() if value}


def filtered(students, filters: Filters, year):
    if filters.grade is not None:
        students = students.filter(grade=filters.grade)
    if filters.advisor:
        advised = Advisory.objects.current().filter(student=OuterRef("pk"), year=year)
        if filters.advisor == NO_ADVISOR:
            students = students.exclude(Exists(advised))
        else:
            students = students.filter(Exists(advised.filter(advisor_id=int(filters.advisor))))
    if filters.support == "iep":
        students = students.filter(has_iep=True)
    elif filters.support == "504":
        students = students.filter(has_504=True)
    elif filters.support == "est":
        students = students.filter(has_est=True)
    elif filters.support == "none":
        students = students.filter(has_iep=False, has_504=False, has_est=False)
    if filters.language:
        speaks = Guardianship.objects.filter(
            student=OuterRef("pk"), caregiver__preferred_language=filters.language
        )
        students = students.filter(Exists(speaks))
    if filters.households:
        two = lives_in_two_households()
        students = students.exclude(two) if filters.households == "one" else students.filter(two)
    return students


def grades_of(school) -> list[int]:
    return list(
        Student.objects.filter(school=school, is_active=True)
        .order_by("grade")
        .values_list("grade", flat=True)
        .distinct()
    )


def languages_of(school) -> list[tuple[str, str]]:
    """(code, name in the reader's language) of the caregivers' preferred languages."""
    from tandem.core import languages
    from tandem.people.models import Caregiver

    codes = (
        Caregiver.objects.filter(school=school, is_active=True)
        .order_by("preferred_language")
        .values_list("preferred_language", flat=True)
        .distinct()
    )
    return [(code, languages.name(code)) for code in codes]
