"""Reading a OneRoster 1.1 or 1.2 CSV package (1EdTech): plain dataclasses, no database.

A package is a zip (or a folder) holding manifest.csv and the data files it lists. `read_package`
checks what the standard asks of each file — required columns and values, enumerations, dates,
unique sourcedIds, references between files — and returns what Tandem uses, with every problem
as a `Problem` naming the file, the row as a spreadsheet counts it (the header is row 1), and the
column. Nothing here knows Tandem's models: the database side (`tandem.rosters.apply`) resolves
what only it can, such as a delta package's reference to a person imported last week.

Files Tandem reads: orgs, academicSessions, users, roles (1.2), courses, classes, enrollments,
the gradebook's categories, lineItems and results (for final grades: `courses`), and
demographics (checked and counted; none kept). enrollments.csv is streamed: each student's
classes are kept as ids, with their earliest `beginDate` at a school (`Package.enrollment_begins`,
their start). Other files are listed as ignored.
Extension columns (`metadata.*`) are never an error; the few Tandem uses are kept in
`Person.metadata`.
"""

from .records import (
    ABSENT,
    ACTIVE,
    BULK,
    DELTA,
    TOBEDELETED,
    VERSIONS,
    Course,
    FinalGrade,
    FinalItem,
    Org,
    Package,
    Person,
    Problem,
    Reference,
    RoleRow,
    SchoolClass,
    Session,
)
from .sources import Limits, PackageError, read_package

__all__ = [
    "ABSENT",
    "ACTIVE",
    "BULK",
    "DELTA",
    "TOBEDELETED",
    "VERSIONS",
    "Course",
    "FinalGrade",
    "FinalItem",
    "Limits",
    "Org",
    "Package",
    "PackageError",
    "Person",
    "Problem",
    "Reference",
    "RoleRow",
    "SchoolClass",
    "Session",
    "read_package",
]
