"""Checking each file of a package against the standard and turning its rows into records."""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import date, datetime

from django.utils.translation import gettext as _

from .courses import CourseFiles
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
from .spec import (
    DATE,
    DATETIME,
    GRADES,
    KEPT_METADATA,
    ORG_TYPES,
    READ_ORDER,
    ROLE_TYPES,
    SESSION_TYPES,
    SEXES,
    SPECS,
    STREAMED,
    UNREFERENCED,
    USER_ID,
    USER_ROLES_11,
    USER_ROLES_12,
)


def _is_utf8(data: bytes, chunk: int = 1 << 20) -> bool:
    """Whether the bytes are UTF-8, checked a megabyte at a time (decoding a district's
    users.csv at once would hold a second copy of it)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), chunk):
            decoder.decode(data[start : start + chunk])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


class _Row:
    """One data row being checked; collects its problems."""

    __slots__ = ("reader", "file", "number", "values", "index", "bad", "delta", "refs")

    def __init__(self, reader, file, number, values, index, delta):
        self.reader = reader
        self.file = file
        self.number = number
        self.values = values
        self.index = index
        self.bad = False
        self.delta = delta
        self.refs: list[Reference] = []

    def get(self, column: str) -> str:
        position = self.index.get(column)
        return self.values[position] if position is not None else ""

    def error(self, column: str, message: str) -> None:
        self.bad = True
        self.reader.problem(self.file, self.number, column, message)

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            self.error(column, _("A value is required."))
        return value

    def choice(self, column: str, allowed, *, required: bool = False) -> str:
        value = self.required(column) if required else self.get(column)
        if value and value not in allowed and not value.startswith("ext:"):
            self.error(
                column,
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(sorted(allowed))},
            )
        return value

    def day(self, column: str, *, required: bool = False) -> date | None:
        value = self.required(column) if required else self.get(column)
        if not value:
            return None
        try:
            if not DATE.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.error(column, _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
            return None

    def moment(self, column: str) -> None:
        value = self.get(column)
        if not value:
            if self.delta:
                self.error(column, _("A value is required in a delta file."))
            return
        try:
            if not DATETIME.match(value):
                raise ValueError
            datetime.fromisoformat(value.replace(" ", "T"))
        except ValueError:
            self.error(
                column,
                _("“%(value)s” is not a date and time (ISO 8601, e.g. 2026-08-24T12:00:00Z).")
                % {"value": value},
            )

    def boolean(self, column: str, *, required: bool = False) -> bool | None:
        value = self.required(column) if required else self.get(column)
        if not value:
            return None
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        self.error(column, _("“%(value)s” is not one of: true, false.") % {"value": value})
        return None

    def status(self) -> str:
        value = self.choice("status", (ACTIVE, TOBEDELETED))
        if not value and self.delta:
            self.error("status", _("A value is required in a delta file."))
        self.moment("dateLastModified")
        return value or ACTIVE

    def ids(self, column: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.get(column).split(",") if part.strip())


class Reader(CourseFiles):
    def __init__(self, files):
        self.files = files  # sources.Files
        self.package = Package()
        self.seen: dict[str, dict[str, int]] = {}  # file -> sourcedId -> first row
        self.broken: set[str] = set()  # files whose header could not be read
        self.references: list[Reference] = []
        self.category_titles: dict[str, str] = {}  # categories.csv: sourcedId -> title
        # One string object for each value repeated across rows (a status, a role, a school's
        # or a person's sourcedId): a district's package holds a quarter of a million roles.
        self._shared: dict[str, str] = {}

    def shared(self, value: str) -> str:
        return self._shared.setdefault(value, value)

    def problem(self, file, row, column, message) -> None:
        self.package.errors.append(Problem(file, row, column, message))

    def warn(self, file, row, column, message) -> None:
        self.package.warnings.append(Problem(file, row, column, message))

    def read(self) -> Package:
        if not self._read_manifest():
            self.package.readable = False
            return self.package
        for name in READ_ORDER:
            if f"{name}.csv" in self.files.names and name in SPECS[self.package.version]:
                getattr(self, f"_read_{name}")(name)
                if name in UNREFERENCED:
                    self.seen.pop(name, None)  # millions of ids nothing else refers to
        known = {f"{name}.csv" for name in READ_ORDER} | {"manifest.csv"}
        self.package.files_ignored = sorted(self.files.names - known)
        self._check_references()
        return self.package

    # manifest.csv: propertyName,value

    def _read_manifest(self) -> bool:
        if "manifest.csv" not in self.files.names:
            self.problem("manifest.csv", None, "", _("The package has no manifest.csv."))
            return False
        table = self._table("manifest.csv")
        if table is None:
            return False
        header, rows = table
        if header[:2] != ["propertyName", "value"]:
            self.problem("manifest.csv", 1, "", _("The header must be: propertyName,value."))
            return False
        manifest = self.package.manifest
        for number, values in rows:
            if len(values) < 2:
                continue
            name, value = values[0].strip(), values[1].strip()
            manifest[name] = value
            if name.startswith("file.") and value not in (BULK, DELTA, ABSENT):
                self.problem(
                    "manifest.csv",
                    number,
                    "value",
                    _("“%(value)s” is not one of: absent, bulk, delta.") % {"value": value},
                )
                manifest[name] = ABSENT
        version = manifest.get("oneroster.version", "")
        short = ".".join(version.split(".")[:2])
        if short not in VERSIONS:
            self.problem(
                "manifest.csv",
                None,
                "oneroster.version",
                _("OneRoster version “%(version)s” cannot be imported (1.1 or 1.2 can).")
                % {"version": version},
            )
            return False
        self.package.version = short
        for name in READ_ORDER:
            filename = f"{name}.csv"
            mode = manifest.get(f"file.{name}")
            present = filename in self.files.names
            if name not in SPECS[short]:
                continue
            if present and mode in (None, ABSENT):
                self.problem(
                    "manifest.csv",
                    None,
                    f"file.{name}",
                    _(
                        "The package has %(file)s, but manifest.csv does not list it as bulk or "
                        "delta."
                    )
                    % {"file": filename},
                )
                self.files.discard(filename)
            elif not present and mode in (BULK, DELTA):
                self.problem(
                    "manifest.csv",
                    None,
                    f"file.{name}",
                    _("manifest.csv lists %(file)s as %(mode)s, but the package has no such file.")
                    % {"file": filename, "mode": mode},
                )
        return True

    # CSV plumbing

    def _table(self, filename: str):
        """(header, rows) of a file, or None if it cannot be read; rows are (number, values),
        read one at a time (a STREAMED file straight from the zip)."""
        if filename in STREAMED:
            binary = self.files.open(filename)
        else:
            data = self.files.read(filename)
            self.files.release(filename)  # the reader below holds it while it reads
            if not _is_utf8(data):  # checked whole: a file is all read or not at all
                self.problem(filename, None, "", _("The file is not UTF-8 text."))
                return None
            binary = io.BytesIO(data)
        stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        reader = csv.reader(stream)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            stream.close()
            self.problem(filename, None, "", _("The file is empty."))
            return None
        except (csv.Error, UnicodeDecodeError) as error:
            stream.close()
            message = _("The file is not UTF-8 text.") if isinstance(error, ValueError) else error
            self.problem(filename, 1, "", str(message))
            return None

        def rows():
            number = 1
            try:
                for values in reader:
                    number += 1
                    values = list(map(str.strip, values))
                    if not any(values):
                        continue
                    yield number, values
            except csv.Error as error:
                self.problem(filename, number + 1, "", str(error))
            except UnicodeDecodeError:
                # Only a streamed file finds out part-way: what was read of it is dropped.
                self.problem(filename, None, "", _("The file is not UTF-8 text."))
                self.broken.add(filename.removesuffix(".csv"))
            finally:
                stream.close()

        return header, rows()

    def _rows(self, name: str):
        """Yield a _Row for each data row of `name`.csv, after checking its header."""
        filename = f"{name}.csv"
        table = self._table(filename)
        if table is None:
            self.broken.add(name)
            return
        header, rows = table
        required, optional = SPECS[self.package.version][name]
        index: dict[str, int] = {}
        for position, column in enumerate(header):
            if column in index:
                self.problem(
                    filename,
                    1,
                    column,
                    _("The column %(column)s appears twice.") % {"column": column},
                )
                self.broken.add(name)
                return
            index[column] = position
        missing = [column for column in required if column not in index]
        for column in missing:
            self.problem(
                filename,
                1,
                column,
                _("The required column %(column)s is missing.") % {"column": column},
            )
        if missing:
            self.broken.add(name)
            return
        known = set(required) | set(optional)
        for column in header:
            if column not in known and not column.startswith("metadata."):
                self.warn(
                    filename,
                    1,
                    column,
                    _(
                        "%(column)s is not a column of OneRoster %(version)s %(file)s; it was "
                        "ignored."
                    )
                    % {"column": column, "version": self.package.version, "file": filename},
                )
        delta = self.package.mode(name) == DELTA
        # A file of millions of rows keeps only a set of its sourcedIds; the first row of a
        # repeated one is looked up afterwards, in a second pass.
        streamed = filename in STREAMED
        seen = self.seen.setdefault(name, set() if streamed else {})
        repeated: dict[str, list[int]] = {}
        width = len(header)
        any_rows = False
        for number, values in rows:
            any_rows = True
            row = _Row(self, filename, number, values, index, delta)
            if len(values) != width:
                row.error(
                    "",
                    _("The row has %(found)s values; the header has %(expected)s.")
                    % {"found": len(values), "expected": width},
                )
                self._note_bad(row)
                continue
            sourced_id = row.get("sourcedId")
            if sourced_id:
                if sourced_id in seen:
                    if streamed:
                        repeated.setdefault(sourced_id, []).append(number)
                    else:
                        row.error("sourcedId", self._repeated(sourced_id, seen[sourced_id]))
                    self._note_bad(row)
                    continue
                if streamed:
                    seen.add(sourced_id)
                else:
                    seen[sourced_id] = number
            else:
                row.error("sourcedId", _("A value is required."))
                continue
            yield row
        if not any_rows:
            self.problem(filename, None, "", _("The file has no data rows."))
        if repeated:
            self._report_repeated(filename, index["sourcedId"], repeated)

    @staticmethod
    def _repeated(sourced_id: str, first: int) -> str:
        return _("The sourcedId %(id)s is already used on row %(row)s.") % {
            "id": sourced_id,
            "row": first,
        }

    def _report_repeated(self, filename: str, column: int, repeated: dict[str, list[int]]):
        first: dict[str, int] = {}
        table = self._table(filename)
        if table is not None:
            for number, values in table[1]:
                sourced_id = values[column] if column < len(values) else ""
                if sourced_id in repeated and sourced_id not in first:
                    first[sourced_id] = number
        for sourced_id, rows in repeated.items():
            for number in rows:
                message = self._repeated(sourced_id, first.get(sourced_id, "?"))
                self.problem(filename, number, "sourcedId", message)

    def _required(self, row: _Row, *columns: str) -> None:
        # A row that only says "delete this" need not repeat every other value.
        if row.get("status") == TOBEDELETED:
            return
        for column in columns:
            row.required(column)

    def _refer(self, row: _Row, column: str, kind: str, ids, record=None) -> None:
        for sourced_id in ids:
            if sourced_id:
                row.refs.append(Reference(row.file, row.number, column, kind, sourced_id, record))

    def _keep(self, row: _Row) -> bool:
        """True if the row is good; its references are then checked once every file is read."""
        if row.bad:
            self._note_bad(row)
            return False
        self.references.extend(row.refs)
        return True

    def _note_bad(self, row: _Row) -> None:
        column = {"users.csv": "sourcedId", "roles.csv": "userSourcedId"}.get(row.file)
        if column and column in row.index and row.index[column] < len(row.values):
            self.package.rejected_users.add(row.get(column))

    # One reader per file

    def _read_orgs(self, name):
        for row in self._rows(name):
            status = row.status()
            self._required(row, "name", "type")
            org = Org(
                file=row.file,
                row=row.number,
                sourced_id=row.get("sourcedId"),
                status=status,
                name=row.get("name"),
                type=row.choice("type", ORG_TYPES),
                identifier=row.get("identifier"),
                parent=row.get("parentSourcedId"),
            )
            self._refer(row, "parentSourcedId", "orgs", [org.parent], org)
            if self._keep(row):
                self.package.orgs[org.sourced_id] = org

    def _read_academicSessions(self, name):  # noqa: N802 - the file's name
        for row in self._rows(name):
            status = row.status()
            self._required(row, "title", "type", "startDate", "endDate", "schoolYear")
            session = Session(
                file=row.file,
                row=row.number,
                sourced_id=row.get("sourcedId"),
                status=status,
                title=row.get("title"),
                type=row.choice("type", SESSION_TYPES),
                start=row.day("startDate"),
                end=row.day("endDate"),
                parent=row.get("parentSourcedId"),
            )
            year = row.get("schoolYear")
            if year:
                if re.fullmatch(r"\d{4}", year):
                    session.school_year = int(year)
                else:
                    row.error(
                        "schoolYear",
                        _("“%(value)s” is not a year (YYYY, e.g. 2027 for 2026–2027).")
                        % {"value": year},
                    )
            if session.start and session.end and session.end <= session.start:
                row.error("endDate", _("The session must end after it starts."))
            self._refer(row, "parentSourcedId", "academicSessions", [session.parent], session)
            if self._keep(row):
                self.package.sessions[session.sourced_id] = session

    def _read_users(self, name):
        v11 = self.package.version == "1.1"
        for row in self._rows(name):
            status = row.status()
            self._required(row, "enabledUser", "username", "givenName", "familyName")
            person = Person(
                file=row.file,
                row=row.number,
                sourced_id=self.shared(row.get("sourcedId")),
                status=self.shared(status),
                enabled=row.boolean("enabledUser") is not False,
                username=row.get("username"),
                given_name=row.get("givenName"),
                family_name=row.get("familyName"),
                preferred_given_name=row.get("preferredGivenName"),
                preferred_family_name=row.get("preferredFamilyName"),
                pronouns=row.get("pronouns"),
                identifier=row.get("identifier"),
                email=row.get("email"),
                sms=row.get("sms"),
                phone=row.get("phone"),
                agents=row.ids("agentSourcedIds"),
                grades=row.ids("grades"),
            )
            for grade in person.grades:
                if grade not in GRADES and not grade.isdigit():
                    row.error(
                        "grades",
                        _("“%(value)s” is not a grade level (CEDS: KG, 01–13, …).")
                        % {"value": grade},
                    )
            raw_ids = row.get("userIds")
            if raw_ids:
                pairs = USER_ID.findall(raw_ids)
                leftover = USER_ID.sub("", raw_ids).replace(",", "").strip()
                if leftover or not pairs:
                    row.error(
                        "userIds",
                        _("userIds must be a list of {type:identifier}, e.g. {state:1234}."),
                    )
                person.user_ids = {kind.strip().lower(): value.strip() for kind, value in pairs}
            for column, position in row.index.items():
                if column.lower() in KEPT_METADATA and row.values[position].strip():
                    person.metadata[column.lower()] = row.values[position].strip()
            self._refer(row, "agentSourcedIds", "users", person.agents, person)
            if v11:
                role = row.choice("role", USER_ROLES_11)
                if status != TOBEDELETED and not role:
                    row.error("role", _("A value is required."))
                orgs = row.ids("orgSourcedIds")
                if status != TOBEDELETED and not orgs:
                    row.error("orgSourcedIds", _("A value is required."))
                self._refer(row, "orgSourcedIds", "orgs", orgs, person)
                roles = [
                    RoleRow(
                        file=row.file,
                        row=row.number,
                        sourced_id=person.sourced_id,
                        status=status,
                        user=person.sourced_id,
                        org=org,
                        role=role,
                    )
                    for org in orgs
                ]
            else:
                primary_org = row.get("primaryOrgSourcedId")
                self._refer(row, "primaryOrgSourcedId", "orgs", [primary_org], person)
                roles = []
            if self._keep(row):
                self.package.users[person.sourced_id] = person
                self.package.roles.extend(roles)

    def _read_roles(self, name):
        for row in self._rows(name):
            status = row.status()
            shared = self.shared
            role = RoleRow(
                file=row.file,
                row=row.number,
                sourced_id=row.get("sourcedId"),
                status=shared(status),
                user=shared(row.required("userSourcedId")),
                org=shared(row.required("orgSourcedId")),
                role=shared(row.choice("role", USER_ROLES_12, required=True)),
                role_type=shared(row.choice("roleType", ROLE_TYPES, required=True)),
                begin=row.day("beginDate"),
                end=row.day("endDate"),
            )
            if role.begin and role.end and role.end < role.begin:
                row.error("endDate", _("The role ends before it begins."))
            self._refer(row, "userSourcedId", "users", [role.user], role)
            self._refer(row, "orgSourcedId", "orgs", [role.org], role)
            if self._keep(row):
                self.package.roles.append(role)

    def _count(self, name, row: _Row) -> None:
        if self._keep(row):
            self.package.counted[name] += 1

    def _read_demographics(self, name):
        # Tandem keeps none of these (it does not need birth dates or race to run PLPs, and
        # what it does not need it should not hold); the rows are checked and counted.
        booleans = SPECS["1.1"]["demographics"][1][4:11]
        for row in self._rows(name):
            row.status()
            row.day("birthDate")
            row.choice("sex", SEXES)
            for column in booleans:
                row.boolean(column)
            self._refer(row, "sourcedId", "users", [row.get("sourcedId")])
            self._count(name, row)

    # References between files

    def _check_references(self) -> None:
        package = self.package
        dropped: set[tuple[str, int]] = set()
        for ref in self.references:
            if ref.sourced_id in self.seen.get(ref.kind, ()) or ref.kind in self.broken:
                continue  # (a file that could not be read is one error, not one per reference)
            mode = package.mode(ref.kind)
            if ref.kind in ("users", "orgs") and mode != BULK:
                # A delta package may name a person or school imported before.
                package.deferred.append(ref)
                continue
            if mode != BULK:
                continue  # classes, courses or sessions Tandem does not keep: cannot tell
            self.problem(
                ref.file,
                ref.row,
                ref.column,
                _("%(id)s is not a sourcedId in %(file)s.")
                % {"id": ref.sourced_id, "file": f"{ref.kind}.csv"},
            )
            if ref.record is not None:
                package.reject(ref.record)
            elif (ref.file, ref.row) not in dropped:
                dropped.add((ref.file, ref.row))
                package.counted[ref.file.removesuffix(".csv")] -= 1
