"""Reads of people records, shaped for the pages that show them."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from tandem.core.collation import by_name
from tandem.core.policy import full_access_q, roles_by_school

from .models import Guardianship, Student

ONE_HOUSEHOLD, TWO_HOUSEHOLDS = "one", "two"


def lives_in_two_households(student_ref=None):
    """The rule of a student's household arrangement, the one home of it (STYLE.md habit 11):
    "two households" when the student's caregivers belong to more than one household, "one
    household" otherwise (one home shared, or no caregiver recorded). An EXISTS over the student
    `student_ref` (default: OuterRef("pk") of a Student query), with no aggregate, so it filters,
    annotates and nests in the compliance desk's subqueries alike."""
    elsewhere = Guardianship.objects.filter(student=OuterRef("student")).exclude(
        household=OuterRef("household")
    )
    return Exists(
        Guardianship.objects.filter(student=student_ref or OuterRef("pk")).filter(Exists(elsewhere))
    )


def household_arrangements(student_ids) -> dict[int, str]:
    """ONE_HOUSEHOLD or TWO_HOUSEHOLDS for each of `student_ids`, by lives_in_two_households."""
    rows = (
        Student.objects.filter(pk__in=list(student_ids))
        .annotate(two=lives_in_two_households())
        .values_list("pk", "two")
    )
    return {pk: TWO_HOUSEHOLDS if two else ONE_HOUSEHOLD for pk, two in rows}


@dataclass
class HouseholdView:
    name: str
    guardianships: list = field(default_factory=list)
    show_contact: bool = True
    # The address (for home visits): staff with access and the household's own caregivers.
    household: object = None
    show_address: bool = False


@dataclass
class StudentProfile:
    student: Student
    advisor: object | None
    households: list[HouseholdView]
    siblings: list[Student]
    viewer_is_family: bool


def student_profile(student: Student, user) -> StudentProfile:
    """Everything the profile page shows, in a fixed number of queries. A family member sees
    the contact details of their own household only (PRODUCT.md: one caregiver never sees
    another household's contact details)."""
    from tandem.advisories.selectors import current_advisory

    guardianships = list(
        Guardianship.objects.filter(student=student)
        .select_related("caregiver", "household")
        .order_by(
            *by_name("household__name"), "household_id", *by_name("caregiver__last_name"), "pk"
        )
    )
    own_households = {g.household_id for g in guardianships if g.caregiver.user_id == user.pk}
    viewer_is_family = bool(own_households)
    viewer_is_staff = bool(roles_by_school(user)) and not viewer_is_family
    households: dict[int, HouseholdView] = {}
    for g in guardianships:
        view = households.setdefault(
            g.household_id,
            HouseholdView(
                name=g.household.name,
                show_contact=not viewer_is_family or g.household_id in own_households,
                household=g.household,
                show_address=viewer_is_staff or g.household_id in own_households,
            ),
        )
        view.guardianships.append(g)
    advisory = current_advisory(student)
    caregiver_ids = [g.caregiver_id for g in guardianships]
    siblings = list(
        Student.objects.filter(full_access_q(user))
        .filter(guardianships__caregiver_id__in=caregiver_ids, is_active=True)
        .exclude(pk=student.pk)
        .distinct()
        .order_by(*by_name("first_name"), "pk")
    )
    return StudentProfile(
        student=student,
        advisor=advisory.advisor if advisory else None,
        households=list(households.values()),
        siblings=siblings,
        viewer_is_family=viewer_is_family,
    )


def children_of(caregiver):
    """The students whose record this caregiver may open: ties with educational rights only."""
    return (
        Student.objects.filter(
            is_active=True,
            guardianships__caregiver=caregiver,
            guardianships__has_educational_rights=True,
        )
        .select_related("school")
        .prefetch_related(
            Prefetch(
                "advisories",
                queryset=_current_advisories(),
                to_attr="current_advisories",
            )
        )
        .distinct()
        .order_by(*by_name("first_name"), "pk")
    )


def _current_advisories():
    from tandem.advisories.models import Advisory

    return Advisory.objects.current().select_related("advisor", "year")
