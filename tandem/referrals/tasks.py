"""Mail about referrals, after commit. The e-mail names no student and no concern: a referral
is restricted, so the team reads it in Tandem, where the read is logged."""

from django.conf import settings
from django.urls import reverse
from django_tasks import task


@task()
def notify_team(*, referral_id: int) -> int:
    from tandem.core.mail import send_templated_email

    from .models import Referral
    from .selectors import team_recipients

    referral = Referral.objects.select_related("school", "student").get(pk=referral_id)
    link = settings.SITE_URL + reverse("referrals:detail", args=[referral.pk])
    sent = 0
    for user in team_recipients(referral):
        send_templated_email(
            to=user.email,
            language=user.preferred_language or "en",
            template="referrals/email/new_referral",
            context={"referral": referral, "link": link, "user": user},
        )
        sent += 1
    return sent
