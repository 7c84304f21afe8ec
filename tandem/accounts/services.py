"""Writes that concern sign-in identities."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import salted_hmac

from tandem.core.mail import send_templated_email
from tandem.core.tasks import enqueue_on_commit

from . import links
from .links import may_use_signin_link  # noqa: F401 - asked for here by other apps and tests
from .models import SignInLinkRequest, new_security_stamp

User = get_user_model()


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


def signin_link_request(*, email: str, client: str = "", next: str = "") -> None:
    """Send a sign-in link (to `next`, when it is a page of this site) if the address belongs
    to a family member or student, and neither the address nor the client (its IP address) has
    asked too often lately. Says nothing either way, so the form cannot be used to learn who
    has an account or who is limited: known and unknown addresses count alike."""
    from .tasks import send_signin_link

    email = email.strip().lower()
    if not _signin_link_allowed(email=email, client=client):
        return
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and may_use_signin_link(user):
        enqueue_on_commit(send_signin_link, user_id=user.pk, next=links.local_path(next))


def signin_link_renew(*, token: str, client: str = "") -> None:
    """The holder of a link that expired or was used asks for a new one: a new link to the same
    page, as long-lived as the old one, in the same language, to the address the school has —
    never to anyone else, and within the same limits as the sign-in page's requests (per
    address and per client). Nothing for a forged token or a staff account. Says nothing
    either way."""
    from .tasks import send_signin_link

    found = links.find(token)
    if found is None or not may_use_signin_link(found.user):
        return
    if not _signin_link_allowed(email=found.user.email.lower(), client=client):
        return
    enqueue_on_commit(
        send_signin_link,
        user_id=found.user_id,
        next=found.next,
        seconds=int(found.lifetime.total_seconds()),
        language=found.language,
        renewed=True,
    )


def signin_link_email(
    *, user, next: str = "", lifetime=None, language: str = "", renewed: bool = False
) -> None:
    """Write the e-mail with a new sign-in link (and the link) in this transaction."""
    language = language or user.preferred_language
    link = links.issue(
        user=user, next=next, lifetime=lifetime or links.requested_lifetime(), language=language
    )
    send_templated_email(
        to=user.email,
        language=language,
        template="accounts/email/signin_link",
        context={"user": user, "link": link, "renewed": renewed},
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


def user_set_family_news(*, user, when: str) -> None:
    """An advisor's choice of when to hear what families did: "digest" or "now"."""
    if user.family_news != when:
        user.family_news = when
        user.save(update_fields=["family_news"])
