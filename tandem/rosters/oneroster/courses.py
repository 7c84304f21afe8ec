"""Reading courses, classes, enrollments and the gradebook (categories, line items, results):
what course records are made of (tandem.rosters.apply_courses).

A district's enrollments.csv runs to millions of rows, so it is read row by row from the zip and
only ids are kept: each student's classes, and their first day at each school. Its rows take a
fast path when everything in them is plainly right; any doubt sends the row through the same
checks as every other file, so a bad row gets the same messages. Every reference in these files
points at a file read before them, so it is checked at once rather than kept for later.

Final grades: a line item is a class's final grade when its category, or else its own title,
is one of FINAL_TITLES ("Final grade", "Semester grade" …); one per grading period makes a
record per period. Other line items and their results are counted and passed over.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from operator import itemgetter

from django.utils.translation import gettext as _

from .records import (
    ACTIVE,
    BULK,
    DELTA,
    TOBEDELETED,
    Course,
    FinalGrade,
    FinalItem,
    Reference,
    SchoolClass,
)
from .spec import (
    CLASS_TYPES,
    CREDITS_COLUMN,
    EARNED_COLUMN,
    USER_ROLES_11,
    USER_ROLES_12,
)

FINAL_TITLES = {
    "final",
    "final grade",
    "final grades",
    "final mark",
    "final marks",
    "course grade",
    "term grade",
    "semester grade",
}
FULLY_GRADED = "fully graded"
HUNDRED = Decimal(100)


def is_final(title: str) -> bool:
    return " ".join(title.split()).casefold() in FINAL_TITLES


class CourseFiles:
    """Part of Reader: it has `package`, `seen`, `broken`, `_rows`, `problem`."""

    def _ref_now(self, row, column: str, kind: str, sourced_id: str) -> None:
        """A reference to a file read before this one, checked at once: the same outcome as
        Reader._check_references, without keeping a Reference per row."""
        if not sourced_id or sourced_id in self.seen.get(kind, ()) or kind in self.broken:
            return
        mode = self.package.mode(kind)
        if kind in ("users", "orgs") and mode != BULK:
            # A delta package may name a person or school imported before: the database says.
            self.package.deferred.append(
                Reference(row.file, row.number, column, kind, sourced_id, None)
            )
            return
        if mode != BULK:
            return
        row.error(
            column,
            _("%(id)s is not a sourcedId in %(file)s.") % {"id": sourced_id, "file": f"{kind}.csv"},
        )

    def _number(self, row, column: str, *, credits: bool = False) -> Decimal | None:
        """A decimal in `column` (found without regard to case), or None when blank."""
        position = row.index.get(column)
        if position is None:
            for name, where in row.index.items():
                if name.lower() == column:
                    position = where
                    break
        value = row.values[position] if position is not None else ""
        if not value:
            return None
        try:
            number = Decimal(value)
            if not number.is_finite() or (credits and not 0 <= number < 100):
                raise InvalidOperation
        except InvalidOperation:
            message = (
                _("Write a number of credits, e.g. 0.5.")
                if credits
                else _("“%(value)s” is not a number.") % {"value": value}
            )
            row.error(column, message)
            return None
        return number.quantize(Decimal("0.01")) if credits else number

    def _read_courses(self, name):
        for row in self._rows(name):
            status = row.status()
            self._required(row, "title")
            course = Course(
                file=row.file,
                row=row.number,
                sourced_id=row.get("sourcedId"),
                status=status,
                title=row.get("title"),
                code=row.get("courseCode"),
                school_year=row.get("schoolYearSourcedId"),
                subjects=row.ids("subjects"),
                subject_codes=row.ids("subjectCodes"),
                credits=self._number(row, CREDITS_COLUMN, credits=True),
            )
            self._ref_now(row, "orgSourcedId", "orgs", row.get("orgSourcedId"))
            self._ref_now(row, "schoolYearSourcedId", "academicSessions", course.school_year)
            if self._keep(row):
                self.package.courses[course.sourced_id] = course

    def _read_classes(self, name):
        for row in self._rows(name):
            status = row.status()
            self._required(
                row, "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"
            )
            school_class = SchoolClass(
                file=row.file,
                row=row.number,
                sourced_id=row.get("sourcedId"),
                status=status,
                title=row.get("title"),
                course=row.get("courseSourcedId"),
                school=row.get("schoolSourcedId"),
                kind=row.choice("classType", CLASS_TYPES),
                terms=row.ids("termSourcedIds"),
                subjects=row.ids("subjects"),
                subject_codes=row.ids("subjectCodes"),
                credits=self._number(row, CREDITS_COLUMN, credits=True),
            )
            self._ref_now(row, "courseSourcedId", "courses", school_class.course)
            self._ref_now(row, "schoolSourcedId", "orgs", school_class.school)
            for term in school_class.terms:
                self._ref_now(row, "termSourcedIds", "academicSessions", term)
            if self._keep(row):
                self.package.classes[school_class.sourced_id] = school_class

    # enrollments.csv

    def _read_enrollments(self, name):
        package = self.package
        roles = USER_ROLES_12 if package.version == "1.2" else USER_ROLES_11
        delta = package.mode(name) == DELTA
        seen = {kind: self.seen.get(kind, {}) for kind in ("classes", "orgs", "users")}
        # One string per class and per person, shared by every enrollment that names it.
        canonical = {sid: sid for sid in seen["classes"]}
        people = {sid: sid for sid in seen["users"]}
        stamps: set[str] = set()  # dateLastModified values already found good
        days: dict[str, object] = {"": None}  # beginDate/endDate values already parsed
        columns = None
        for row in self._rows(name):
            if columns is None:
                # A column the file does not have reads as the blank appended to each row.
                width = len(row.index)
                columns = itemgetter(
                    *(
                        row.index.get(column, width)
                        for column in (
                            "status",
                            "dateLastModified",
                            "classSourcedId",
                            "schoolSourcedId",
                            "userSourcedId",
                            "role",
                            "primary",
                            "beginDate",
                            "endDate",
                        )
                    )
                )
            values = row.values
            values.append("")
            status, stamp, klass, school, user, role, primary, begin, end = columns(values)
            fast = (
                (status in (ACTIVE, TOBEDELETED) or (not status and not delta))
                and (stamp in stamps or (not stamp and not delta))
                and klass in seen["classes"]
                and school in seen["orgs"]
                and user in seen["users"]
                and role in roles
                and primary.lower() in ("", "true", "false")
                and begin in days
                and end in days
            )
            if fast and (days[begin] and days[end] and days[end] < days[begin]):
                fast = False
            if not fast:
                parsed = self._enrollment_checked(row, roles)
                if parsed is None:
                    continue
                if stamp:
                    stamps.add(stamp)
                days.setdefault(begin, parsed)
                days.setdefault(end, row.day("endDate"))
            status = status or ACTIVE
            if role != "student":
                package.counted["enrollments_not_students"] += 1
                continue
            user, klass = people.get(user, user), canonical.get(klass, klass)
            school = self.shared(school)
            if status == TOBEDELETED:
                package.unenrolled.append((user, klass))
                continue
            classes = package.enrolled.get(user)
            if classes is None:
                package.enrolled[user] = classes = []
            classes.append(klass)
            day = days[begin]
            if day is not None:
                key = (user, school)
                first = package.enrollment_begins.get(key)
                if first is None or day < first:
                    package.enrollment_begins[key] = day
        if name in self.broken:  # a streamed file that turned out unreadable part-way
            package.enrolled.clear()
            package.unenrolled.clear()
            package.enrollment_begins.clear()

    def _enrollment_checked(self, row, roles):
        """Every check on one enrollment row; its beginDate (or None) if the row is good, else
        None with the row's problems reported. (A good row without a beginDate also gives None
        from row.day, so the caller reads `row.bad` through `_keep`.)"""
        row.status()
        self._required(row, "classSourcedId", "schoolSourcedId", "userSourcedId", "role")
        row.choice("role", roles)
        row.boolean("primary")
        begin, end = row.day("beginDate"), row.day("endDate")
        if begin and end and end < begin:
            row.error("endDate", _("The enrollment ends before it begins."))
        self._ref_now(row, "classSourcedId", "classes", row.get("classSourcedId"))
        self._ref_now(row, "schoolSourcedId", "orgs", row.get("schoolSourcedId"))
        self._ref_now(row, "userSourcedId", "users", row.get("userSourcedId"))
        if not self._keep(row):
            return None
        return begin or False

    # The gradebook

    def _read_categories(self, name):
        titles = self.category_titles
        for row in self._rows(name):
            row.status()
            self._required(row, "title")
            if self._keep(row):
                titles[row.get("sourcedId")] = row.get("title")

    def _read_lineItems(self, name):  # noqa: N802 - the file's name
        for row in self._rows(name):
            status = row.status()
            self._required(row, "title", "classSourcedId")
            category = self.category_titles.get(row.get("categorySourcedId"), "")
            if not (is_final(category) or is_final(row.get("title"))):
                if self._keep(row):
                    self.package.counted["line_items_not_final"] += 1
                continue
            school_class = row.get("classSourcedId")
            period = row.get("gradingPeriodSourcedId") or row.get("academicSessionSourcedId")
            self._ref_now(row, "classSourcedId", "classes", school_class)
            self._ref_now(row, "categorySourcedId", "categories", row.get("categorySourcedId"))
            self._ref_now(row, "gradingPeriodSourcedId", "academicSessions", period)
            low = self._number(row, "resultValueMin")
            high = self._number(row, "resultValueMax")
            low = Decimal(0) if low is None else low
            high = HUNDRED if high is None else high
            if high <= low:
                row.error("resultValueMax", _("The highest score must be above the lowest."))
            if self._keep(row) and status != TOBEDELETED:
                self.package.final_items[row.get("sourcedId")] = FinalItem(
                    row=row.number, school_class=school_class, period=period, low=low, high=high
                )

    def _read_results(self, name):
        items = self.package.final_items
        # One string per person, line item and grade, shared by every result that names it.
        people = {sid: sid for sid in self.seen.get("users", ())}
        item_ids = {sid: sid for sid in items}
        for row in self._rows(name):
            status = row.status()
            item = row.get("lineItemSourcedId")
            self._required(row, "lineItemSourcedId", "studentSourcedId")
            if item not in items:
                # An assignment's score, or a final grade left out for an error of its own.
                self._ref_now(row, "lineItemSourcedId", "lineItems", item)
                if self._keep(row):
                    self.package.counted["results_not_final"] += 1
                continue
            student = row.get("studentSourcedId")
            self._ref_now(row, "studentSourcedId", "users", student)
            score = self._number(row, "score")
            earned = self._number(row, EARNED_COLUMN, credits=True)
            text = row.get("textScore") or (
                format(score.normalize(), "f") if score is not None else ""
            )
            if self._keep(row) and status != TOBEDELETED:
                graded = row.get("scoreStatus").lower() == FULLY_GRADED
                text = self.shared(text[:20])
                numeric = score is not None and text == format(score.normalize(), "f")
                grade = (
                    text  # a letter, graded: all Tandem needs of it
                    if graded and earned is None and not numeric
                    else FinalGrade(
                        row=row.number, graded=graded, text=text, score=score, earned=earned
                    )
                )
                by_student = self.package.final_grades.setdefault(item_ids[item], {})
                by_student[people.get(student, student)] = grade
