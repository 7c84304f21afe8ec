"""Writes that concern sign-in identities."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from sesame.utils import get_query_string

from tandem.core.mail import send_templated_email
from tandem.core.policy import is_staff_member
from tandem.core.tasks import enqueue_on_commit

from .models import SignInLinkRequest, new_security_stamp

User = get_user_model()


def may_use_signin_link(user) -> bool:
    """Families and students sign in by link; staff need their password (and second factor)."""
    return (
        user.is_active and not user.is_staff and not user.is_superuser and not is_staff_member(user)
    )


def _limit_key(kind: str, value: str) -> str:
    digest = salted_hmac("tandem.accounts.signin_link_limit", value, algorithm="sha256")
    return f"{kind}:{digest.hexdigest()[:64]}"


@transaction.atomic
def _signin_link_allowed(*, email: str, client: str) -> bool:
    """Whether this request is within the limits (per address, per client, in a sliding window
    shared by every web process); if so it is counted. Requests past a limit are not counted,
    so the table holds at most the limit's number of rows per key and window."""
    now = timezone.now()
    since = now - timedelta(minutes=settings.TANDEM_SIGNIN_LINK_LIMIT_MINUTES)
    SignInLinkRequest.objects.filter(at__lt=since).delete()
    keys = {_limit_key("address", email): settings.TANDEM_SIGNIN_LINKS_PER_ADDRESS}
    if client:
        keys[_limit_key("client", client)] = settings.TANDEM_SIGNIN_LINKS_PER_CLIENT
    counts = dict(
        SignInLinkRequest.objects.filter(key__in=keys, at__gte=since)
        .values_list("key")
        .annotate(n=Count("pk"))
    )
    if any(counts.get(key, 0) >= limit for key, limit in keys.items()):
        return False
    SignInLinkRequest.objects.bulk_create(SignInLinkRequest(key=key, at=now) for key in keys)
    return True


def signin_link_request(*, email: str, client: str = "") -> None:
    """Send a sign-in link if the address belongs to a family member or student, and neither
    the address nor the client (its IP address) has asked too often lately. Says nothing
    either way, so the form cannot be used to learn who has an account or who is limited:
    known and unknown addresses count alike."""
    from .tasks import send_signin_link

    email = email.strip().lower()
    if not _signin_link_allowed(email=email, client=client):
        return
    user = User.objects.filter(email__iexact=email).first()
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
