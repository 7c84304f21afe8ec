"""Course records from a package: each student enrollment in a scheduled class becomes a course
record (the course, its subject area, school year, term and credits), graded when the
gradebook has the class's final grade for the student.

- The course: courses.csv `courseCode` (else its sourcedId) and `title`; the subject area is
  its first `subjects` entry, else the SCED area of its first `subjectCodes` entry (the class's
  when the course has none).
- The school year and term: the class's `termSourcedIds` (a single term, semester or grading
  period names the term; a school year, or several terms, is the whole year).
- Credits attempted: `metadata.credits` of the class, else of the course, else 0.
- The grade: the result on the class's final-grade line item (`oneroster.courses.FINAL_TITLES`),
  when `scoreStatus` is "fully graded": its `textScore`, else its score. A class with a final
  line item per grading period (an academicSession) gives a record per period, the class's
  credits shared between them.
- Credits earned: `metadata.creditsEarned` of the result when given; else all the credits for
  a passing grade and none for a failing one (`earns_credit`); none while in progress.

The roster never removes a finished course: a full (bulk) enrollments.csv that no longer lists a
course in progress removes it (the student dropped the class), as a delta's `tobedeleted`
enrollment does.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from tandem.transcripts.models import CourseRecord
from tandem.transcripts.subjects import area_of
from tandem.transcripts.writes import CourseLine, Prune, drop_courses, write_courses

from .apply import Context
from .oneroster import ABSENT, BULK, FinalGrade, FinalItem, Package, SchoolClass

ZERO = Decimal(0)
TWO_PLACES = Decimal("0.01")
# Grades that earn no credit (compared in capitals, without a trailing + or -).
FAILING = {
    "F",
    "E",
    "U",
    "NC",
    "NP",
    "NG",
    "FAIL",
    "FAILED",
    "I",
    "INC",
    "INCOMPLETE",
    "W",
    "WF",
    "WD",
}
PASSING_SHARE = Decimal("0.6")  # a numeric grade passes at 60 % of the line item's range


def earns_credit(grade: FinalGrade, item: FinalItem) -> bool:
    """A letter grade passes unless it is one of FAILING; a score passes at PASSING_SHARE of
    the line item's range (resultValueMin to resultValueMax)."""
    if grade.text.upper().rstrip("+-") in FAILING:
        return False
    if grade.score is not None and grade.text == format(grade.score.normalize(), "f"):
        return (grade.score - item.low) >= PASSING_SHARE * (item.high - item.low)
    return True


class Offering:
    """One class as its students' course records see it."""

    __slots__ = ("school_id", "code", "title", "area", "year", "slots", "ungraded")

    def __init__(self, school_id, code, title, area, year, slots):
        self.school_id = school_id
        self.code, self.title, self.area, self.year = code, title, area, year
        # (final line item sourcedId or None, term, credits attempted), one per record.
        self.slots: list[tuple[str | None, str, Decimal]] = slots
        # Each slot's course line before a grade: shared by all the class's students.
        self.ungraded = [
            CourseLine(code, title, area, year, term, "", attempted, ZERO)
            for _item, term, attempted in slots
        ]


class CourseStep:
    def __init__(self, ctx: Context, students: dict[tuple[int, str], int]):
        self.ctx = ctx
        self.package: Package = ctx.package
        self.report = ctx.report
        self.students = students  # (school id, student sourcedId) -> Student id

    def run(self) -> None:
        package = self.package
        if package.mode("enrollments") == ABSENT:
            return  # courses come with enrollments; a package without them changes none
        offerings = self.offerings()
        prune = None
        if package.mode("enrollments") == BULK:
            years = frozenset(offering.year for offering in offerings.values())
            prune = Prune(source=CourseRecord.Source.ONEROSTER, years=years)
        write_courses(
            self.lines(offerings, every_student=prune is not None),
            source=CourseRecord.Source.ONEROSTER,
            report=self.report,
            prune=prune,
        )
        self.unenroll(offerings)

    # -- Classes -----------------------------------------------------------------------------

    def offerings(self) -> dict[str, Offering]:
        package, ignored = self.package, self.report.ignored
        finals: dict[str, list[tuple[str, FinalItem]]] = defaultdict(list)
        for sid, item in sorted(package.final_items.items(), key=lambda pair: pair[1].row):
            finals[item.school_class].append((sid, item))
        offerings = {}
        for sid, school_class in package.classes.items():
            if school_class.deleted:
                continue
            if school_class.kind == "homeroom":
                ignored["classes_homeroom"] += 1
                continue
            school = self.ctx.schools.get(school_class.school)
            if school is None:
                continue  # another school's class (the page imports one school)
            course = package.courses.get(school_class.course)
            year = self.school_year(school_class)
            if course is None or course.deleted or not year:
                ignored["classes_without_course"] += 1
                continue
            credits = school_class.credits if school_class.credits is not None else course.credits
            credits = credits or ZERO
            term = self.term_of(school_class)
            slots = []
            items = finals.get(sid, [])
            share = (credits / len(items)).quantize(TWO_PLACES) if items else credits
            for item_sid, item in items:
                period = package.sessions.get(item.period)
                title = period.title[:60] if period and period.type != "schoolYear" else term
                if all(slot[1] != title for slot in slots):
                    slots.append((item_sid, title, share))
            offerings[sid] = Offering(
                school_id=school.pk,
                code=(course.code or course.sourced_id)[:60],
                title=course.title[:200],
                area=area_of(
                    course.subjects or school_class.subjects,
                    course.subject_codes or school_class.subject_codes,
                ),
                year=year,
                slots=slots or [(None, term, credits)],
            )
        return offerings

    def school_year(self, school_class: SchoolClass) -> int:
        sessions = self.package.sessions
        for sid in school_class.terms:
            session = sessions.get(sid)
            if session is not None and session.school_year:
                return session.school_year
        course = self.package.courses.get(school_class.course)
        session = sessions.get(course.school_year) if course else None
        return session.school_year if session else 0

    def term_of(self, school_class: SchoolClass) -> str:
        """A single term, semester or grading period names the term; else the whole year."""
        if len(school_class.terms) != 1:
            return ""
        session = self.package.sessions.get(school_class.terms[0])
        if session is None or session.type == "schoolYear":
            return ""
        return session.title[:60]

    # -- Students ----------------------------------------------------------------------------

    def lines(self, offerings: dict[str, Offering], *, every_student: bool):
        """(student id, course lines) for each student with enrollments, then, for a full
        roster, every other student of the schools (so their dropped courses go)."""
        package, ignored = self.package, self.report.ignored
        items = package.final_items
        done = set()
        for sid, class_ids in package.enrolled.items():
            mine: dict[int, dict[tuple, CourseLine]] = defaultdict(dict)
            for class_id in class_ids:
                offering = offerings.get(class_id)
                if offering is None:
                    continue
                student = self.students.get((offering.school_id, sid))
                if student is None:
                    ignored["enrollments_without_student"] += 1
                    continue
                for (item_sid, _term, attempted), ungraded in zip(
                    offering.slots, offering.ungraded, strict=True
                ):
                    line = ungraded  # one tuple for every student not graded yet
                    result = package.final_grade(sid, item_sid) if item_sid else None
                    if result is not None and result.graded and result.text:
                        grade, earned = self.graded(result, items[item_sid], attempted)
                        line = ungraded._replace(grade=grade, credits_earned=earned)
                    lines = mine[student]
                    # Two sections of one course in one term (a change of section): the graded
                    # one, else the first.
                    if line.key not in lines or (line.grade and not lines[line.key].grade):
                        lines[line.key] = line
            for student, lines in mine.items():
                done.add(student)
                yield student, list(lines.values())
        if every_student:
            for student in self.students.values():
                if student not in done:
                    yield student, []

    def graded(self, result: FinalGrade, item: FinalItem, attempted: Decimal):
        if result.earned is None:
            return result.text, attempted if earns_credit(result, item) else ZERO
        if result.earned > attempted:
            self.report.error(
                "results.csv",
                result.row,
                "metadata.creditsEarned",
                _("%(earned)s credits earned, but the class is worth %(credits)s.")
                % {"earned": result.earned, "credits": attempted},
            )
            return "", ZERO
        return result.text, result.earned

    def unenroll(self, offerings: dict[str, Offering]) -> None:
        """A delta's tobedeleted enrollments remove their courses still in progress."""
        keys = []
        for sid, class_id in self.package.unenrolled:
            offering = offerings.get(class_id)
            student = self.students.get((offering.school_id, sid)) if offering else None
            if student is not None:
                keys += [
                    (student, offering.code, offering.year, term) for _i, term, _c in offering.slots
                ]
        if keys:
            drop_courses(keys, source=CourseRecord.Source.ONEROSTER, report=self.report)
