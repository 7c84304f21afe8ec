"""Writes that concern sign-in identities."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from sesame.utils import get_query_string

from tandem.core.mail import send_templated_email
from tandem.core.policy import is_staff_member
from tandem.core.tasks import enqueue_on_commit

from .models import new_security_stamp

User = get_user_model()


def may_use_signin_link(user) -> bool:
    """Families and students sign in by link; staff need their password (and second factor)."""
    return (
        user.is_active and not user.is_staff and not user.is_superuser and not is_staff_member(user)
    )


def signin_link_request(*, email: str) -> None:
    """Send a sign-in link if the address belongs to a family member or student. Says nothing
    either way, so the form cannot be used to learn who has an account."""
    from .tasks import send_signin_link

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is not None and may_use_signin_link(user):
        enqueue_on_commit(send_signin_link, user_id=user.pk)


def signin_link_email(*, user) -> None:
    link = settings.SITE_URL + reverse("accounts:signin_link_open") + get_query_string(user)
    send_templated_email(
        to=user.email,
        language=user.preferred_language,
        template="accounts/email/signin_link",
        context={"user": user, "link": link, "minutes": settings.SESAME_MAX_AGE // 60},
    )


@transaction.atomic
def user_sign_out_everywhere(*, user) -> None:
    """Every session of this user stops working on its next request."""
    user.security_stamp = new_security_stamp()
    user.save(update_fields=["security_stamp"])


def user_set_language(*, user, language: str) -> None:
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
