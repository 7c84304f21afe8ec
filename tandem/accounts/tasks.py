from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task


@task()
def send_signin_link(
    *, user_id: int, next: str = "", seconds: int = 0, language: str = "", renewed: bool = False
) -> None:
    """A new sign-in link by e-mail (to `next`, working `seconds`, else the sign-in page's
    lifetime); the link and its e-mail are written together."""
    from .services import may_use_signin_link, signin_link_email

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not may_use_signin_link(user):
        return
    with transaction.atomic():
        signin_link_email(
            user=user,
            next=next,
            lifetime=timedelta(seconds=seconds) if seconds else None,
            language=language,
            renewed=renewed,
        )
