"""The authentication backend behind sign-in links (accounts.links): `authenticate(request,
signin_link=token)` signs in the link's user once, so django-axes sees link attempts as it sees
passwords."""

from django.contrib.auth.backends import ModelBackend

from . import links


class SignInLinkBackend(ModelBackend):
    def authenticate(self, request, signin_link=None):
        if not signin_link:
            return None
        user = links.consume(signin_link)
        return user if user is not None and self.user_can_authenticate(user) else None
