"""The demo logins: one person per role, found by the fixed addresses the generator gives them,
with what each will see after signing in."""

from dataclasses import dataclass

from django.db.models import Q

from tandem.advisories.models import Advisory
from tandem.people.models import Guardianship, Student

from . import generator as demo
from .families import User


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    name: str
    sees: str


def _names(students) -> str:
    return ", ".join(student.display_name for student in students)


def demo_logins() -> list[DemoLogin]:
    """The demo logins, in the order to try them; empty when there is no demo school."""
    school = demo.demo_school()
    if school is None:
        return []
    wanted = {
        "PLP coordinator": demo.COORDINATOR_EMAIL,
        "School admin": demo.ADMIN_EMAIL,
        "Advisor": demo.ADVISOR_EMAIL,
        "Counselor": demo.COUNSELOR_EMAIL,
        "Case manager": demo.CASE_MANAGER_EMAILS[0],
        "Caregiver": demo.FAMILY_EMAIL,
        "Caregiver (Spanish)": demo.FAMILIA_EMAIL,
        "Student": demo.STUDENT_EMAIL,
    }
    users = {user.email: user for user in User.objects.filter(email__in=wanted.values())}
    students = Student.objects.filter(school=school, is_active=True)

    def children(user) -> list[Student]:
        return list(
            students.filter(
                guardianships__caregiver__user=user,
                guardianships__has_educational_rights=True,
            ).order_by("-grade")
        )

    def sees(role: str, user) -> str:
        if role in {"PLP coordinator", "School admin"}:
            return f"every student ({students.count()}) and advisor; reassigns advisors"
        if role == "Advisor":
            count = Advisory.objects.current().filter(advisor=user, year__school=school).count()
            return f"their {count} advisees and their families"
        if role in {"Counselor", "Case manager"}:
            count = students.filter(Q(case_manager=user) | Q(counselor=user)).count()
            return f"their caseload of {count} students"
        if role.startswith("Caregiver"):
            kids = children(user)
            homes = (
                Guardianship.objects.filter(student__in=kids)
                .values("household_id")
                .distinct()
                .count()
            )
            language = "in Spanish" if user.preferred_language == "es" else "in English"
            households = "1 household" if homes == 1 else f"{homes} households"
            return f"{_names(kids)} ({households}), {language}"
        student = getattr(user, "student", None)
        return f"{student.display_name}'s own page (grade {student.grade})" if student else ""

    return [
        DemoLogin(
            role=role,
            email=email,
            password=demo.DEMO_PASSWORD,
            name=users[email].full_name,
            sees=sees(role, users[email]),
        )
        for role, email in wanted.items()
        if email in users
    ]
