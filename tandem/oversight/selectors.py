"""Reads of the coordinator's desk besides the compliance rows (compliance.py)."""

from tandem.core.collation import by_name

from .models import Nudge


def nudges_for(user, since) -> list[Nudge]:
    """The nudges `user` received since `since` (the advisor's morning digest carries them)."""
    return list(
        Nudge.objects.filter(recipient=user, created_at__gte=since)
        .select_related("student", "sent_by")
        .order_by(*by_name("student__last_name", "student__first_name"), "student_id", "item")
    )
