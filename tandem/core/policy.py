"""The one access policy: which students a user may see, and how much.

PRODUCT.md ("Access"): a staff member sees a student's full record only with a legitimate
educational interest — the student's current advisor, the school's coordinators and admins, the
student's case manager or counselor. Other staff of the school see a directory line. A caregiver
sees only their own children, and only with educational rights. A student sees themself.

Everything else asks this module: `full_access_q` is the single definition (used as a filter for
lists, and by `reach` for single records), so a list and a detail page cannot disagree. Each
domain's `access.py` turns "no full access" into a 404, the same as a record that does not exist.

People move. A staff relation to a student — current advisor, case manager, counselor, support
team member, referrer, a conference's advisor — counts only while the person holds a staff role
at that student's school (`staff_schools`). When the role goes (removed by hand or by a roster
import), the relation stays in the data for the coordinator to hand over
(advisories.departures), but it opens nothing: pages, PDFs, feeds, partials and lists all ask
the functions below.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from tandem.schools.models import Role, StaffRole

from .compiled import Compiled

OVERSIGHT_ROLES = frozenset({Role.COORDINATOR, Role.SCHOOL_ADMIN})


class Reach(enum.IntEnum):
    NONE = 0
    DIRECTORY = 1
    FULL = 2


@dataclass(frozen=True)
class Memberships:
    """Where a signed-in person belongs: their staff roles per school id, the time zone of
    their school (the lowest school id they belong to as staff, student or caregiver:
    dates.school_zone_for), and whether a school where they hold a role asks its staff for a
    second factor (accounts.middleware)."""

    roles: dict[int, frozenset[str]]
    time_zone: str | None
    two_factor: bool


def _membership_rows(user):
    """(school id, staff role or "", the school's time zone, whether it asks staff for a second
    factor) for each staff role, student record and caregiver record of the user."""
    from django.db.models import BooleanField, CharField, Value

    from tandem.people.models import Caregiver, Student

    fields = ("school_id", "role", "school__time_zone", "school__require_staff_two_factor")
    no_role = Value("", output_field=CharField())
    no = Value(False, output_field=BooleanField())  # noqa: FBT003 - a column, not a flag
    return (
        StaffRole.objects.filter(user=user)
        .order_by()
        .values_list(*fields)
        .union(
            *(
                people.objects.filter(user=user)
                .order_by()
                .values_list("school_id", no_role, "school__time_zone", no)
                for people in (Student, Caregiver)
            ),
            all=True,
        )
    )


# Every request asks it: compiled once (tandem/core/compiled.py).
_MEMBERSHIPS = Compiled(_membership_rows)


def memberships(user) -> Memberships:
    """Read once per request, in one query (every page's middleware asks it), and kept on the
    user."""
    if not user.is_authenticated:
        return Memberships({}, None, False)
    cached = getattr(user, "_tandem_memberships", None)
    if cached is not None:
        return cached
    rows = _MEMBERSHIPS.all(user=user.pk)
    roles: dict[int, set[str]] = defaultdict(set)
    zones, two_factor = {}, False
    for school_id, role, zone, asks in rows:
        zones[school_id] = zone
        if role:
            roles[school_id].add(role)
            two_factor = two_factor or bool(asks)
    user._tandem_memberships = found = Memberships(
        {school_id: frozenset(held) for school_id, held in roles.items()},
        zones[min(zones)] if zones else None,
        two_factor,
    )
    return found


def roles_by_school(user) -> dict[int, frozenset[str]]:
    """The user's staff roles, per school id (`memberships`)."""
    if not user.is_authenticated:
        return {}
    return memberships(user).roles


def schools_with_role(user, roles) -> list[int]:
    wanted = set(roles)
    return [school_id for school_id, held in roles_by_school(user).items() if held & wanted]


def is_staff_member(user) -> bool:
    return bool(roles_by_school(user))


def staff_schools(user) -> list[int]:
    """The schools where the user holds a staff role now: the only schools where their staff
    relations to students (advisor, case manager, counselor, support team, referrer) count."""
    if not user.is_authenticated or not user.is_active:
        return []
    return list(roles_by_school(user))


def holds_role_at(user, school_id) -> bool:
    return school_id in staff_schools(user)


def advisee_q(user, *, year=None) -> Q:
    """A filter on Student: the user's current advisees at schools where they still work."""
    from tandem.advisories.models import Advisory

    schools = staff_schools(user)
    if not schools:
        return Q(pk__in=[])
    advisories = Advisory.objects.current().filter(student=OuterRef("pk"), advisor=user)
    if year is not None:
        advisories = advisories.filter(year=year)
    return Q(school_id__in=schools) & Exists(advisories)


def caseload_q(user) -> Q:
    """A filter on Student: the students whose case manager or counselor the user is, at
    schools where they still work."""
    schools = staff_schools(user)
    if not schools:
        return Q(pk__in=[])
    return Q(school_id__in=schools) & (Q(case_manager=user) | Q(counselor=user))


def is_current_advisor(user, student, *, year=None) -> bool:
    """The one answer to "is this the student's advisor" (plans, outreach, evidence, meetings,
    records and conferences all ask it)."""
    if not holds_role_at(user, student.school_id):
        return False
    from tandem.advisories.models import Advisory

    advisories = Advisory.objects.current().filter(student=student, advisor=user)
    if year is not None:
        advisories = advisories.filter(year=year)
    return advisories.exists()


def is_case_manager(user, student) -> bool:
    return student.case_manager_id == user.pk and holds_role_at(user, student.school_id)


def full_access_q(user) -> Q:
    """A filter on Student that keeps exactly the students whose full record `user` may see."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    from tandem.people.models import Guardianship

    own_child = Guardianship.objects.filter(
        student=OuterRef("pk"),
        caregiver__user=user,
        caregiver__is_active=True,
        has_educational_rights=True,
    )
    return (
        Q(school_id__in=schools_with_role(user, OVERSIGHT_ROLES))
        | caseload_q(user)
        | advisee_q(user)
        | Q(user=user)
        | Exists(own_child)
    )


def reach(user, student) -> Reach:
    """How much of this student's record the user may see."""
    from tandem.people.models import Student

    if Student.objects.filter(pk=student.pk).filter(full_access_q(user)).exists():
        return Reach.FULL
    if student.school_id in roles_by_school(user):
        return Reach.DIRECTORY
    return Reach.NONE


def log_access(request, *, student, record, purpose: str):
    """Write one line of the access log for a restricted record (IEP data, referrals)."""
    from tandem.core.models import AccessLog

    return AccessLog.objects.create(
        user=request.user,
        school_id=student.school_id,
        student=student,
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        purpose=purpose,
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )
