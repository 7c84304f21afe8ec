"""OneRoster CSV packages written for real, to a folder or a zip, for the tests.

`Package` collects rows the way an SIS export holds them; `write` lays out manifest.csv and the
files for OneRoster 1.1 (role and orgSourcedIds in users.csv) or 1.2 (roles.csv).
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ORGS = ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"]
SESSIONS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "type",
    "startDate",
    "endDate",
    "parentSourcedId",
    "schoolYear",
]
USERS_11 = [
    "sourcedId",
    "status",
    "dateLastModified",
    "enabledUser",
    "orgSourcedIds",
    "role",
    "username",
    "userIds",
    "givenName",
    "familyName",
    "middleName",
    "identifier",
    "email",
    "sms",
    "phone",
    "agentSourcedIds",
    "grades",
    "password",
]
USERS_12 = [
    "sourcedId",
    "status",
    "dateLastModified",
    "enabledUser",
    "username",
    "userIds",
    "givenName",
    "familyName",
    "middleName",
    "identifier",
    "email",
    "sms",
    "phone",
    "agentSourcedIds",
    "grades",
    "password",
    "userMasterIdentifier",
    "resourceSourcedIds",
    "preferredGivenName",
    "preferredMiddleName",
    "preferredFamilyName",
    "primaryOrgSourcedId",
    "pronouns",
]
ROLES = [
    "sourcedId",
    "status",
    "dateLastModified",
    "userSourcedId",
    "roleType",
    "role",
    "beginDate",
    "endDate",
    "orgSourcedId",
    "userProfileSourcedId",
]
COURSES = [
    "sourcedId",
    "status",
    "dateLastModified",
    "schoolYearSourcedId",
    "title",
    "courseCode",
    "grades",
    "orgSourcedId",
    "subjects",
    "subjectCodes",
]
CLASSES = [
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "grades",
    "courseSourcedId",
    "classCode",
    "classType",
    "location",
    "schoolSourcedId",
    "termSourcedIds",
    "subjects",
    "subjectCodes",
    "periods",
]
ENROLLMENTS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "classSourcedId",
    "schoolSourcedId",
    "userSourcedId",
    "role",
    "primary",
    "beginDate",
    "endDate",
]
DEMOGRAPHICS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "birthDate",
    "sex",
    "americanIndianOrAlaskaNative",
    "asian",
    "blackOrAfricanAmerican",
    "nativeHawaiianOrOtherPacificIslander",
    "white",
    "demographicRaceTwoOrMoreRaces",
    "hispanicOrLatinoEthnicity",
    "countryOfBirthCode",
    "stateOfBirthAbbreviation",
    "cityOfBirth",
    "publicSchoolResidenceStatus",
]
CATEGORIES = ["sourcedId", "status", "dateLastModified", "title", "weight"]
LINE_ITEMS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "description",
    "assignDate",
    "dueDate",
    "classSourcedId",
    "categorySourcedId",
    "gradingPeriodSourcedId",
    "resultValueMin",
    "resultValueMax",
]
RESULTS = [
    "sourcedId",
    "status",
    "dateLastModified",
    "lineItemSourcedId",
    "studentSourcedId",
    "scoreStatus",
    "score",
    "textScore",
    "scoreDate",
    "comment",
]
STAMP = "2026-08-01T12:00:00.000Z"


@dataclass
class Package:
    version: str = "1.2"
    delta: bool = False
    orgs: list[dict] = field(default_factory=list)
    sessions: list[dict] = field(default_factory=list)
    users: list[dict] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    courses: list[dict] = field(default_factory=list)
    classes: list[dict] = field(default_factory=list)
    enrollments: list[dict] = field(default_factory=list)
    demographics: list[dict] = field(default_factory=list)
    categories: list[dict] = field(default_factory=list)
    line_items: list[dict] = field(default_factory=list)
    results: list[dict] = field(default_factory=list)
    extra_columns: dict[str, list[str]] = field(default_factory=dict)
    drop_columns: dict[str, list[str]] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)  # overrides, e.g. {"roles": "absent"}

    def _base(self, sourced_id: str, status: str) -> dict:
        if self.delta:
            return {
                "sourcedId": sourced_id,
                "status": status or "active",
                "dateLastModified": STAMP,
            }
        return {"sourcedId": sourced_id, "status": status, "dateLastModified": ""}

    def org(self, sourced_id, name, type="school", parent="", status="", **extra):
        self.orgs.append(
            self._base(sourced_id, status)
            | {"name": name, "type": type, "identifier": "", "parentSourcedId": parent}
            | extra
        )
        return self

    def session(self, sourced_id, title, type, start, end, year, parent="", status=""):
        self.sessions.append(
            self._base(sourced_id, status)
            | {
                "title": title,
                "type": type,
                "startDate": start,
                "endDate": end,
                "parentSourcedId": parent,
                "schoolYear": year,
            }
        )
        return self

    def user(
        self,
        sourced_id,
        role,
        given,
        family,
        *,
        org="sch1",
        email="",
        agents=(),
        grades="",
        identifier="",
        status="",
        role_status=None,
        role_end="",
        roles=None,
        **extra,
    ):
        """A person with one role at one org (or several: roles=[(role, org, type), ...])."""
        row = self._base(sourced_id, status) | {
            "enabledUser": "true",
            "username": sourced_id,
            "userIds": "",
            "givenName": given,
            "familyName": family,
            "middleName": "",
            "identifier": identifier,
            "email": email,
            "sms": "",
            "phone": "",
            "agentSourcedIds": ",".join(agents),
            "grades": grades,
            "password": "",
        }
        roles = roles or [(role, org, "primary")]
        if self.version == "1.1":
            row |= {"role": roles[0][0], "orgSourcedIds": ",".join(r[1] for r in roles)}
        else:
            for number, (name, where, kind) in enumerate(roles):
                self.roles.append(
                    self._base(f"r-{sourced_id}-{number}", role_status or status)
                    | {
                        "userSourcedId": sourced_id,
                        "roleType": kind,
                        "role": name,
                        "beginDate": "",
                        "endDate": role_end,
                        "orgSourcedId": where,
                        "userProfileSourcedId": "",
                    }
                )
        self.users.append(row | extra)
        return self

    def columns(self, name: str) -> list[str]:
        base = {
            "orgs": ORGS,
            "academicSessions": SESSIONS,
            "users": USERS_11 if self.version == "1.1" else USERS_12,
            "roles": ROLES,
            "courses": COURSES,
            "classes": CLASSES,
            "enrollments": ENROLLMENTS,
            "demographics": DEMOGRAPHICS,
            "categories": CATEGORIES,
            "lineItems": LINE_ITEMS,
            "results": RESULTS,
        }[name]
        dropped = self.drop_columns.get(name, [])
        return [c for c in base if c not in dropped] + self.extra_columns.get(name, [])

    def files(self) -> dict[str, list[dict]]:
        found = {
            "orgs": self.orgs,
            "academicSessions": self.sessions,
            "users": self.users,
            "roles": self.roles if self.version == "1.2" else [],
            "courses": self.courses,
            "classes": self.classes,
            "enrollments": self.enrollments,
            "demographics": self.demographics,
            "categories": self.categories,
            "lineItems": self.line_items,
            "results": self.results,
        }
        return {name: rows for name, rows in found.items() if rows}

    def manifest(self) -> list[tuple[str, str]]:
        names = [
            "academicSessions",
            "categories",
            "classes",
            "classResources",
            "courses",
            "courseResources",
            "demographics",
            "enrollments",
            "lineItems",
            "orgs",
            "resources",
            "results",
            "users",
        ]
        if self.version == "1.2":
            names += ["roles", "userProfiles", "userResources"]
        present = self.files()
        mode = "delta" if self.delta else "bulk"
        rows = [("manifest.version", "1.0"), ("oneroster.version", self.version)]
        for name in sorted(names):
            rows.append(
                (f"file.{name}", self.modes.get(name, mode if name in present else "absent"))
            )
        rows += [("source.systemName", "Tests SIS"), ("source.systemCode", "tests")]
        return rows

    def write(self, folder: Path, *, zipped: bool = False) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["propertyName", "value"])
            writer.writerows(self.manifest())
        for name, rows in self.files().items():
            columns = self.columns(name)
            with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as out:
                writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
                writer.writeheader()
                for row in rows:
                    writer.writerow({column: row.get(column, "") for column in columns})
        if not zipped:
            return folder
        archive = folder.with_suffix(".zip")
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(folder.glob("*.csv")):
                zf.write(path, path.name)
        return archive


def harbor(version: str = "1.2") -> Package:
    """Lighthouse High in a district: a year with two semesters (and a grading period inside
    the fall), two students in grades 6–12 and one in grade 5, three caregivers (guardianships
    from the student side for the first child, from the parent side for the second), a teacher,
    a counselor, a principal and an aide; classes and enrollments Tandem counts but does not
    keep."""
    package = Package(version=version)
    package.org("dist1", "Harbor District", type="district")
    package.org("sch1", "Lighthouse High", parent="dist1")
    package.session("sy27", "2026-2027", "schoolYear", "2026-08-24", "2027-06-18", "2027")
    package.session("fall", "Fall", "semester", "2026-08-24", "2027-01-22", "2027", parent="sy27")
    package.session("spring", "Spring", "semester", "2027-01-25", "2027-06-18", "2027", "sy27")
    package.session("q1", "Q1", "gradingPeriod", "2026-08-24", "2026-10-30", "2027", "fall")
    package.user(
        "s1",
        "student",
        "Samuel",
        "Rivera",
        email="sam@students.lighthouse.test",
        agents=["p1", "p2"],
        grades="09",
        identifier="L-100",
        userIds="{state:MA-555},{LDAP:srivera}",
        preferredGivenName="Sam",
        pronouns="he/him",
    )
    package.user("s2", "student", "Olive", "Chen", grades="10", identifier="L-200")
    package.user("s3", "student", "Tiny", "Tim", grades="05", identifier="L-300")
    package.user("p1", "parent", "Carla", "Rivera", email="Carla@Family.test", sms="617-555-0101")
    package.user(
        "p2", "guardian", "Ned", "Rivera", email="ned@family.test", phone="+1 617 555 0102"
    )
    package.user("p3", "relative", "Fiona", "Chen", email="fiona@family.test", agents=["s2"])
    package.user("t1", "teacher", "Alice", "Advisor", email="alice@lighthouse.test")
    package.user("t2", "counselor", "Cody", "Counselor", email="cody@lighthouse.test")
    package.user("a1", "principal", "Pat", "Principal", email="pat@lighthouse.test")
    package.user("x1", "aide", "Ada", "Aide", email="ada@lighthouse.test")
    if version == "1.1":
        # 1.1 has no counselor or principal: they come as administrators.
        for row in package.users:
            if row["role"] in ("counselor", "principal"):
                row["role"] = "administrator"
    package.courses.append(
        {
            "sourcedId": "c1",
            "title": "Algebra",
            "orgSourcedId": "sch1",
            "schoolYearSourcedId": "sy27",
        }
    )
    package.classes.append(
        {
            "sourcedId": "k1",
            "title": "Algebra 1",
            "courseSourcedId": "c1",
            "classType": "scheduled",
            "schoolSourcedId": "sch1",
            "termSourcedIds": "fall",
        }
    )
    for number, user in enumerate(["s1", "s2", "t1"]):
        package.enrollments.append(
            {
                "sourcedId": f"e{number}",
                "classSourcedId": "k1",
                "schoolSourcedId": "sch1",
                "userSourcedId": user,
                "role": "teacher" if user == "t1" else "student",
                "primary": "true" if user == "t1" else "false",
            }
        )
    package.demographics.append({"sourcedId": "s1", "birthDate": "2011-03-04", "sex": "male"})
    return package
