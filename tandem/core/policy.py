"""The one access policy: which students a user may see, and how much.

PRODUCT.md ("Access"): a staff member sees a student's full record only with a legitimate
educational interest — the student's current advisor, the school's coordinators and admins, the
student's case manager or counselor. Other staff of the school see a directory line. A caregiver
sees only their own children, and only with educational rights. A student sees themself.

Everything else asks this module: `full_access_q` is the single definition (used as a filter for
lists, and by `reach` for single records), so a list and a detail page cannot disagree. Each
domain's `access.py` turns "no full access" into a 404, the same as a record that does not exist.
"""

from __future__ import annotations

import enum
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q

from tandem.schools.models import Role, StaffRole

OVERSIGHT_ROLES = frozenset({Role.COORDINATOR, Role.SCHOOL_ADMIN})


class Reach(enum.IntEnum):
    NONE = 0
    DIRECTORY = 1
    FULL = 2


def roles_by_school(user) -> dict[int, frozenset[str]]:
    """The user's staff roles, per school id; read once per request and kept on the user."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_tandem_roles", None)
    if cached is None:
        found: dict[int, set[str]] = defaultdict(set)
        for school_id, role in StaffRole.objects.filter(user=user).values_list("school_id", "role"):
            found[school_id].add(role)
        cached = {school_id: frozenset(roles) for school_id, roles in found.items()}
        user._tandem_roles = cached
    return cached


def schools_with_role(user, roles) -> list[int]:
    wanted = set(roles)
    return [school_id for school_id, held in roles_by_school(user).items() if held & wanted]


def is_staff_member(user) -> bool:
    return bool(roles_by_school(user))


def full_access_q(user) -> Q:
    """A filter on Student that keeps exactly the students whose full record `user` may see."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    from tandem.advisories.models import Advisory
    from tandem.people.models import Guardianship

    current_advisee = Advisory.objects.current().filter(student=OuterRef("pk"), advisor=user)
    own_child = Guardianship.objects.filter(
        student=OuterRef("pk"),
        caregiver__user=user,
        caregiver__is_active=True,
        has_educational_rights=True,
    )
    return (
        Q(school_id__in=schools_with_role(user, OVERSIGHT_ROLES))
        | Q(case_manager=user)
        | Q(counselor=user)
        | Q(user=user)
        | Exists(current_advisee)
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
