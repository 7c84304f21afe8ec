"""Advisor routines for the demo school: message templates in English and Spanish, the
counselor on the support team, and a plausible record of first contacts, meetings and
check-ins so the due lists show a mix of done, due and overdue."""

import datetime
import random

from django.utils import timezone

from tandem.advisories.models import Advisory
from tandem.outreach.models import CheckIn, ContactLog, MessageTemplate, QuarterlyMeeting
from tandem.people.models import Guardianship
from tandem.referrals.models import SupportTeamMember
from tandem.schools.models import Quarter, Role, StaffRole
from tandem.schools.selectors import current_year

TEMPLATES = [
    (
        "Welcome",
        {
            "en": (
                "{student_name}'s advisor this year",
                "Dear {caregiver_name},\n\nI am {student_name}'s advisor this year. I will meet "
                "with {student_name} every quarter and I would love to hear from you: what are "
                "your hopes for this year? Reply to this message or call the school.\n\n"
                "{advisor_name}",
            ),
            "es": (
                "El asesor de {student_name} este año",
                "Estimado/a {caregiver_name}:\n\nSoy el asesor/la asesora de {student_name} este "
                "año. Me reuniré con {student_name} cada trimestre y me gustaría conocer sus "
                "esperanzas para este año. Responda a este mensaje o llame a la escuela.\n\n"
                "{advisor_name}",
            ),
        },
    ),
    (
        "Conference week",
        {
            "en": (
                "Book {student_name}'s review conference",
                "Dear {caregiver_name},\n\nIt is time to review {student_name}'s learning plan "
                "together. Please book a time in Tandem this week.\n\n{advisor_name}",
            ),
            "es": (
                "Reserve la conferencia de {student_name}",
                "Estimado/a {caregiver_name}:\n\nEs hora de revisar juntos el plan de aprendizaje "
                "de {student_name}. Reserve una hora en Tandem esta semana.\n\n{advisor_name}",
            ),
        },
    ),
]


def seed_demo_outreach(school, *, seed: int, today: datetime.date | None = None) -> dict[str, int]:
    rng = random.Random(seed + 8)
    MessageTemplate.objects.bulk_create(
        MessageTemplate(school=school, name=name, language=lang, subject=subject, body=body)
        for name, languages in TEMPLATES
        for lang, (subject, body) in languages.items()
    )
    counselors = StaffRole.objects.filter(school=school, role=Role.COUNSELOR)
    SupportTeamMember.objects.bulk_create(
        SupportTeamMember(school=school, user_id=role.user_id) for role in counselors
    )
    year = current_year(school)
    today = today or timezone.localdate(timezone=school.zone)
    if year is None or today < year.starts_on:
        return {"contacts": 0, "meetings": 0, "check-ins": 0}
    advisories = list(Advisory.objects.current().filter(year=year).select_related("student"))
    ties = {}
    for g in Guardianship.objects.filter(student__school=school, has_educational_rights=True):
        ties.setdefault(g.student_id, g.caregiver_id)
    quarters = list(Quarter.objects.filter(year=year, starts_on__lte=today))
    contacts, meetings, checkins = [], [], []
    for advisory in advisories:
        student = advisory.student
        days_in = max(1, min((today - year.starts_on).days, 13))
        when = year.starts_on + datetime.timedelta(days=rng.randrange(days_in))
        moment = datetime.datetime.combine(when, datetime.time(16), tzinfo=school.zone)
        if student.pk in ties and rng.random() < 0.7:
            contacts.append(
                ContactLog(
                    student=student,
                    caregiver_id=ties[student.pk],
                    by=advisory.advisor,
                    method=rng.choice(["call", "call", "email", "text", "in_person"]),
                    outcome="reached",
                    note="Introduced myself; the family shared their hopes for the year.",
                    contacted_at=moment,
                )
            )
        for quarter in quarters:
            if rng.random() < 0.75:
                last = min(quarter.ends_on, today)
                held_on = quarter.starts_on + datetime.timedelta(
                    days=rng.randrange(max(1, (last - quarter.starts_on).days + 1))
                )
                meetings.append(
                    QuarterlyMeeting(
                        student=student,
                        advisor=advisory.advisor,
                        quarter=quarter,
                        held_on=held_on,
                        progress="Working steadily on the plan's action steps.",
                        follow_ups="Check in on reading at home.",
                    )
                )
        if rng.random() < 0.6:
            ago = datetime.timedelta(days=rng.randrange(1, 30), hours=rng.randrange(8))
            checkins.append(
                CheckIn(student=student, advisor=advisory.advisor, at=timezone.now() - ago)
            )
    ContactLog.objects.bulk_create(contacts, batch_size=500)
    QuarterlyMeeting.objects.bulk_create(meetings, batch_size=500)
    CheckIn.objects.bulk_create(checkins, batch_size=500)
    return {"contacts": len(contacts), "meetings": len(meetings), "check-ins": len(checkins)}
