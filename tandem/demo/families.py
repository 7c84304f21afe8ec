"""The demo school's families, made up in memory from one random stream.

Who lives with whom, who may see the record, which language the family reads and whether it
needs an interpreter: the shapes schools meet every day, in the shares the constants below say.
Nothing here writes to the database; generator.py saves the rows in bulk.
"""

import itertools
import random
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from tandem.people.models import Caregiver, Household, Relationship, Student
from tandem.people.phones import to_e164

from .names import (
    AREA_CODES,
    CHOSEN_NAMES,
    CULTURES,
    ENGLISH_BACKGROUNDS,
    NICKNAMES,
    OTHER_HOME_LANGUAGES,
    STREETS,
)

FAMILY_DOMAINS = ("example.com", "example.net", "mail.example.com", "family.example.net")

# Shares of the school: families with two or more children here, students in two households,
# students of Spanish-speaking families, students whose family speaks another language at home.
SIBLING_FAMILIES = 0.20
TWO_HOUSEHOLDS = 0.15
SPANISH = 0.12
OTHER_LANGUAGES = 0.05

User = get_user_model()


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class Accounts:
    """The sign-ins to create: every address unique (they are compared case-insensitively, so
    all are lower case), every one with the same password hash."""

    def __init__(self, *, password_hash: str, reserved: set[str]):
        self.password_hash = password_hash
        self.reserved = reserved
        self.taken: set[str] = set()
        self.users: list = []

    def add(self, email: str, full_name: str, language: str = "en"):
        email = email.lower()
        assert email not in self.taken, email
        self.taken.add(email)
        user = User(
            email=email,
            full_name=full_name,
            preferred_language=language,
            password=self.password_hash,
        )
        self.users.append(user)
        return user

    def free(self, local: str, domain: str) -> str:
        """local@domain, or local2@domain, local3@domain… if it is taken."""
        candidate, number = f"{local}@{domain}", 1
        while candidate in self.taken or candidate in self.reserved:
            number += 1
            candidate = f"{local}{number}@{domain}"
        return candidate


@dataclass
class Family:
    background: str
    size: int
    language: str = "en"  # the page language of its caregivers: en or es
    home_language: str = ""
    two_households: bool = False
    students: list = field(default_factory=list)
    # (caregiver, household, relationship, has educational rights, lives with the student)
    ties: list = field(default_factory=list)


class Families:
    def __init__(self, *, students: int, rng: random.Random, accounts: Accounts, school):
        self.n = students
        self.rng = rng
        self.accounts = accounts
        self.school = school
        self.students: list[Student] = []
        self.caregivers: list[Caregiver] = []
        self.households: list[Household] = []

    def name(self, background: str, girl: bool) -> str:
        culture = CULTURES[background]
        return self.rng.choice(culture.girls if girl else culture.boys)

    def surname(self, background: str) -> str:
        surname = self.rng.choice(CULTURES[background].surnames)
        if background == "hispanic" and self.rng.random() < 0.2:
            surname += " " + self.rng.choice(CULTURES[background].surnames)
        return surname

    def make(self, *, demo_email: str, spanish_email: str) -> list[Family]:
        """Every family, the first being the demo family (two children here, two households,
        English; its first caregiver signs in as demo_email); the first Spanish-speaking family
        after it signs in as spanish_email."""
        families = self.plan()
        spanish = next(f for f in families[1:] if f.language == "es")
        emails = {id(families[0]): demo_email, id(spanish): spanish_email}
        for family in families:
            surname = self.surname(family.background)
            self.caregivers_of(family, surname, email=emails.get(id(family), ""))
            self.children(family, surname)
        numbers = iter(self.phone_numbers(sum(1 for c in self.caregivers if c.mobile_phone)))
        for caregiver in self.caregivers:
            if caregiver.mobile_phone:
                caregiver.mobile_phone = next(numbers)
        return families

    def sizes(self) -> list[int]:
        """How many children each family has here; the first (the demo family) has two."""
        sizes, total = [2], 2
        while total < self.n:
            with_siblings = sum(1 for size in sizes if size > 1)
            if with_siblings < round(SIBLING_FAMILIES * (len(sizes) + 1)):
                size = 3 if self.rng.random() < 0.15 else 2
            else:
                size = 1
            size = min(size, self.n - total)
            sizes.append(size)
            total += size
        rest = sizes[1:]
        self.rng.shuffle(rest)
        return [2, *rest]

    def plan(self) -> list[Family]:
        """Sizes, languages and households; shares are met by walking the families in a random
        order until enough students are covered, so they hold for any seed."""
        rng = self.rng
        english = list(ENGLISH_BACKGROUNDS)
        weights = list(ENGLISH_BACKGROUNDS.values())
        families = [
            Family(background=rng.choices(english, weights=weights)[0], size=size)
            for size in self.sizes()
        ]
        families[0].two_households = True
        others = list(range(1, len(families)))
        rng.shuffle(others)
        spanish = other = 0
        home_languages = itertools.cycle(OTHER_HOME_LANGUAGES)
        for index in others:
            family = families[index]
            if spanish < SPANISH * self.n:
                family.background, family.language = "hispanic", "es"
                family.home_language = "Spanish"
                spanish += family.size
            elif other < OTHER_LANGUAGES * self.n:
                language, background = next(home_languages)
                family.background, family.home_language = background, language
                other += family.size
        rng.shuffle(others)
        two_homes = families[0].size
        for index in others:
            if two_homes >= TWO_HOUSEHOLDS * self.n:
                break
            families[index].two_households = True
            two_homes += families[index].size
        return families

    def caregiver(self, family: Family, first: str, last: str, *, email: str = ""):
        rng = self.rng
        has_email = bool(email) or rng.random() < 0.88
        has_phone = rng.random() < 0.93 or not has_email
        if has_email and not email:
            given, family_name = ascii_slug(first), ascii_slug(last)
            local = rng.choice(
                [
                    f"{given}.{family_name}",
                    f"{given[0]}{family_name}",
                    f"{given}{family_name}{rng.randint(1, 99)}",
                ]
            )
            email = self.accounts.free(local, rng.choice(FAMILY_DOMAINS))
        texts = 0.7 if family.home_language else 0.5
        caregiver = Caregiver(
            school=self.school,
            first_name=first,
            last_name=last,
            email=email,
            mobile_phone="+" if has_phone else "",  # numbered once all are known
            preferred_language=family.language,
            home_language=family.home_language,
            needs_interpreter=bool(family.home_language)
            and (family.language != "es" or rng.random() < 0.45),
            contact_by_email=has_email and rng.random() < 0.92,
            contact_by_text=has_phone and rng.random() < texts,
            contact_by_call=has_phone and rng.random() < 0.2,
        )
        if not caregiver.contact_methods:
            caregiver.contact_by_text = has_phone
            caregiver.contact_by_email = not has_phone
        if email:
            caregiver.user = self.accounts.add(email, caregiver.full_name, family.language)
        self.caregivers.append(caregiver)
        return caregiver

    def household(self, last: str) -> Household:
        home = Household(school=self.school, name=f"{last} ({self.rng.choice(STREETS)})")
        self.households.append(home)
        return home

    def caregivers_of(self, family: Family, surname: str, *, email: str = "") -> None:
        bg, rng = family.background, self.rng

        def own_surname(chance: float) -> str:
            return self.surname(bg) if rng.random() < chance else surname

        home = self.household(surname)
        shape = rng.random()
        if family.two_households:
            kinds = [Relationship.MOTHER if shape < 0.7 else Relationship.FATHER]
        elif shape < 0.58:
            together = [Relationship.PARENT] * 2 if rng.random() < 0.04 else None
            kinds = together or [Relationship.MOTHER, Relationship.FATHER]
        elif shape < 0.88:
            kinds = [Relationship.MOTHER if rng.random() < 0.75 else Relationship.FATHER]
        elif shape < 0.95:
            kinds = [Relationship.GRANDPARENT]
        else:
            others = [Relationship.GUARDIAN, Relationship.FOSTER_PARENT, Relationship.RELATIVE]
            kinds = [rng.choice(others)]
        for number, kind in enumerate(kinds):
            girl = kind in {Relationship.MOTHER, Relationship.GRANDPARENT} or (
                kind != Relationship.FATHER and rng.random() < 0.6
            )
            last = own_surname(0.55 if bg == "hispanic" else 0.3) if girl else surname
            if kind in {Relationship.GUARDIAN, Relationship.FOSTER_PARENT}:
                last = self.surname(bg)
            first = self.name(bg, girl)
            person = self.caregiver(family, first, last, email=email if number == 0 else "")
            family.ties.append((person, home, kind, True, True))
        if not family.two_households:
            return
        # The other parent's home. A court order removed some parents' educational rights;
        # the demo families' other parent keeps them.
        other_kind = Relationship.FATHER if kinds[0] == Relationship.MOTHER else Relationship.MOTHER
        girl = other_kind == Relationship.MOTHER
        last = own_surname(0.4) if girl else surname
        second = self.household(last)
        rights = bool(email) or rng.random() >= 0.15
        lives = rights and not email and rng.random() < 0.4
        person = self.caregiver(family, self.name(bg, girl), last)
        family.ties.append((person, second, other_kind, rights, lives))
        if rights and rng.random() < 0.35:
            partner = self.caregiver(family, self.name(bg, not girl), self.surname(bg))
            family.ties.append((partner, second, Relationship.STEPPARENT, False, lives))

    def children(self, family: Family, surname: str) -> None:
        """The family's students, oldest first, each in a different grade (7–12)."""
        rng = self.rng
        for grade in sorted(rng.sample(range(7, 13), family.size), reverse=True):
            girl = rng.random() < 0.5
            first = self.name(family.background, girl)
            while any(first == s.first_name for s in family.students):
                first = self.name(family.background, girl)
            preferred, pronouns = "", ""
            if first in NICKNAMES and rng.random() < 0.5:
                preferred = NICKNAMES[first]
            if rng.random() < 0.03:
                preferred = rng.choice(CHOSEN_NAMES)
                pronouns = rng.choice(["they/them", "they/them", "she/they", "he/they"])
            elif rng.random() < 0.65:
                pronouns = "she/her" if girl else "he/him"
            # Some children of Spanish-speaking families are newcomers who read Spanish best.
            language = "es" if family.language == "es" and rng.random() < 0.25 else "en"
            student = Student(
                school=self.school,
                first_name=first,
                last_name=surname,
                preferred_name=preferred,
                pronouns=pronouns,
                grade=grade,
                local_id="",  # numbered once all are known
                preferred_language=language,
            )
            family.students.append(student)
            self.students.append(student)

    def phone_numbers(self, count: int) -> list[str]:
        """Unique mobile numbers in the 555-01XX range NANPA keeps for fiction (no real phone
        rings), Boston's area codes first. Should libphonenumber ever refuse that range, an
        ordinary-looking number stands in; past 10,800 numbers, families share them."""
        numbers: list[str] = []
        for area in AREA_CODES:
            lines = list(range(100))
            self.rng.shuffle(lines)
            for line in lines:
                try:
                    numbers.append(to_e164(f"+1{area}55501{line:02d}"))
                except ValidationError:
                    exchange, subscriber = self.rng.randint(200, 999), self.rng.randint(0, 9999)
                    numbers.append(to_e164(f"+1{area}{exchange}{subscriber:04d}"))
            if len(numbers) >= count:
                break
        numbers = [numbers[i % len(numbers)] for i in range(count)]
        self.rng.shuffle(numbers)
        return numbers
