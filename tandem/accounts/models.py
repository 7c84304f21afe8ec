import secrets

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def new_security_stamp() -> str:
    return secrets.token_hex(16)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("A user needs an e-mail address")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A sign-in identity. What the person is at a school (advisor, caregiver, student) lives in
    the school's records (StaffRole, Caregiver, Student), which point here."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, default="en", choices=settings.LANGUAGES
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("can open the admin site"),
        default=False,
        help_text=_("For the school's IT staff; advisors and coordinators do not need it."),
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Part of the session hash: rotating it signs the user out on every device.
    security_stamp = models.CharField(max_length=32, default=new_security_stamp)
    # For advisors: when to hear that a family commented, approved, asked for changes, booked,
    # moved or cancelled (tandem.family.news).
    family_news = models.CharField(
        _("news from families"),
        max_length=10,
        choices=[
            ("digest", _("Tell me in my morning digest")),
            ("now", _("Tell me at once, one e-mail each")),
        ],
        default="digest",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_session_auth_hash(self):
        # Django checks this on every request; it changes with the password (as usual) and
        # with the security stamp ("sign out everywhere").
        return salted_hmac(
            "tandem.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.security_stamp}",
            algorithm="sha256",
        ).hexdigest()


class SignInLinkRequest(models.Model):
    """One sign-in-link request that was let through, counted per address and per client for
    the rate limit (accounts.services.signin_link_request). In the database so that every web
    process counts the same requests. `key` is a keyed hash ("address:…" or "client:…"), so no
    address anyone typed is stored; rows older than the window are deleted as new ones come."""

    key = models.CharField(max_length=80)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="signin_link_key_at")]

    def __str__(self):
        return f"{self.key} at {self.at:%Y-%m-%d %H:%M}"


class SignInLink(models.Model):
    """One sign-in link sent by e-mail (accounts.links): bound to its user and its destination,
    valid until `expires_at`, used at most once. Only the token's SHA-256 is stored. A link that
    expired or was used still names its user and destination, so the person holding it can ask
    for a new one to the same page without typing their address."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signin_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    next = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # The user's session hash when the link was made: a new password or "sign out everywhere"
    # changes it, and the link stops working (as a session would).
    user_stamp = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="signin_link_expires")]

    def __str__(self):
        return f"Sign-in link for {self.user} to {self.next or '/'}"

    @property
    def lifetime(self):
        return self.expires_at - self.created_at
