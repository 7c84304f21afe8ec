"""Who has access to IEP records: one row per student and person, with the reason, in the same
terms as tandem.core.policy.full_access_q (which decides it), in a fixed number of queries."""

from collections import defaultdict

from django.utils.translation import gettext as _

from tandem.advisories.models import Advisory
from tandem.core.policy import OVERSIGHT_ROLES
from tandem.people.models import Guardianship, Student
from tandem.schools.models import Role, StaffRole


def iep_access_rows(school):
    students = list(
        Student.objects.filter(school=school, has_iep=True, is_active=True).select_related(
            "case_manager", "counselor", "user"
        )
    )
    ids = [s.pk for s in students]
    oversight = defaultdict(set)
    for role in StaffRole.objects.filter(
        school=school, role__in=OVERSIGHT_ROLES, user__is_active=True
    ).select_related("user"):
        oversight[role.user].add(str(Role(role.role).label))
    advisors = {
        a.student_id: a.advisor
        for a in Advisory.objects.current().filter(student__in=ids).select_related("advisor")
    }
    families = defaultdict(list)
    for tie in Guardianship.objects.filter(
        student__in=ids, has_educational_rights=True, caregiver__is_active=True
    ).select_related("caregiver__user"):
        families[tie.student_id].append(tie)
    for student in students:
        people = []
        for user, roles in sorted(oversight.items(), key=lambda item: item[0].email):
            people.append((user.full_name, user.email, ", ".join(sorted(roles))))
        if student.case_manager:
            people.append(
                (student.case_manager.full_name, student.case_manager.email, _("Case manager"))
            )
        if student.counselor:
            people.append((student.counselor.full_name, student.counselor.email, _("Counselor")))
        if student.pk in advisors:
            advisor = advisors[student.pk]
            people.append((advisor.full_name, advisor.email, _("Advisor")))
        for tie in families[student.pk]:
            caregiver = tie.caregiver
            if caregiver.user_id:
                people.append(
                    (
                        caregiver.full_name,
                        caregiver.user.email,
                        _("Caregiver with educational rights (%(relationship)s)")
                        % {"relationship": tie.get_relationship_display()},
                    )
                )
        if student.user_id and student.user.is_active:
            people.append((student.display_name, student.user.email, _("The student")))
        for name, email, why in people:
            yield [student.legal_name, student.local_id, name, email, why]
