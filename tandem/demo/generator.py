"""The demo school, Riverside Community High School, built from a seed.

The same seed and size give the same people, names and ids (one random.Random(seed), no global
random state); only the calendar follows today's date. Rows are made in memory first and written
with bulk_create, so 2,000 students take seconds. The people behind the demo logins
(tandem.demo.logins) have fixed e-mail addresses, so they are found whatever the seed.
"""

import math
import random
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from tandem.advisories.models import Advisory
from tandem.people.models import Caregiver, Guardianship, Household, Student
from tandem.schools.models import AcademicYear, Quarter, Role, School, StaffRole, Term

from . import spanish
from .families import Accounts, Families, User, ascii_slug

SCHOOL_NAME = "Riverside Community High School"
TIME_ZONE = "America/New_York"
STAFF_DOMAIN = "riverside.example.org"
STUDENT_DOMAIN = "students.riverside.example.org"
# Public on purpose: every demo account signs in with it.
DEMO_PASSWORD = "tandem-demo"  # noqa: S105
ADVISEES_PER_ADVISOR = 15
MIN_STUDENTS = 3  # the demo family's two children and a Spanish-speaking family's child
SUPPORT = 0.15  # students with an IEP, 504 plan or EST, each with a case manager
COUNSELED = 0.25  # students with the counselor assigned

COORDINATOR_EMAIL = f"coordinator@{STAFF_DOMAIN}"
ADMIN_EMAIL = f"admin@{STAFF_DOMAIN}"
COUNSELOR_EMAIL = f"counselor@{STAFF_DOMAIN}"
CASE_MANAGER_EMAILS = (f"casemanager1@{STAFF_DOMAIN}", f"casemanager2@{STAFF_DOMAIN}")
ADVISOR_EMAIL = f"advisor1@{STAFF_DOMAIN}"  # holds the most advisees, among them the two below
FAMILY_EMAIL = "family@example.com"  # two children here, two households, English
FAMILIA_EMAIL = "familia@example.com"  # a Spanish-speaking family
STUDENT_EMAIL = f"student@{STUDENT_DOMAIN}"  # the older child of family@example.com

# Staff backgrounds: weights over names.CULTURES.
STAFF_BACKGROUNDS = {
    "general": 8,
    "african_american": 3,
    "hispanic": 3,
    "east_asian": 2,
    "south_asian": 2,
    "haitian": 1,
    "vietnamese": 1,
    "lusophone": 1,
    "somali": 1,
    "arabic": 1,
}


@dataclass
class Summary:
    school: School
    year: AcademicYear
    counts: dict[str, int]


def school_year(today: date) -> tuple[date, date]:
    """The school year containing today; in the summer break, the one about to start."""
    start_year = today.year if today >= date(today.year, 6, 19) else today.year - 1
    return date(start_year, 8, 25), date(start_year + 1, 6, 18)


def split_dates(start: date, end: date, parts: int) -> list[tuple[date, date]]:
    """`parts` back-to-back stretches covering start..end."""
    days = (end - start).days + 1
    starts = [start + timedelta(days=round(i * days / parts)) for i in range(parts)]
    ends = [s - timedelta(days=1) for s in starts[1:]] + [end]
    return list(zip(starts, ends, strict=True))


class Builder:
    """One run of the generator: the random stream and the rows it makes."""

    def __init__(self, *, students: int, seed: int, today: date):
        if students < MIN_STUDENTS:
            raise ValidationError(f"The demo school needs at least {MIN_STUDENTS} students.")
        self.n = students
        self.rng = random.Random(seed)
        self.today = today
        # Hashed once and shared: argon2 is slow on purpose, thousands of hashes take minutes.
        self.accounts = Accounts(
            password_hash=make_password(DEMO_PASSWORD),
            reserved={FAMILY_EMAIL, FAMILIA_EMAIL, STUDENT_EMAIL},
        )
        self.roles: list[StaffRole] = []

    def staff(self, school: School, people: Families, email: str, role: str):
        background = self.rng.choices(
            list(STAFF_BACKGROUNDS), weights=list(STAFF_BACKGROUNDS.values())
        )[0]
        first = people.name(background, girl=self.rng.random() < 0.65)
        user = self.accounts.add(email, f"{first} {people.surname(background)}")
        self.roles.append(StaffRole(user=user, school=school, role=role))
        return user

    def calendar(self, school: School) -> AcademicYear:
        starts, ends = school_year(self.today)
        year = AcademicYear.objects.create(
            school=school, name=f"{starts.year}–{ends.year}", starts_on=starts, ends_on=ends
        )
        Quarter.objects.bulk_create(
            Quarter(year=year, number=number, starts_on=first, ends_on=last)
            for number, (first, last) in enumerate(split_dates(starts, ends, 4), start=1)
        )
        Term.objects.bulk_create(
            Term(year=year, **spanish.term_name(name), starts_on=first, ends_on=last)
            for name, (first, last) in zip(
                ["Fall", "Winter", "Spring"], split_dates(starts, ends, 3), strict=True
            )
        )
        return year

    def build(self) -> Summary:
        rng = self.rng
        school = School.objects.create(name=SCHOOL_NAME, time_zone=TIME_ZONE, languages="en,es")
        year = self.calendar(school)
        people = Families(students=self.n, rng=rng, accounts=self.accounts, school=school)

        coordinator = self.staff(school, people, COORDINATOR_EMAIL, Role.COORDINATOR)
        self.staff(school, people, ADMIN_EMAIL, Role.SCHOOL_ADMIN)
        counselor = self.staff(school, people, COUNSELOR_EMAIL, Role.COUNSELOR)
        case_managers = [
            self.staff(school, people, email, Role.CASE_MANAGER) for email in CASE_MANAGER_EMAILS
        ]
        advisor_count = math.ceil(self.n / ADVISEES_PER_ADVISOR)
        advisors = [
            self.staff(school, people, f"advisor{i}@{STAFF_DOMAIN}", Role.ADVISOR)
            for i in range(1, advisor_count + 1)
        ]

        families = people.make(demo_email=FAMILY_EMAIL, spanish_email=FAMILIA_EMAIL)
        students = people.students
        demo_student = families[0].students[0]
        spanish_student = next(f for f in families[1:] if f.language == "es").students[0]

        local_ids = rng.sample(range(100000, 1000000), self.n)
        state_ids = rng.sample(range(10**9, 10**10), self.n)
        for student, local_id, state_id in zip(students, local_ids, state_ids, strict=True):
            student.local_id, student.state_id = f"RCH{local_id:06d}", str(state_id)
            if student is demo_student:
                email = STUDENT_EMAIL
            else:
                graduates = year.ends_on.year + 12 - student.grade
                local = f"{ascii_slug(student.first_name)[:1]}{ascii_slug(student.last_name)}"
                email = self.accounts.free(f"{local}{graduates % 100:02d}", STUDENT_DOMAIN)
            student.user = self.accounts.add(
                email, student.display_name, student.preferred_language
            )

        for number, student in enumerate(rng.sample(students, round(SUPPORT * self.n))):
            kind = rng.random()
            student.has_iep = kind < 0.55 or kind > 0.95
            student.has_504 = 0.55 <= kind < 0.85
            student.has_est = kind >= 0.85
            student.case_manager = case_managers[number % len(case_managers)]
        for student in rng.sample(students, round(COUNSELED * self.n)):
            student.counselor = counselor

        advisories = self.advisories(
            year, advisors, students, first=[demo_student, spanish_student], by=coordinator
        )
        guardianships = [
            Guardianship(
                student=student,
                caregiver=caregiver,
                household=home,
                relationship=kind,
                has_educational_rights=rights,
                lives_with_student=lives,
                receives_mailings=rights,
            )
            for family in families
            for student in family.students
            for caregiver, home, kind, rights, lives in family.ties
        ]

        # Parents before children: bulk_create fills in each row's id, and the foreign keys of
        # the rows made earlier in memory pick it up when they are saved.
        User.objects.bulk_create(self.accounts.users, batch_size=500)
        StaffRole.objects.bulk_create(self.roles, batch_size=500)
        Student.objects.bulk_create(students, batch_size=500)
        Caregiver.objects.bulk_create(people.caregivers, batch_size=500)
        Household.objects.bulk_create(people.households, batch_size=500)
        Guardianship.objects.bulk_create(guardianships, batch_size=500)
        Advisory.objects.bulk_create(advisories, batch_size=500)

        counts = {
            "students": len(students),
            "families": len(families),
            "families with siblings here": sum(1 for f in families if f.size > 1),
            "students in two households": sum(f.size for f in families if f.two_households),
            "students with IEP/504/EST": round(SUPPORT * self.n),
            "Spanish-speaking families": sum(1 for f in families if f.language == "es"),
            "families with another home language": sum(
                1 for f in families if f.home_language and f.language != "es"
            ),
            "caregivers": len(people.caregivers),
            "households": len(people.households),
            "guardianships": len(guardianships),
            "staff": len(self.roles),
            "advisors": len(advisors),
            "users": len(self.accounts.users),
        }
        return Summary(school=school, year=year, counts=counts)

    def advisories(self, year, advisors, students, *, first, by) -> list[Advisory]:
        """Grade-level advisories of about 15: students by grade, cut into even groups. The
        first advisor's (largest) group gets the `first` students, so the demo advisor advises
        the demo student and a Spanish-speaking family's child."""
        order = sorted(students, key=lambda s: (s.grade, self.rng.random()))
        for position, student in enumerate(first):
            at = order.index(student)
            order[position], order[at] = order[at], order[position]
        assigned_at = min(
            timezone.now(),
            datetime.combine(year.starts_on - timedelta(days=7), time(9), tzinfo=year.school.zone),
        )
        advisories, start = [], 0
        for number, advisor in enumerate(advisors):
            size = len(order) // len(advisors) + (1 if number < len(order) % len(advisors) else 0)
            advisories += [
                Advisory(
                    student=student,
                    advisor=advisor,
                    year=year,
                    started_at=assigned_at,
                    assigned_by=by,
                )
                for student in order[start : start + size]
            ]
            start += size
        return advisories


def demo_today() -> date:
    """The demo's today: today at the demo school (its time zone), the one date every part of
    the demo is built from (seed_demo passes it along)."""
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(TIME_ZONE))


@transaction.atomic
def build_demo_school(*, students: int = 300, seed: int = 2026, today: date | None = None):
    """Write the demo school: all of it or, on any error, nothing."""
    if today is None:
        today = demo_today()
    summary = Builder(students=students, seed=seed, today=today).build()
    refresh_statistics()
    return summary


SEEDED_MODELS = (User, StaffRole, Student, Caregiver, Household, Guardianship, Advisory)


def refresh_statistics() -> None:
    """Tell PostgreSQL's planner how big the tables just became. Until autovacuum gets round to
    it, the planner takes the freshly loaded tables for empty and picks nested loops that scan
    2,000 × 2,000 rows (the coordinator's "students without an advisor" count took 0.5 s)."""
    if connection.vendor != "postgresql":
        return  # SQLite keeps no statistics unless asked, and stale ones are worse than none
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in SEEDED_MODELS)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


def demo_school() -> School | None:
    return School.objects.filter(name=SCHOOL_NAME).first()
