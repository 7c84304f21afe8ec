"""Mail about plan quality, after commit."""

from django.conf import settings
from django.urls import reverse
from django_tasks import task


@task()
def send_feedback(*, review_id: int) -> int:
    """Tell the plan's advisor a quality review of their advisee's plan is ready; the e-mail
    carries the overall feedback and a link (the scores are on the page)."""
    from tandem.core.mail import send_templated_email

    from .models import Review

    review = Review.objects.select_related("advisor", "plan__student", "plan__term").get(
        pk=review_id
    )
    advisor = review.advisor
    if not advisor.email or not advisor.is_active:
        return 0
    send_templated_email(
        to=advisor.email,
        language=advisor.preferred_language or "en",
        template="quality/email/feedback",
        context={
            "review": review,
            "user": advisor,
            "link": settings.SITE_URL + reverse("quality:feedback_detail", args=[review.pk]),
        },
    )
    return 1
