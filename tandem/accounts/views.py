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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.core.clients import client_address
from tandem.core.policy import is_staff_member
from tandem.core.redirects import safe_next

from . import services
from .forms import CodeForm, LanguageForm, SignInForm, SignInLinkForm
from .middleware import requires_two_factor

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
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "device": device.pk,
                "at": time.time(),
                "tries": 0,
                "next": _safe_next(request),
            }
            return redirect("accounts:signin_code")
        login(request, user)
        return redirect(_safe_next(request))
    return render(request, "accounts/signin.html", {"form": form, "next": safe_next(request)})


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
            email=form.cleaned_data["email"], client=client_address(request)
        )
        return render(
            request, "accounts/signin_link_sent.html", {"email": form.cleaned_data["email"]}
        )
    return render(request, "accounts/signin_link.html", {"form": form})


@require_http_methods(["GET", "POST"])
def signin_link_open(request):
    """The link from the e-mail. GET only asks to confirm, so a mail scanner that follows links
    does not use up the one-time token; POST signs in."""
    token = request.POST.get(settings.SESAME_TOKEN_NAME) or request.GET.get(
        settings.SESAME_TOKEN_NAME, ""
    )
    if request.method == "POST":
        # authenticate() with the request, so lockout sees link attempts too; login() then
        # moves last_login on, which is what makes the link single-use.
        user = authenticate(request, sesame=token) if token else None
        if user is not None and services.may_use_signin_link(user):
            login(request, user)
            return redirect(_safe_next(request))
        return render(request, "accounts/signin_link_expired.html", status=400)
    return render(
        request,
        "accounts/signin_link_open.html",
        {"token": token, "next": safe_next(request)},
    )


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
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "is_staff_member": is_staff_member(user),
            "has_password": user.has_usable_password(),
            "has_two_factor": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        },
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
