"""Applying a read OneRoster package to Tandem's records: the shared context and the schools
here; the calendar in `apply_calendar`, people in `apply_people`, course records in
`apply_courses`.

Everything an import may touch is loaded once into dicts keyed by sourcedId; what to create,
update, leave alone or deactivate is worked out in Python; rows are written in batches
(`core.bulk.insert`, COPY on PostgreSQL) and with bulk_update. That keeps a district's package
to a few thousand queries. A record made in Tandem (no sourcedId) is adopted the first time
when its natural key matches (a school or year by name, a student by local id, a caregiver by
e-mail, staff by e-mail), so an import into a school that was set up by hand does not
duplicate it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.schools import calendar
from tandem.schools.models import School

from .oneroster import BULK, DELTA, Package, Person
from .report import Report

BATCH = 500
TERM_TYPES = {"term", "semester", "gradingPeriod"}
STUDENT, CAREGIVER = "student", "caregiver"


class Abort(Exception):
    """Errors were found and bad rows may not be skipped: nothing is written."""


@dataclass
class Context:
    package: Package
    report: Report
    today: date
    scope: School | None = None  # the page imports into one school; the command into all
    skip_bad_rows: bool = False
    # The schools this import covers, by the org's sourcedId.
    schools: dict[str, School] = field(default_factory=dict)
    # Problems already reported for a record (a district-wide session, once, not per school).
    reported: set = field(default_factory=set)
    # Nothing can be imported at all (the page's school is not in the package): skipping bad
    # rows would import nothing and call it done.
    fatal: bool = False
    # The import's date when the caller fixes it; otherwise each school's own today.
    fixed_today: date | None = None

    def check(self) -> None:
        if self.fatal or (self.report.errors and not self.skip_bad_rows):
            raise Abort

    def error_once(self, record, column: str, message: str) -> None:
        key = (record.file, record.row, column)
        if key not in self.reported:
            self.reported.add(key)
            self.report.error(record.file, record.row, column, message)

    @property
    def school_ids(self) -> set[int]:
        return {school.pk for school in self.schools.values()}

    def today_at(self, school: School) -> date:
        """The import's date at the school, in its time zone (a new student's start)."""
        return self.fixed_today or calendar.today(school)


@dataclass
class Planned:
    key: tuple[int, str]  # (school id, sourcedId)
    person: Person | None  # None: the package has a role for someone imported before
    record: object | None  # the existing (or adopted) record
    values: dict = field(default_factory=dict)
    email: str = ""


def person_name(person: Person) -> str:
    given = person.preferred_given_name or person.given_name
    family = person.preferred_family_name or person.family_name
    return f"{given} {family}".strip()[:200]


def chunked(items, size: int = BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- References only the database can answer --------------------------------------------------


def resolve_deferred(ctx: Context) -> None:
    """A delta package may refer to people and schools imported before: look them up."""
    from tandem.people.models import Caregiver, Student
    from tandem.schools.models import StaffRole

    package = ctx.package
    wanted = {"users": set(), "orgs": set()}
    for ref in package.deferred:
        wanted[ref.kind].add(ref.sourced_id)
    known = {"users": set(), "orgs": set()}
    for chunk in chunked(wanted["orgs"]):
        known["orgs"].update(
            School.objects.filter(sourced_id__in=chunk).values_list("sourced_id", flat=True)
        )
    for model in (Student, Caregiver, StaffRole):
        for chunk in chunked(wanted["users"]):
            known["users"].update(
                model.objects.filter(sourced_id__in=chunk).values_list("sourced_id", flat=True)
            )
    for ref in package.deferred:
        if ref.sourced_id in known[ref.kind]:
            continue
        ctx.report.error(
            ref.file,
            ref.row,
            ref.column,
            _("%(id)s is not a sourcedId in %(file)s, nor of a record imported before.")
            % {"id": ref.sourced_id, "file": f"{ref.kind}.csv"},
        )
        if ref.record is not None:
            package.reject(ref.record)


# -- Schools ---------------------------------------------------------------------------------


def place_schools(ctx: Context) -> None:
    package, report = ctx.package, ctx.report
    school_orgs = [org for org in package.orgs.values() if org.type == "school"]
    report.ignored["orgs_not_school"] += len(package.orgs) - len(school_orgs)
    if ctx.scope is not None:
        _place_scope(ctx, school_orgs)
        return
    everyone = list(School.objects.all())
    by_sid = {school.sourced_id: school for school in everyone if school.sourced_id}
    by_name = {school.name.lower(): school for school in everyone}
    for org in sorted(school_orgs, key=lambda org: org.row):
        school = by_sid.get(org.sourced_id)
        if org.deleted:
            if school is not None:
                report.warn(
                    org.file,
                    org.row,
                    "status",
                    _("Tandem keeps %(school)s and its records; close a school in the admin.")
                    % {"school": school.name},
                )
            continue
        if school is None:
            named = by_name.get(org.name.lower())
            if named is not None and named.sourced_id:
                ctx.error_once(
                    org,
                    "name",
                    _("Another school in Tandem is already named %(name)s.") % {"name": org.name},
                )
                continue
            if named is not None:
                named.sourced_id = org.sourced_id
                named.save(update_fields=["sourced_id"])
                school, action = named, "updated"
            else:
                school = School.objects.create(name=org.name[:200], sourced_id=org.sourced_id)
                by_name[school.name.lower()] = school
                action = "created"
        else:
            # The name is Tandem's once the school exists: it is edited in the admin.
            action = "unchanged"
        report.count("schools", action)
        ctx.schools[org.sourced_id] = school
    # A delta package may carry roles or classes at schools imported before, without
    # orgs.csv ...
    referenced = {role.org for role in package.active_roles}
    referenced |= {school_class.school for school_class in package.classes.values()}
    referenced -= set(package.orgs)
    for chunk in chunked(referenced):
        for school in School.objects.filter(sourced_id__in=chunk):
            ctx.schools[school.sourced_id] = school
    # ... or only people's new details (users.csv), for records at the schools they are in.
    # (Never for a bulk users.csv: what it leaves out is deactivated, so it must say where.)
    if package.mode("users") == DELTA:
        _schools_of_people(ctx)


def _schools_of_people(ctx: Context) -> None:
    from tandem.people.models import Caregiver, Student
    from tandem.schools.models import StaffRole

    school_ids = set()
    for model in (Student, Caregiver, StaffRole):
        for chunk in chunked(ctx.package.users):
            school_ids.update(
                model.objects.filter(sourced_id__in=chunk).values_list("school_id", flat=True)
            )
    for school in School.objects.filter(pk__in=school_ids - ctx.school_ids):
        ctx.schools[school.sourced_id or f"#{school.pk}"] = school


def _place_scope(ctx: Context, school_orgs) -> None:
    """The page imports into the admin's own school: find that school's org in the package."""
    school, report = ctx.scope, ctx.report
    org = next(
        (o for o in school_orgs if school.sourced_id and o.sourced_id == school.sourced_id), None
    )
    if org is None and not school.sourced_id:
        named = [o for o in school_orgs if o.name.strip().lower() == school.name.strip().lower()]
        if len(named) == 1:
            org = named[0]
        elif len(school_orgs) == 1:
            org = school_orgs[0]
    if org is None:
        if school.sourced_id and ctx.package.mode("orgs") != BULK:
            ctx.schools[school.sourced_id] = school  # a delta without the school's row
            return
        report.error(
            "orgs.csv",
            None,
            "sourcedId",
            _(
                "None of the schools in this package is %(school)s. Ask for the package of "
                "your school, or have IT import it with manage.py import_oneroster."
            )
            % {"school": school.name},
        )
        ctx.fatal = True
        return
    if org.deleted:
        report.error(org.file, org.row, "status", _("The package marks this school to be deleted."))
        ctx.fatal = True
        return
    if not school.sourced_id:
        school.sourced_id = org.sourced_id
        school.save(update_fields=["sourced_id"])
        report.count("schools", "updated")
    else:
        report.count("schools", "unchanged")
    ctx.schools[org.sourced_id] = school
    others = len(school_orgs) - 1
    if others:
        report.warn(
            "orgs.csv",
            None,
            "",
            ngettext(
                "The package holds %(count)s other school; only %(school)s is imported here.",
                "The package holds %(count)s other schools; only %(school)s is imported here.",
                others,
            )
            % {"count": others, "school": school.name},
        )
