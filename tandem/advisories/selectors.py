"""Reads for advisory pages. Every list here runs a fixed number of queries whatever the size of
the school: related rows come in with select_related/prefetch_related or as subqueries."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery

from tandem.core.collation import by_name
from tandem.core.policy import advisee_q, caseload_q
from tandem.people.models import Guardianship, Student
from tandem.schools.selectors import advisors_of

from .models import Advisory


def current_advisory(student: Student) -> Advisory | None:
    return (
        Advisory.objects.current().filter(student=student).select_related("advisor", "year").first()
    )


def _search(students, q: str):
    q = (q or "").strip()
    if not q:
        return students
    condition = Q()
    for word in q.split():
        condition &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(local_id__iexact=word)
        )
    return students.filter(condition)


def _with_caregivers(students):
    return students.prefetch_related(
        Prefetch(
            "guardianships",
            queryset=Guardianship.objects.select_related("caregiver").order_by(
                "household_id", *by_name("caregiver__last_name", "caregiver__first_name"), "pk"
            ),
        )
    )


def advisees(advisor, *, q: str = ""):
    """The advisor's current advisees, with their caregivers."""
    students = Student.objects.filter(advisee_q(advisor), is_active=True).select_related("school")
    return _with_caregivers(_search(students, q)).order_by(
        *by_name("last_name", "first_name"), "pk"
    )


def caseload_students(user, *, q: str = ""):
    """Students whose case manager or counselor the user is."""
    students = Student.objects.filter(caseload_q(user), is_active=True).select_related("school")
    return _with_caregivers(_search(students, q)).order_by(
        *by_name("last_name", "first_name"), "pk"
    )


def school_students(school, year, *, q: str = "", grade=None, advisor: str = "", support: str = ""):
    """The coordinator's list: every enrolled student with their current advisor, filtered."""
    current = Advisory.objects.filter(
        student=OuterRef("pk"), year=year, ended_at__isnull=True
    ).order_by()
    students = Student.objects.filter(school=school, is_active=True).annotate(
        advisor_name=Subquery(current.values("advisor__full_name")[:1]),
    )
    students = _search(students, q)
    if grade:
        students = students.filter(grade=grade)
    # Filter with EXISTS, not on the annotation, so the partial index on current advisories
    # is used instead of a subquery per row.
    if advisor == "none":
        students = students.exclude(Exists(current))
    elif advisor:
        students = students.filter(Exists(current.filter(advisor_id=advisor)))
    if support == "any":
        students = students.filter(Q(has_iep=True) | Q(has_504=True) | Q(has_est=True))
    elif support in {"iep", "504", "est"}:
        students = students.filter(**{f"has_{support}": True})
    return students.order_by(*by_name("last_name", "first_name"), "pk")


def caseloads(school, year):
    """Each advisor of the school with the number of advisees they hold this year."""
    return advisors_of(school).annotate(
        caseload=Count(
            "advisories",
            filter=Q(advisories__year=year, advisories__ended_at__isnull=True),
        )
    )


def unassigned_count(school, year) -> int:
    assigned = Advisory.objects.filter(student=OuterRef("pk"), year=year, ended_at__isnull=True)
    return Student.objects.filter(school=school, is_active=True).exclude(Exists(assigned)).count()


def advisory_history(student: Student):
    return (
        Advisory.objects.filter(student=student)
        .select_related("advisor", "year", "assigned_by")
        .order_by("-started_at", "-pk")
    )
