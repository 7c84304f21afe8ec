from tandem.core.collation import by_name

from .calendar import current_term, current_year  # the calendar answers; kept for old imports
from .models import Role, School

__all__ = ["advisors_of", "current_term", "current_year", "schools_for"]


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
        .order_by(*by_name("full_name"), "pk")
    )


def schools_for(user, roles) -> list[School]:
    return list(
        School.objects.filter(staff_roles__user=user, staff_roles__role__in=list(roles))
        .distinct()
        .order_by("name")
    )
