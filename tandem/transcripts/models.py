"""Course records (a student's transcript) and the school's diploma: credits per subject area.

A course record is one course a student took in one term of one school year, with the grade and
the credits attempted and earned. It comes from the roster (OneRoster courses, classes,
enrollments and gradebook results: `tandem.rosters.apply_courses`) or from a transcript CSV
(`transcripts.files`); both go through `transcripts.writes.CourseWriter`, keyed by (student,
course code, school year, term), so the same course from either source is the same record and
importing it again changes nothing.
"""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tandem.people.models import Student
from tandem.schools.models import School


class CourseRecord(models.Model):
    class Source(models.TextChoices):
        ONEROSTER = "oneroster", _("Roster (OneRoster)")
        CSV = "csv", _("Transcript file")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="course_records")
    course_code = models.CharField(_("course code"), max_length=60)
    title = models.CharField(_("course"), max_length=200)
    subject_area = models.CharField(_("subject area"), max_length=100, blank=True)
    # The calendar year the school year ends in (OneRoster's `schoolYear`: 2027 is 2026–2027).
    school_year = models.PositiveSmallIntegerField(_("school year"))
    term = models.CharField(_("term"), max_length=60, blank=True)  # blank: the whole year
    grade = models.CharField(_("grade"), max_length=20, blank=True)  # blank: in progress
    credits_attempted = models.DecimalField(
        _("credits attempted"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    credits_earned = models.DecimalField(
        _("credits earned"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    source = models.CharField(max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["school_year", "term", "subject_area", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "course_code", "school_year", "term"],
                name="course_record_natural_key",
            ),
            models.CheckConstraint(
                condition=Q(credits_earned__gte=0)
                & Q(credits_attempted__gte=0)
                & Q(credits_earned__lte=F("credits_attempted")),
                name="course_record_credits",
            ),
        ]

    def __str__(self):
        return f"{self.student} {self.course_code} {self.school_year} {self.term}".strip()

    @property
    def in_progress(self) -> bool:
        return not self.grade

    @property
    def year_label(self) -> str:
        return year_label(self.school_year)


def year_label(school_year: int) -> str:
    """2027 → "2026–27", the way a transcript names the school year."""
    return f"{school_year - 1}–{school_year % 100:02d}"


class DiplomaRequirement(models.Model):
    """Credits a student must earn in one subject area to graduate. Courses count toward it when
    their subject area is its name (in any of its languages: `name` is school content a family
    reads, translation.py) or one of `areas` (compared without case or extra spaces); the
    school's total (`evidence.GraduationRule.credits_required`) counts every credit, mastered
    competencies' included."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="diploma")
    name = models.CharField(_("requirement"), max_length=100)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=2)
    areas = models.JSONField(_("subject areas that count"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["school", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="diploma_requirement_name"),
            models.CheckConstraint(condition=Q(credits__gt=0), name="diploma_requirement_credits"),
        ]

    def __str__(self):
        return f"{self.school}: {self.name} {self.credits}"

    def area_names(self) -> list[str]:
        """The subject areas whose courses count toward it: its name in each language, then
        its other areas."""
        from tandem.core import content

        names = [text for text in content.values(self, "name").values() if text]
        return list(dict.fromkeys([*names, *self.areas]))
