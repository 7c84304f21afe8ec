from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from tandem.core.mail import send_templated_email

from .models import User


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("That e-mail and password do not match an account."),
        "inactive": _("This account is turned off. Ask your school."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        refuse_password_if_off(user)


class AdminSignInForm(AdminAuthenticationForm):
    """The admin site's sign-in (accounts.admin), with the same rule as the sign-in page."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        refuse_password_if_off(user)


def refuse_password_if_off(user) -> None:
    """Staff of a school that turned password sign-in off sign in through its provider
    (single sign-on; who is staff is core.policy's rule, via sso.selectors.password_off_for)."""
    from tandem.sso.selectors import password_off_for

    sign_on = password_off_for(user)
    if sign_on is not None:
        raise forms.ValidationError(
            _(
                "%(school)s signs its staff in with %(provider)s, not with a password. "
                "Use “Sign in with %(provider)s” on the sign-in page."
            ),
            code="password_off",
            params={"school": sign_on.school.name, "provider": sign_on.provider_name},
        )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Six-digit code"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits your authenticator app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip()


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class FamilyNewsForm(forms.Form):
    family_news = forms.ChoiceField(
        label=_("When a family comments, approves, asks for changes, books, moves or cancels"),
        choices=User._meta.get_field("family_news").choices,
        widget=forms.RadioSelect,
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class LocalizedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the e-mail goes out in the person's language, after commit."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        send_templated_email(
            to=to_email,
            language=user.preferred_language,
            template="accounts/email/password_reset",
            context=context,
        )
