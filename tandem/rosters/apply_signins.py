"""The sign-in identities an import finds or makes for the people it brings in, in bulk."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from tandem.core.bulk import insert
from tandem.people.models import Caregiver, Student

from .apply import CAREGIVER, STUDENT, Planned, chunked, person_name
from .oneroster import Person

User = get_user_model()


def unusable_password() -> str:
    """What `make_password(None)` stores (the prefix and a random suffix, so no two sign-ins
    share a password field), drawn in one call: a district's 250,000 new sign-ins would spend
    seconds on Django's forty random choices each."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _changed(item: Planned) -> bool:
    """Whether the record is new, has no sign-in yet, or signs in with another address."""
    record = item.record
    return record is None or record.user_id is None or record.user.email.lower() != item.email


class SignIns:
    """Part of PeopleStep: it has `people`, `report`, `staff_user` and `email_of`."""

    def make_users(self, students, staff, caregivers) -> None:
        """Find or make the User each e-mail signs in as, in bulk. Imported people get no
        password (they ask for a sign-in link, or staff reset it); nothing is hashed."""
        names: dict[str, str] = {}
        for item in students + caregivers:
            if item.email and (item.record is None or item.record.user_id is None):
                names.setdefault(item.email, person_name(item.person))
        for item in staff:
            if item.email:
                names.setdefault(item.email, person_name(item.person))
        # Every address new or changed is looked up, so a changed e-mail cannot collide
        # unseen; one a record already signs in with needs no look-up (most, on a re-import).
        lookup = set(names) | {
            item.email for item in students + caregivers if item.email and _changed(item)
        }
        lookup |= {self.email_of(item.person) for item in staff} - {""}
        users = User.objects.annotate(email_ci=Lower("email")).only("email", "full_name")
        for chunk in chunked(lookup):
            for user in users.filter(email_ci__in=chunk):
                self.user_by_email[user.email.lower()] = user
        new = [
            User(email=email, full_name=name, password=unusable_password())
            for email, name in names.items()
            if email not in self.user_by_email
        ]
        insert(User, new)
        for user in new:
            self.user_by_email[user.email] = user
        # Staff users whose names and e-mail the SIS keeps up to date.
        self.staff_users = {}
        ids = {self.staff_user.get(item.key[1]) for item in staff} - {None}
        ids |= {self.user_by_email[item.email].pk for item in staff if item.email}
        for chunk in chunked(ids):
            for user in User.objects.filter(pk__in=chunk).only("email", "full_name"):
                self.staff_users[user.pk] = user
                self.user_by_email.setdefault(user.email.lower(), user)
        # Which of these sign-ins a student or caregiver record already uses: one person, one
        # record (a shared family address is not also the child's sign-in).
        self.taken: dict[int, tuple[str, object]] = {}
        ids = {user.pk for user in self.user_by_email.values()}
        for model, kind in ((Student, STUDENT), (Caregiver, CAREGIVER)):
            for chunk in chunked(ids):
                for pk, user_id in model.objects.filter(user_id__in=chunk).values_list(
                    "pk", "user_id"
                ):
                    self.taken[user_id] = (kind, pk)

    def link_user(self, item: Planned, kind: str, current: int | None) -> int | None:
        email = item.email
        if not email:
            return current
        if current is not None:
            user = item.record.user
            if user.email.lower() != email:
                self.change_email(user, email, item.person)
            return current
        user = self.user_by_email.get(email)
        if user is None:
            return None
        mine = (kind, item.record.pk if item.record is not None else item.key)
        owner = self.taken.setdefault(user.pk, mine)
        if owner != mine:
            self.report.warn(
                item.person.file,
                item.person.row,
                "email",
                _("%(email)s already signs in to another record; this one has no sign-in yet.")
                % {"email": email},
            )
            return None
        return user.pk

    def change_email(self, user, email: str, person: Person) -> bool:
        other = self.user_by_email.get(email)
        if other is not None and other.pk != user.pk:
            self.report.warn(
                person.file,
                person.row,
                "email",
                _("%(email)s is already another person's sign-in; the e-mail was not changed.")
                % {"email": email},
            )
            return False
        self.user_by_email.pop(user.email.lower(), None)
        user.email = email
        self.user_by_email[email] = user
        self.users_changed[user.pk] = user
        return True
