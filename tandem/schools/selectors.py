from django.utils import timezone

from .models import AcademicYear, Role, School


def current_year(school: School, today=None) -> AcademicYear | None:
    """The year that contains today in the school's time zone; between years, the next one to
    start; failing that, the latest."""
    if today is None:
        today = timezone.localtime(timezone=school.zone).date()
    years = AcademicYear.objects.filter(school=school)
    return (
        years.filter(starts_on__lte=today, ends_on__gte=today).first()
        or years.filter(starts_on__gt=today).order_by("starts_on").first()
        or years.order_by("-ends_on").first()
    )


def advisors_of(school: School):
    """Users who hold the advisor role at the school, by name."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_roles__school=school,
            staff_roles__role=Role.ADVISOR,
        )
        .order_by("full_name", "pk")
    )


def schools_for(user, roles) -> list[School]:
    return list(
        School.objects.filter(staff_roles__user=user, staff_roles__role__in=list(roles))
        .distinct()
        .order_by("name")
    )


def current_term(school: School, today=None):
    """The term that contains today; between terms, the next one; failing that, the latest."""
    from .models import Term

    if today is None:
        today = timezone.localtime(timezone=school.zone).date()
    terms = Term.objects.filter(year__school=school).select_related("year")
    return (
        terms.filter(starts_on__lte=today, ends_on__gte=today).first()
        or terms.filter(starts_on__gt=today).order_by("starts_on").first()
        or terms.order_by("-ends_on").first()
    )
