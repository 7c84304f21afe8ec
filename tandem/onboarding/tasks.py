"""Mail about suggestions and concerns, after commit."""

from django.conf import settings
from django.urls import reverse
from django_tasks import task


@task()
def send_reply(*, reply_id: int) -> int:
    """Tell the advisor the coordinator replied; the reply is in the e-mail and on their page."""
    from tandem.core.mail import send_templated_email

    from .models import SuggestionReply

    reply = SuggestionReply.objects.select_related(
        "suggestion__author", "suggestion__school", "by"
    ).get(pk=reply_id)
    suggestion = reply.suggestion
    author = suggestion.author
    if not author.email or not author.is_active:
        return 0
    send_templated_email(
        to=author.email,
        language=author.preferred_language or "en",
        template="onboarding/email/reply",
        context={
            "reply": reply,
            "suggestion": suggestion,
            "user": author,
            "link": settings.SITE_URL + reverse("onboarding:suggestion", args=[suggestion.pk]),
        },
    )
    return 1
