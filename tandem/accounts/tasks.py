from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def send_signin_link(*, user_id: int) -> None:
    from .services import may_use_signin_link, signin_link_email

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None and may_use_signin_link(user):
        signin_link_email(user=user)
