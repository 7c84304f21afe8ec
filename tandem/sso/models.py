from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.schools.models import School

DISCOVERY_PATH = "/.well-known/openid-configuration"


class SchoolSignOn(models.Model):
    """A school's OpenID Connect provider (Google Workspace, Microsoft Entra ID, Clever,
    ClassLink…): its staff, and its students if the school says so, sign in there
    (tandem/sso/services.py). The client secret is sealed (sso.sealing) and never shown back."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="sign_on")
    provider_name = models.CharField(
        _("provider name"),
        max_length=60,
        help_text=_('Shown on the sign-in button, "Sign in with …": e.g. Google, Microsoft.'),
    )
    issuer = models.URLField(
        _("issuer or discovery URL"),
        max_length=500,
        help_text=_(
            "The provider's issuer, e.g. https://accounts.google.com, or the full address of "
            "its /.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client id"), max_length=255)
    client_secret_sealed = models.TextField(editable=False, blank=True)
    scopes = models.CharField(
        _("scopes"),
        max_length=200,
        default="openid email profile",
        help_text=_("Space-separated; must include openid and email."),
    )
    is_enabled = models.BooleanField(_("on"), default=True)
    students_may_use = models.BooleanField(
        _("students may sign in with it"),
        default=False,
        help_text=_("Students whose e-mail the school has on file. Families never do."),
    )
    staff_password_off = models.BooleanField(
        _("password sign-in off for staff"),
        default=False,
        help_text=_("The school's staff can sign in only through the provider (while it is on)."),
    )

    class Meta:
        verbose_name = _("single sign-on provider")
        verbose_name_plural = _("single sign-on providers")
        ordering = ["school__name"]

    def __str__(self):
        return f"{self.provider_name} ({self.school})"

    @property
    def metadata_url(self) -> str:
        url = self.issuer.rstrip("/")
        return url if url.endswith(DISCOVERY_PATH) else url + DISCOVERY_PATH

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()
