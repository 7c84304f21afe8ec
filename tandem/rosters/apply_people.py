"""Applying a package's people: students, staff, caregivers, their sign-in identities, and the
ties between students and caregivers (guardianships in households).

What comes from the school's information system is updated on every import; what is kept in
Tandem stays: a caregiver's educational rights, household, lives-with and contact preferences,
a student's support plans, case manager and language, roles given in Tandem (coordinator, case
manager), and advisories. A person the package drops (`tobedeleted`, an ended role, or missing
from a full roster) is deactivated, never deleted: their history stays.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from tandem.core.bulk import insert
from tandem.people import phones
from tandem.people.models import Caregiver, Guardianship, Student
from tandem.schools.models import Role, School, StaffRole

from .apply import BATCH, CAREGIVER, STUDENT, Context, Planned, chunked, person_name
from .apply_signins import SignIns
from .apply_ties import Tie, Ties
from .oneroster import BULK, Person

User = get_user_model()

# OneRoster role -> what it is in Tandem. Aides, proctors and system administrators get no
# record access (PRODUCT.md: a legitimate educational interest), so they are not imported.
ROLE_KINDS = {
    "student": STUDENT,
    "parent": CAREGIVER,
    "guardian": CAREGIVER,
    "relative": CAREGIVER,
    "teacher": Role.ADVISOR,
    "counselor": Role.COUNSELOR,
    "principal": Role.SCHOOL_ADMIN,
    "administrator": Role.SCHOOL_ADMIN,
    "districtAdministrator": Role.SCHOOL_ADMIN,
    "siteAdministrator": Role.SCHOOL_ADMIN,
}
STATE_ID_TYPES = {"state", "stateid", "state_id", "ssid", "sasid", "statestudentid"}
STATE_ID_METADATA = ("metadata.stateid", "metadata.state_id", "metadata.ssid", "metadata.sasid")
GRADES_SERVED = range(6, 13)
STUDENT_FIELDS = [
    "first_name",
    "last_name",
    "preferred_name",
    "pronouns",
    "grade",
    "local_id",
    "state_id",
    "is_active",
    "sourced_id",
    "user",
    "entered_on",
    "entered_on_imported",
]
CAREGIVER_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "mobile_phone",
    "is_active",
    "sourced_id",
    "user",
]


def _grade(person: Person) -> int | None:
    for grade in person.grades:
        if grade.isdigit():
            return int(grade)
    return None


def _state_id(person: Person) -> str:
    for kind, value in person.user_ids.items():
        if kind in STATE_ID_TYPES and value:
            return value[:40]
    for key in STATE_ID_METADATA:
        if person.metadata.get(key):
            return person.metadata[key][:40]
    return ""


def _digits(raw: str) -> str:
    return "".join(char for char in raw if char.isdigit())


class PeopleStep(SignIns, Ties):
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.package = ctx.package
        self.report = ctx.report
        self.people = ctx.package.users
        version_11 = ctx.package.version == "1.1"
        self.bulk_people = ctx.package.mode("users") == BULK
        self.bulk_roles = ctx.package.mode("users" if version_11 else "roles") == BULK
        self.deleted = {sid for sid, person in self.people.items() if person.deleted}
        # What the package asks for.
        self.student_at: dict[tuple[int, str], Person | None] = {}
        self.staff_at: dict[tuple[int, str], set[str]] = defaultdict(set)
        self.caregiver_role: dict[str, str] = {}
        self.ended: set[tuple[int, str, str]] = set()
        self.ended_caregivers: set[str] = set()
        # People a delta names without a role: their details change, not whether they are active.
        self.kept: set[str] = set()
        self._emails: dict[str, str] = {}
        self._phones: dict[str, str] = {}
        # Each student's start at a school, from enrollments (see `entered`).
        self.begins: dict[tuple[int, str], date] = {}
        for (sid, org), begin in ctx.package.enrollment_begins.items():
            school = ctx.schools.get(org)
            if school is not None:
                key = (school.pk, sid)
                self.begins[key] = min(begin, self.begins.get(key, begin))
        self.bulk_enrollments = ctx.package.mode("enrollments") == BULK
        self.import_day = {school.pk: ctx.today_at(school) for school in ctx.schools.values()}

    def run(self) -> None:
        # One import at a time per school: a second one waits here for the first to commit.
        list(School.objects.select_for_update().filter(pk__in=self.ctx.school_ids))
        self.read_roles()
        self.load()
        self.keep_roles()
        self.edges = self.link()
        students = self.plan_students()
        staff = self.plan_staff()
        caregivers = self.plan_caregivers(students)
        self.ctx.check()
        self.make_users(students, staff, caregivers)
        self.write_students(students)
        self.write_staff(staff)
        self.write_caregivers(caregivers)
        self.write_guardianships()
        if self.users_changed:
            User.objects.bulk_update(
                list(self.users_changed.values()), ["email", "full_name"], batch_size=BATCH
            )

    def student_ids(self) -> dict[tuple[int, str], int]:
        """(school id, sourcedId) -> Student id of every imported student of the schools, once
        written: what course records attach to."""
        return {key: student.pk for key, student in self.students.items()}

    # -- What the package says ---------------------------------------------------------------

    def read_roles(self) -> None:
        schools, orgs, today = self.ctx.schools, self.package.orgs, self.ctx.today
        primary_first = sorted(self.package.active_roles, key=lambda r: r.role_type != "primary")
        for role in primary_first:
            kind = ROLE_KINDS.get(role.role)
            if kind is None:
                self.report.ignored["roles_without_access"] += 1
                continue
            person = self.people.get(role.user)
            active = not (
                role.deleted or (role.end and role.end < today) or (person and person.deleted)
            )
            if kind == CAREGIVER:
                # A family belongs to the schools of its children, whatever org the role names.
                if active:
                    self.caregiver_role.setdefault(role.user, role.role)
                else:
                    self.ended_caregivers.add(role.user)
                continue
            school = schools.get(role.org)
            if school is None:
                org = orgs.get(role.org)
                reason = "roles_not_at_school" if org and org.type != "school" else "outside_school"
                self.report.ignored[reason] += 1
                continue
            key = (school.pk, role.user)
            if not active:
                self.ended.add((school.pk, role.user, kind))
            elif kind == STUDENT:
                self.student_at[key] = person
            else:
                self.staff_at[key].add(kind)

    def keep_roles(self) -> None:
        """A 1.2 delta carries roles.csv rows only for roles that changed: a person in users.csv
        with no role row keeps the roles they have, and their records are updated."""
        if self.bulk_roles:
            return
        with_roles = {role.user for role in self.package.roles}
        people = {
            sid
            for sid, person in self.people.items()
            if sid not in with_roles and not person.deleted
        }
        if not people:
            return
        self.kept = people
        for key in self.students:
            if key[1] in people:
                self.student_at.setdefault(key, self.people[key[1]])
        for key, roles in self.staff_roles.items():
            if key[1] in people:
                self.staff_at[key] |= set(roles)
        for _school, sid in self.caregivers:
            if sid in people:
                self.caregiver_role.setdefault(sid, "")  # a caregiver still; role unknown

    def gone(self, sid: str, *, ended: bool, wanted: bool) -> bool:
        """Whether a record the package does not ask for should be deactivated."""
        if wanted or sid in self.package.rejected_users:
            return False
        return (
            sid in self.deleted
            or ended
            or (self.bulk_people and sid not in self.people)
            or self.bulk_roles
        )

    def email_of(self, person: Person | None) -> str:
        if person is None:
            return ""
        if person.sourced_id not in self._emails:
            email = person.email.strip().lower()
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    self.report.warn(
                        person.file,
                        person.row,
                        "email",
                        _("“%(value)s” is not an e-mail address; it was not imported.")
                        % {"value": person.email},
                    )
                    email = ""
            self._emails[person.sourced_id] = email
        return self._emails[person.sourced_id]

    def phone_of(self, person: Person, current: str = "") -> str:
        if person.sourced_id not in self._phones:
            found = ""
            for column, raw in (("sms", person.sms), ("phone", person.phone)):
                if not raw:
                    continue
                if current and raw.startswith("+") and _digits(raw) == current[1:]:
                    found = current  # stored from this very number last time: no need to parse
                    break
                try:
                    found = phones.to_e164(raw)
                    break
                except ValidationError as error:
                    self.report.warn(person.file, person.row, column, error.messages[0])
            self._phones[person.sourced_id] = found
        return self._phones[person.sourced_id]

    # -- What Tandem has ---------------------------------------------------------------------

    def load(self) -> None:
        ids = self.ctx.school_ids
        self.students: dict[tuple[int, str], Student] = {}
        self.students_by_local: dict[tuple[int, str], Student] = {}
        rows = (
            Student.objects.filter(school_id__in=ids)
            .select_related("user")
            .only(*STUDENT_FIELDS, "school_id", "user__email", "user__full_name")
        )
        for student in rows:
            if student.sourced_id:
                self.students[(student.school_id, student.sourced_id)] = student
            self.students_by_local[(student.school_id, student.local_id)] = student
        self.loaded_students = dict(self.students)

        self.caregivers: dict[tuple[int, str], Caregiver] = {}
        self.caregivers_by_email: dict[tuple[int, str], list[Caregiver]] = defaultdict(list)
        rows = (
            Caregiver.objects.filter(school_id__in=ids)
            .select_related("user")
            .only(*CAREGIVER_FIELDS, "school_id", "user__email", "user__full_name")
        )
        for caregiver in rows:
            if caregiver.sourced_id:
                self.caregivers[(caregiver.school_id, caregiver.sourced_id)] = caregiver
            elif caregiver.email:
                self.caregivers_by_email[(caregiver.school_id, caregiver.email.lower())].append(
                    caregiver
                )
        self.loaded_caregivers = dict(self.caregivers)

        # Staff: roles imported before (per school and person), every role (to leave the ones
        # given in Tandem alone), and each imported person's sign-in, wherever they work.
        self.staff_roles: dict[tuple[int, str], dict[str, StaffRole]] = defaultdict(dict)
        self.roles_held: set[tuple[int, int, str]] = set()
        self.staff_user: dict[str, int] = {}
        for role in StaffRole.objects.filter(school_id__in=ids):
            self.roles_held.add((role.user_id, role.school_id, role.role))
            if role.sourced_id:
                self.staff_roles[(role.school_id, role.sourced_id)][role.role] = role
        wanted = {sid for _school, sid in self.staff_at} | {
            sid for _school, sid in self.staff_roles
        }
        for chunk in chunked(wanted):
            for sid, user_id in StaffRole.objects.filter(sourced_id__in=chunk).values_list(
                "sourced_id", "user_id"
            ):
                self.staff_user.setdefault(sid, user_id)

        # Ties as plain rows (there are as many as students): a model instance is made only
        # for the few that change.
        self.ties: dict[tuple[int, int], Tie] = {}
        self.household_of: dict[int, int] = {}
        rows = (
            Guardianship.objects.filter(student__school_id__in=ids)
            .order_by("household_id", "pk")
            .values_list(
                "pk", "student_id", "caregiver_id", "household_id", "relationship", "from_roster"
            )
        )
        for pk, student_id, caregiver_id, household_id, relationship, from_roster in rows:
            self.ties[(student_id, caregiver_id)] = Tie(pk, relationship, from_roster)
            self.household_of.setdefault(caregiver_id, household_id)
        self.user_by_email: dict[str, object] = {}
        self.users_changed: dict[int, object] = {}

    def link(self) -> set[tuple[str, str]]:
        """(student sourcedId, caregiver sourcedId) pairs from agentSourcedIds, either side."""
        students = {sid for _school, sid in self.student_at} | {sid for _s, sid in self.students}
        caregivers = set(self.caregiver_role) | {sid for _s, sid in self.caregivers}
        edges = set()
        for person in self.people.values():
            if person.deleted:
                continue
            sid = person.sourced_id
            for agent in person.agents:
                if sid in students and agent in caregivers:
                    edges.add((sid, agent))
                elif sid in caregivers and agent in students:
                    edges.add((agent, sid))
        return edges

    # -- Students ----------------------------------------------------------------------------

    def plan_students(self) -> list[Planned]:
        planned = []
        claimed: dict[tuple[int, str], str] = {}
        for key, person in sorted(self.student_at.items(), key=lambda item: item[0]):
            school_id, sid = key
            existing = self.students.get(key)
            if person is None:
                if existing is None:
                    self.report.ignored["people_without_row"] += 1
                else:
                    planned.append(Planned(key, None, existing, {"is_active": True}))
                continue
            grade = _grade(person)
            if grade not in GRADES_SERVED:
                if existing is not None and not person.grades:
                    grade = existing.grade
                else:
                    self.report.ignored["students_outside_grades"] += 1
                    continue
            local_id = person.identifier or (existing.local_id if existing else sid)
            if len(local_id) > 40:
                self.ctx.error_once(
                    person,
                    "identifier",
                    _("A student's identifier may have at most 40 characters."),
                )
                continue
            holder = self.students_by_local.get((school_id, local_id))
            if existing is None and holder is not None and not holder.sourced_id:
                existing = holder  # entered in Tandem before the first import: adopt it
            elif holder is not None and holder is not existing:
                self.ctx.error_once(
                    person,
                    "identifier",
                    _("%(id)s is already the local id of another student in Tandem (%(name)s).")
                    % {"id": local_id, "name": holder.display_name},
                )
                continue
            if claimed.setdefault((school_id, local_id), sid) != sid:
                self.ctx.error_once(
                    person,
                    "identifier",
                    _("%(id)s is also the identifier of another student in this package.")
                    % {"id": local_id},
                )
                continue
            preferred = person.preferred_given_name
            if not preferred or preferred == person.given_name:
                preferred = existing.preferred_name if existing else ""
            values = {
                "first_name": person.given_name[:100],
                "last_name": person.family_name[:100],
                "preferred_name": preferred[:100],
                "pronouns": (person.pronouns or (existing.pronouns if existing else ""))[:40],
                "grade": grade,
                "local_id": local_id,
                "state_id": _state_id(person) or (existing.state_id if existing else ""),
                "is_active": existing.is_active if existing and sid in self.kept else True,
                "sourced_id": sid,
            }
            values |= self.entered(key, existing)
            email = self.email_of(person) if person.enabled else ""
            planned.append(Planned(key, person, existing, values, email))
        return planned

    def entered(self, key: tuple[int, str], existing: Student | None) -> dict:
        """A student's start (`entered_on`): the earliest beginDate of their enrollments at the
        school, else, for a student this import creates, the import's date at the school. The
        import sets it only while it still equals what the last import set (or both are
        empty): a date staff corrected, or cleared, stays theirs."""
        if existing is not None and existing.entered_on != existing.entered_on_imported:
            return {}
        last = existing.entered_on_imported if existing is not None else None
        day = self.begins.get(key)
        if day is not None and last is not None and not self.bulk_enrollments:
            day = min(day, last)  # a delta lists only the enrollments that changed
        if day is None:
            day = last if existing is not None else self.import_day[key[0]]
        return {"entered_on": day, "entered_on_imported": day}

    def _upsert(self, planned: list[Planned], *, model, kind: str, role, into: dict):
        """Create or update each planned record in memory, linking its sign-in; returns the
        new records and the changed ones (by pk) for one bulk write each."""
        new, changed = [], {}
        for item in planned:
            record = item.record
            values = dict(item.values)
            if item.person is not None:
                values["user_id"] = self.link_user(item, role, record.user_id if record else None)
            if record is None:
                record = model(school_id=item.key[0], **values)
                new.append(record)
                self.report.count(kind, "created")
            elif self._assign(record, values):
                changed[record.pk] = record
                self.report.count(kind, "updated")
            else:
                self.report.count(kind, "unchanged")
            into[item.key] = record
        return new, changed

    def write_students(self, planned: list[Planned]) -> None:
        new, changed = self._upsert(
            planned, model=Student, kind="students", role=STUDENT, into=self.students
        )
        wanted = {item.key for item in planned}
        for key, record in self.loaded_students.items():
            school_id, sid = key
            ended = (school_id, sid, STUDENT) in self.ended
            if record.is_active and self.gone(sid, ended=ended, wanted=key in wanted):
                record.is_active = False
                changed[record.pk] = record
                self.report.count("students", "deactivated")
        insert(Student, new)
        Student.objects.bulk_update(list(changed.values()), STUDENT_FIELDS, batch_size=BATCH)

    # -- Staff -------------------------------------------------------------------------------

    def plan_staff(self) -> list[Planned]:
        planned = []
        for key in sorted(set(self.staff_at) | set(self.staff_roles)):
            school_id, sid = key
            want = self.staff_at.get(key, set())
            person = self.people.get(sid)
            item = Planned(key, person, None, {"want": want})
            if want and sid not in self.staff_user:
                item.email = self.email_of(person)
                if not item.email:
                    reason = "people_without_row" if person is None else "staff_without_email"
                    self.report.ignored[reason] += 1
                    if person is not None:
                        self.report.warn(
                            person.file,
                            person.row,
                            "email",
                            _(
                                "Staff sign in with their e-mail address; %(name)s has none, so "
                                "they were not imported."
                            )
                            % {"name": person_name(person)},
                        )
                    item.values["want"] = set()
            planned.append(item)
        return planned

    def write_staff(self, planned: list[Planned]) -> None:
        new, old = [], []
        for item in planned:
            school_id, sid = item.key
            want, have = item.values["want"], self.staff_roles.get(item.key, {})
            drop = [
                role
                for name, role in have.items()
                if name not in want
                and self.gone(sid, ended=(school_id, sid, name) in self.ended, wanted=False)
            ]
            user_id = self.staff_user.get(sid)
            if want and user_id is None:
                user = self.user_by_email[item.email]
                user_id = self.staff_user[sid] = user.pk
            add = [
                name
                for name in sorted(want - set(have))
                if (user_id, school_id, name) not in self.roles_held
            ]
            renamed = bool(want) and item.person is not None and self._rename(user_id, item.person)
            new += [
                StaffRole(user_id=user_id, school_id=school_id, role=name, sourced_id=sid)
                for name in add
            ]
            self.roles_held.update((user_id, school_id, name) for name in add)
            old += drop
            if not have and add:
                action = "created"
            elif have and len(drop) == len(have) and not add and not want:
                action = "deactivated"
            elif add or drop or renamed:
                action = "updated"
            elif want:
                action = "unchanged"
            else:
                continue  # a delta that does not mention them
            self.report.count("staff", action)
        insert(StaffRole, new)
        for chunk in chunked([role.pk for role in old]):
            StaffRole.objects.filter(pk__in=chunk).delete()

    def _rename(self, user_id: int, person: Person) -> bool:
        """Staff names and e-mail follow the SIS."""
        user = self.staff_users.get(user_id)
        if user is None:
            return False
        changed = False
        name = person_name(person)
        if name and user.full_name != name:
            user.full_name = name
            self.users_changed[user.pk] = user
            changed = True
        email = self.email_of(person)
        if email and user.email != email:
            changed = self.change_email(user, email, person) or changed
        return changed

    # -- Caregivers --------------------------------------------------------------------------

    def plan_caregivers(self, students: list[Planned]) -> list[Planned]:
        schools_of: dict[str, set[int]] = defaultdict(set)
        for school_id, sid in [item.key for item in students] + list(self.students):
            schools_of[sid].add(school_id)
        wanted = {(school_id, cg) for st, cg in self.edges for school_id in schools_of[st]}
        wanted |= {key for key in self.caregivers if key[1] in self.caregiver_role}
        placed = {sid for _school, sid in wanted}
        self.report.ignored["caregivers_without_student"] += len(set(self.caregiver_role) - placed)
        planned, adopted = [], set()
        for key in sorted(wanted):
            school_id, sid = key
            if sid not in self.caregiver_role:
                continue  # no caregiver role in this package: nothing to update
            person, existing = self.people.get(sid), self.caregivers.get(key)
            if person is None:
                if existing is None:
                    self.report.ignored["people_without_row"] += 1
                else:
                    planned.append(Planned(key, None, existing, {"is_active": True}))
                continue
            email = self.email_of(person)
            if existing is None and email:
                candidates = [
                    c
                    for c in self.caregivers_by_email.get((school_id, email), ())
                    if c.pk not in adopted
                ]
                if len(candidates) == 1:
                    existing = candidates[0]  # entered in Tandem before: adopt
                    adopted.add(existing.pk)
            values = {
                "first_name": person.given_name[:100],
                "last_name": person.family_name[:100],
                "is_active": existing.is_active if existing and sid in self.kept else True,
                "sourced_id": sid,
            }
            # Contact details corrected in Tandem are not erased by a blank in the SIS.
            if email:
                values["email"] = email
            phone = self.phone_of(person, existing.mobile_phone if existing else "")
            if phone:
                values["mobile_phone"] = phone
            planned.append(Planned(key, person, existing, values, email if person.enabled else ""))
        return planned

    def write_caregivers(self, planned: list[Planned]) -> None:
        new, changed = self._upsert(
            planned, model=Caregiver, kind="caregivers", role=CAREGIVER, into=self.caregivers
        )
        wanted = {item.key for item in planned}
        for key, record in self.loaded_caregivers.items():
            sid = key[1]
            if not record.is_active or key in wanted or sid in self.caregiver_role:
                continue
            if self.gone(sid, ended=sid in self.ended_caregivers, wanted=False):
                record.is_active = False
                changed[record.pk] = record
                self.report.count("caregivers", "deactivated")
        insert(Caregiver, new)
        Caregiver.objects.bulk_update(list(changed.values()), CAREGIVER_FIELDS, batch_size=BATCH)

    @staticmethod
    def _assign(record, values: dict) -> bool:
        changed = False
        for name, value in values.items():
            if getattr(record, name) != value:
                setattr(record, name, value)
                changed = True
        return changed
