from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import SchoolSignOn
from .sealing import seal
from .selectors import public_key


class SchoolSignOnForm(forms.ModelForm):
    issuer = forms.URLField(
        label=SchoolSignOn._meta.get_field("issuer").verbose_name,
        max_length=500,
        assume_scheme="https",
        help_text=SchoolSignOn._meta.get_field("issuer").help_text,
    )
    client_secret = forms.CharField(
        label=_("client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the saved one."),
    )

    class Meta:
        model = SchoolSignOn
        fields = [
            "school",
            "provider_name",
            "issuer",
            "client_id",
            "scopes",
            "is_enabled",
            "students_may_use",
            "staff_password_off",
        ]

    def clean_scopes(self):
        scopes = self.cleaned_data["scopes"].split()
        missing = [scope for scope in ("openid", "email") if scope not in scopes]
        if missing:
            raise forms.ValidationError(
                _("Add %(scopes)s: Tandem needs the ID token and the e-mail address."),
                params={"scopes": ", ".join(missing)},
            )
        return " ".join(scopes)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("client_secret") and not self.instance.client_secret_sealed:
            self.add_error("client_secret", _("Enter the client secret the provider gave you."))
        if cleaned.get("staff_password_off") and not cleaned.get("is_enabled"):
            self.add_error(
                "staff_password_off",
                _("Turn the provider on first, or staff could not sign in at all."),
            )
        return cleaned

    def save(self, commit=True):
        secret = self.cleaned_data.get("client_secret")
        if secret:
            self.instance.client_secret_sealed = seal(secret)
        return super().save(commit=commit)


@admin.register(SchoolSignOn)
class SchoolSignOnAdmin(admin.ModelAdmin):
    form = SchoolSignOnForm
    list_display = [
        "school",
        "provider_name",
        "is_enabled",
        "students_may_use",
        "staff_password_off",
    ]
    list_select_related = ["school"]
    autocomplete_fields = ["school"]
    readonly_fields = ["redirect_uri", "signin_address", "secret_saved"]
    fieldsets = (
        (None, {"fields": ("school", "provider_name", "is_enabled")}),
        (
            _("Provider"),
            {
                "fields": (
                    "issuer",
                    "client_id",
                    "client_secret",
                    "secret_saved",
                    "scopes",
                    "redirect_uri",
                    "signin_address",
                )
            },
        ),
        (_("Who signs in"), {"fields": ("students_may_use", "staff_password_off")}),
    )

    @admin.display(description=_("redirect URI to register with the provider"))
    def redirect_uri(self, obj):
        return services.redirect_uri()

    @admin.display(description=_("sign-in address"))
    def signin_address(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        from django.conf import settings
        from django.urls import reverse

        return settings.SITE_URL + reverse("sso:start", args=[public_key(obj.school)])

    @admin.display(description=_("client secret saved"), boolean=True)
    def secret_saved(self, obj):
        return bool(obj is not None and obj.client_secret_sealed)
