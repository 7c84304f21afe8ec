"""What a OneRoster package holds, as Tandem reads it: plain dataclasses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

VERSIONS = ("1.1", "1.2")
BULK, DELTA, ABSENT = "bulk", "delta", "absent"
ACTIVE, TOBEDELETED = "active", "tobedeleted"


class PackageError(Exception):
    """The package cannot be read at all (not a zip, unsafe, no manifest)."""


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


@dataclass(slots=True)  # slots: a district's package has hundreds of thousands of records
class Record:
    file: str
    row: int
    sourced_id: str
    status: str  # "active" or "tobedeleted"
    rejected: bool = False  # its row, or a row it depends on, has an error

    @property
    def deleted(self) -> bool:
        return self.status == TOBEDELETED


@dataclass(slots=True)
class Org(Record):
    name: str = ""
    type: str = ""
    identifier: str = ""
    parent: str = ""


@dataclass(slots=True)
class Session(Record):
    title: str = ""
    type: str = ""
    start: date | None = None
    end: date | None = None
    parent: str = ""
    school_year: int = 0


@dataclass(slots=True)
class Person(Record):
    enabled: bool = True
    username: str = ""
    given_name: str = ""
    family_name: str = ""
    preferred_given_name: str = ""
    preferred_family_name: str = ""
    pronouns: str = ""
    identifier: str = ""
    email: str = ""
    sms: str = ""
    phone: str = ""
    user_ids: dict[str, str] = field(default_factory=dict)
    agents: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class RoleRow(Record):
    """One role of one person at one org: a row of roles.csv (1.2), or one org of a users.csv
    row's orgSourcedIds (1.1)."""

    user: str = ""
    org: str = ""
    role: str = ""
    role_type: str = "primary"
    begin: date | None = None
    end: date | None = None


@dataclass(slots=True)
class Course(Record):
    title: str = ""
    code: str = ""
    school_year: str = ""  # an academicSession's sourcedId
    subjects: tuple[str, ...] = ()
    subject_codes: tuple[str, ...] = ()
    credits: Decimal | None = None  # metadata.credits


@dataclass(slots=True)
class SchoolClass(Record):
    title: str = ""
    course: str = ""
    school: str = ""
    kind: str = ""  # classType: scheduled or homeroom
    terms: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    subject_codes: tuple[str, ...] = ()
    credits: Decimal | None = None  # metadata.credits (else the course's)


@dataclass(slots=True)
class FinalItem:
    """A gradebook line item that is a class's final grade (for one grading period)."""

    row: int
    school_class: str
    period: str  # an academicSession's sourcedId, or ""
    low: Decimal
    high: Decimal


@dataclass(slots=True)
class FinalGrade:
    """A student's result on a final line item."""

    row: int
    graded: bool  # scoreStatus "fully graded"
    text: str  # textScore, else the score as written
    score: Decimal | None
    earned: Decimal | None  # metadata.creditsEarned


@dataclass(frozen=True, slots=True)
class Reference:
    """A sourcedId in one file that names a record of another file."""

    file: str
    row: int
    column: str
    kind: str  # the file referred to: "orgs", "users", "academicSessions", ...
    sourced_id: str
    record: Record | None  # the record to drop if the reference is wrong


@dataclass
class Package:
    version: str = ""
    manifest: dict[str, str] = field(default_factory=dict)
    orgs: dict[str, Org] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    users: dict[str, Person] = field(default_factory=dict)
    roles: list[RoleRow] = field(default_factory=list)
    # Rows checked but not kept, per file (enrollments, classes, courses, demographics).
    counted: Counter = field(default_factory=Counter)
    files_ignored: list[str] = field(default_factory=list)
    # References to people or orgs a delta package does not carry: the database decides.
    deferred: list[Reference] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    readable: bool = True
    # People with a row left out (an error): a full roster must not deactivate them for it.
    rejected_users: set[str] = field(default_factory=set)
    # (student sourcedId, school sourcedId) -> the earliest beginDate of the student's active
    # enrollments there, the day they started.
    enrollment_begins: dict[tuple[str, str], date] = field(default_factory=dict)
    # Course records come from these (tandem.rosters.apply_courses).
    courses: dict[str, Course] = field(default_factory=dict)
    classes: dict[str, SchoolClass] = field(default_factory=dict)
    # Each student's active enrollments: student sourcedId -> class sourcedIds (only ids: a
    # district has millions of enrollments), and the (student, class) pairs a delta drops.
    enrolled: dict[str, list[str]] = field(default_factory=dict)
    unenrolled: list[tuple[str, str]] = field(default_factory=list)
    # Final grades: line item sourcedId -> FinalItem; line item -> student -> the grade, kept
    # as its text alone when that is all there is to it (a district has one per enrollment):
    # read them with `final_grade`.
    final_items: dict[str, FinalItem] = field(default_factory=dict)
    final_grades: dict[str, dict[str, FinalGrade | str]] = field(default_factory=dict)

    def final_grade(self, student: str, item: str) -> FinalGrade | None:
        found = self.final_grades.get(item, {}).get(student)
        if isinstance(found, str):
            return FinalGrade(row=0, graded=True, text=found, score=None, earned=None)
        return found

    def mode(self, name: str) -> str:
        """bulk, delta or absent, as manifest.csv says for `name` (e.g. "users")."""
        return self.manifest.get(f"file.{name}", ABSENT)

    @property
    def modes(self) -> dict[str, str]:
        return {
            key.removeprefix("file."): value
            for key, value in self.manifest.items()
            if key.startswith("file.") and value in (BULK, DELTA)
        }

    def reject(self, record: Record) -> None:
        """Leave a record out: its row has an error. A person's roles go with them."""
        record.rejected = True
        if isinstance(record, Person | RoleRow):
            self.rejected_users.add(
                record.sourced_id if isinstance(record, Person) else record.user
            )
        if isinstance(record, Org):
            self.orgs.pop(record.sourced_id, None)
        elif isinstance(record, Session):
            self.sessions.pop(record.sourced_id, None)
        elif isinstance(record, Person):
            self.users.pop(record.sourced_id, None)
            for role in self.roles:
                if role.user == record.sourced_id:
                    role.rejected = True

    @property
    def active_roles(self) -> list[RoleRow]:
        return [role for role in self.roles if not role.rejected]
