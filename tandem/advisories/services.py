"""Assigning advisors. History is kept by ending the current assignment and starting a new one;
the database holds "one current advisor per student per year" with a partial unique index."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.people.models import Student
from tandem.schools.models import AcademicYear, Role, StaffRole

from .models import Advisory


def _check_advisor(*, advisor, year: AcademicYear) -> None:
    roles = StaffRole.objects.filter(user=advisor, school_id=year.school_id, role=Role.ADVISOR)
    if not roles.exists():
        raise ValidationError(
            _("%(name)s is not an advisor at %(school)s.")
            % {"name": advisor, "school": year.school}
        )


def _assign(*, student: Student, advisor, year: AcademicYear, by, note: str, now) -> bool:
    if student.school_id != year.school_id:
        raise ValidationError(
            _("%(student)s is not a student of %(school)s.")
            % {"student": student, "school": year.school}
        )
    current = (
        Advisory.objects.select_for_update()
        .filter(student=student, year=year, ended_at__isnull=True)
        .first()
    )
    if current is not None:
        if current.advisor_id == advisor.pk:
            return False
        current.ended_at = now
        current.save(update_fields=["ended_at"])
    Advisory.objects.create(
        student=student, advisor=advisor, year=year, started_at=now, assigned_by=by, note=note
    )
    return True


def follow_advisories(*, by, students) -> None:
    """The students' booked conferences follow their new advisor (conferences.follow): every
    path that moves an advisory calls this once, after the moves."""
    from tandem.conferences.follow import conferences_follow_advisory

    if students:
        conferences_follow_advisory(by=by, students=students)


@transaction.atomic
def advisory_assign(*, student: Student, advisor, year: AcademicYear, by, note: str = "") -> bool:
    """Make `advisor` the student's advisor for the year. Returns False if they already were."""
    _check_advisor(advisor=advisor, year=year)
    changed = _assign(
        student=student, advisor=advisor, year=year, by=by, note=note, now=timezone.now()
    )
    if changed:
        follow_advisories(by=by, students=[student])
    return changed


@transaction.atomic
def advisories_bulk_assign(*, students, advisor, year: AcademicYear, by, note: str = "") -> int:
    """Move many students to one advisor: all of them or none. Returns how many changed."""
    _check_advisor(advisor=advisor, year=year)
    now = timezone.now()
    moved = [
        student
        for student in students
        if _assign(student=student, advisor=advisor, year=year, by=by, note=note, now=now)
    ]
    follow_advisories(by=by, students=moved)
    return len(moved)


@transaction.atomic
def advisory_end(*, student: Student, year: AcademicYear) -> bool:
    """Leave the student without an advisor this year (history kept)."""
    updated = Advisory.objects.filter(student=student, year=year, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    return bool(updated)


@transaction.atomic
def departure_hand_over(*, by, school, person, kind: str, successor):
    """Hand one group of what `person` left at `school` to `successor` in one step (issue 13:
    departures are handled, not just blocked). The group is exactly what the departures page
    lists (departures.left_behind); the successor must hold a fitting role at the school.
    Advisees move as the coordinator's page moves them (history kept, booked conferences
    follow); the handover is recorded (who, when, to whom, how many)."""
    from .departures import SUCCESSOR_ROLES, left_behind
    from .models import Handover

    Kind = Handover.Kind
    if kind not in Kind.values:
        raise ValidationError(_("Choose what to hand over."))
    if successor.pk == person.pk or not successor.is_active:
        raise ValidationError(_("Choose someone else to take this over."))
    if not StaffRole.objects.filter(
        user=successor, school=school, role__in=SUCCESSOR_ROLES[kind]
    ).exists():
        raise ValidationError(
            _("%(name)s cannot take this over at %(school)s.")
            % {"name": successor, "school": school}
        )
    rows, _field = left_behind(school, kind, person)
    rows = list(rows)
    if not rows:
        raise ValidationError(_("Nothing is left to hand over here."))
    note = _("Handed over from %(name)s") % {"name": person}
    now = timezone.now()
    if kind == Kind.ADVISEES:
        moved = []
        for advisory in rows:
            _check_advisor(advisor=successor, year=advisory.year)
            if _assign(
                student=advisory.student,
                advisor=successor,
                year=advisory.year,
                by=by,
                note=note,
                now=now,
            ):
                moved.append(advisory.student)
        follow_advisories(by=by, students=moved)
    elif kind == Kind.CONFERENCES:
        from tandem.conferences.follow import conferences_hand_over

        conferences_hand_over(by=by, conferences=rows, advisor=successor)
    elif kind in (Kind.REVISION_PLANS, Kind.NEXT_STEPS):
        type(rows[0]).objects.filter(pk__in=[r.pk for r in rows]).update(owner=successor)
    elif kind == Kind.REFERRALS:
        from tandem.referrals.models import Referral, ReferralNote

        Referral.objects.filter(pk__in=[r.pk for r in rows]).update(
            referrer=successor, updated_at=now
        )
        ReferralNote.objects.bulk_create(
            ReferralNote(
                referral=r,
                author=by,
                body=_("Handed over from %(old)s to %(new)s.") % {"old": person, "new": successor},
                created_at=now,
            )
            for r in rows
        )
    else:  # the student's case manager or counselor
        Student.objects.filter(pk__in=[s.pk for s in rows]).update(**{kind: successor})
    return Handover.objects.create(
        school=school, person=person, kind=kind, successor=successor, count=len(rows), by=by, at=now
    )
