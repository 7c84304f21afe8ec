"""Reading a OneRoster 1.1 or 1.2 CSV package (1EdTech): plain dataclasses, no database.

A package is a zip (or a folder) holding manifest.csv and the data files it lists. `read_package`
checks what the standard asks of each file — required columns and values, enumerations, dates,
unique sourcedIds, references between files — and returns what Tandem uses, with every problem
as a `Problem` naming the file, the row as a spreadsheet counts it (the header is row 1), and the
column. Nothing here knows Tandem's models: the database side (`tandem.rosters.apply`) resolves
what only it can, such as a delta package's reference to a person imported last week.

Files Tandem reads: orgs, academicSessions, users, roles (1.2) and demographics. Courses,
classes and enrollments are checked (their ids, enumerations, dates and references) and counted,
but Tandem does not model classes yet, so they are not kept, except each student's earliest
enrollment `beginDate` at a school (`Package.enrollment_begins`, their start). Other files are
listed as ignored.
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
    Org,
    Package,
    Person,
    Problem,
    Reference,
    RoleRow,
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
    "Limits",
    "Org",
    "Package",
    "PackageError",
    "Person",
    "Problem",
    "Reference",
    "RoleRow",
    "Session",
    "read_package",
]
