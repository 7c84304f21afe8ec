"""Sign-in and the account page. Staff: password, then a TOTP code if they have one. Families
and students: a one-time link by e-mail, or a password if they chose one."""

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.core.clients import client_address
from tandem.core.policy import is_staff_member, schools_with_role
from tandem.core.redirects import safe_next
from tandem.schools.models import Role
from tandem.sso import selectors as sso_selectors

from . import links, services
from .forms import CodeForm, FamilyNewsForm, LanguageForm, SignInForm, SignInLinkForm
from .middleware import mark_provider_mfa, requires_two_factor

PENDING_KEY = "tandem_pending_second_factor"
PENDING_SECONDS = 300
MAX_CODE_TRIES = 5


def _safe_next(request) -> str:
    """Where to go after signing in or changing the language: a local `next`, else home."""
    return safe_next(request, "core:home")


@require_http_methods(["GET", "POST"])
def signin(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        return sign_in_or_ask_code(
            request, user, backend=user.backend, next_url=_safe_next(request)
        )
    return render(
        request,
        "accounts/signin.html",
        {"form": form, "next": safe_next(request), "sso_buttons": sso_selectors.signin_buttons()},
    )


def sign_in_or_ask_code(request, user, *, backend: str, next_url: str, provider_mfa=False):
    """Sign `user` in, or first ask for the code of their TOTP device if they have one. Only a
    school's provider that asserted a second factor (single sign-on, sso.services.asserts_mfa)
    stands in for the code, for this session (middleware.provider_asserted_mfa)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and not provider_mfa:
        request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": backend,
            "device": device.pk,
            "at": time.time(),
            "tries": 0,
            "next": next_url,
        }
        return redirect("accounts:signin_code")
    login(request, user, backend=backend)
    if provider_mfa:
        mark_provider_mfa(request, user)
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
def signin_code(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Sign in again to continue."))
        return redirect("accounts:signin")
    device = (
        TOTPDevice.objects.filter(pk=pending["device"], user_id=pending["user"], confirmed=True)
        .select_related("user")
        .first()
    )
    if device is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:signin")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            request.session.pop(PENDING_KEY, None)
            user = device.user
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending["next"])
        pending["tries"] += 1
        if pending["tries"] >= MAX_CODE_TRIES:
            request.session.pop(PENDING_KEY, None)
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("accounts:signin")
        request.session[PENDING_KEY] = pending
        form.add_error("code", _("That code is not right, or it has expired. Try the next one."))
    return render(request, "accounts/signin_code.html", {"form": form})


@require_http_methods(["GET", "POST"])
def signin_link(request):
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.signin_link_request(
            email=form.cleaned_data["email"],
            client=client_address(request),
            next=safe_next(request),
        )
        return render(
            request, "accounts/signin_link_sent.html", {"email": form.cleaned_data["email"]}
        )
    return render(request, "accounts/signin_link.html", {"form": form, "next": safe_next(request)})


def _in_language_of(request, found) -> None:
    """Before anyone is signed in, a link's pages speak the language of the e-mail that
    carried it (a Spanish e-mail opens a Spanish page, whatever the browser says)."""
    language = found.language if found is not None else ""
    if language and not request.user.is_authenticated:
        translation.activate(language)
        request.LANGUAGE_CODE = language


@require_http_methods(["GET", "POST"])
def signin_link_open(request):
    """The link from the e-mail. GET only asks to confirm, so a mail scanner that follows links
    does not use up the one-time link; POST signs in and goes to the link's page. A link that
    no longer works offers a new one to the same page (signin_link_renew)."""
    token = request.POST.get(links.TOKEN_NAME) or request.GET.get(links.TOKEN_NAME, "")
    found = links.find(token)
    _in_language_of(request, found)
    if request.method == "POST":
        # authenticate() with the request, so lockout sees link attempts too.
        user = authenticate(request, signin_link=token) if token else None
        if user is not None:
            login(request, user)
            return redirect(links.destination(found) or _safe_next(request))
        return render(
            request,
            "accounts/signin_link_expired.html",
            {
                "token": token if found is not None else "",
                "renewable": found is not None and services.may_use_signin_link(found.user),
                "staff_next": links.destination(found)
                if found is not None and not services.may_use_signin_link(found.user)
                else "",
            },
            status=400,
        )
    return render(
        request,
        "accounts/signin_link_open.html",
        {"token": token, "next": safe_next(request)},
    )


@require_POST
def signin_link_renew(request):
    """One button on a link that no longer works: a new link to the same page, by e-mail."""
    token = request.POST.get(links.TOKEN_NAME, "")
    _in_language_of(request, links.find(token))
    services.signin_link_renew(token=token, client=client_address(request))
    return render(request, "accounts/signin_link_renewed.html")


@require_POST
def signout(request):
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:signin")


@login_required
@require_POST
def signout_everywhere(request):
    services.user_sign_out_everywhere(user=request.user)
    logout(request)
    messages.info(request, _("You are signed out on every device."))
    return redirect("accounts:signin")


@require_POST
def set_language(request):
    form = LanguageForm(request.POST)
    next_url = _safe_next(request)
    response = HttpResponseRedirect(next_url)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    user = request.user
    advises = bool(schools_with_role(user, {Role.ADVISOR}))
    news_form = None
    if advises:
        news_form = FamilyNewsForm(request.POST or None, initial={"family_news": user.family_news})
        if request.method == "POST" and news_form.is_valid():
            services.user_set_family_news(user=user, when=news_form.cleaned_data["family_news"])
            messages.success(request, _("Saved. You will hear from families as you chose."))
            return redirect("accounts:account")
    elif request.method == "POST":
        return redirect("accounts:account")
    return render(
        request,
        "accounts/account.html",
        {
            "is_staff_member": is_staff_member(user),
            "has_password": user.has_usable_password(),
            "has_two_factor": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "news_form": news_form,
        },
        status=400 if news_form is not None and news_form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def password(request):
    user = request.user
    form_class = PasswordChangeForm if user.has_usable_password() else SetPasswordForm
    form = form_class(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Your password is saved."))
        return redirect("accounts:account")
    return render(request, "accounts/password.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Set up a TOTP device, confirm it with a first code, or use it to unlock this session."""
    user = request.user
    if not is_staff_member(user) and not user.is_staff:
        return redirect("accounts:account")
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    form = CodeForm(request.POST or None)
    if confirmed is not None:
        # Set up already: the form unlocks this session (or turns it off, if allowed).
        required = requires_two_factor(user)
        if request.method == "POST" and form.is_valid():
            if confirmed.verify_token(form.cleaned_data["code"]):
                if request.POST.get("action") == "remove" and not required:
                    TOTPDevice.objects.filter(user=user).delete()
                    messages.success(request, _("Two-step sign-in is off."))
                    return redirect("accounts:account")
                otp_login(request, confirmed)
                return redirect("core:home")
            form.add_error("code", _("That code is not right, or it has expired."))
        return render(
            request,
            "accounts/two_factor_verify.html",
            {"form": form, "required": required, "verified": user.is_verified()},
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-step sign-in is on."))
            return redirect("accounts:account")
        form.add_error("code", _("That code is not right. Check the time on your phone."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=_("QR code for your authenticator app")
    )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": b32encode(device.bin_key).decode().rstrip("="),
        },
    )
