"""The credentials pages: a student's badges (download, issue, revoke), the school's settings
and keys, and the public side — the DID document, the status lists and the verification page."""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.plans.models import Competency
from tandem.schoolpage.selectors import school_by_key

from . import access, baking, documents, keys, selectors, services
from .forms import RevokeForm, SettingsForm, VerifyForm
from .models import StatusList
from .verify import token_from_text, token_from_upload, verify_token


@login_required
@require_GET
def student_credentials(request, student_id):
    student = access.student_for(request.user, student_id)
    credentials = selectors.credentials_of(student)
    return render(
        request,
        "credentials/student.html",
        {
            "student": student,
            "credentials": credentials,
            "masteries": selectors.mastery_list(student, credentials),
            "can_issue": access.can_issue(request.user, student),
            "has_valid": any(c.revoked_at is None for c in credentials),
            "revoked": [c for c in credentials if c.revoked_at is not None],
        },
    )


@login_required
@require_POST
def issue(request, student_id):
    student = access.student_for(request.user, student_id)
    access.require_issuer(request.user, student)
    try:
        competency_id = int(request.POST.get("competency", ""))
    except ValueError:
        raise Http404 from None
    competency = get_object_or_404(Competency, pk=competency_id, school_id=student.school_id)
    try:
        services.credential_issue(student=student, competency=competency, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The badge is issued."))
    return redirect("credentials:student", student_id=student.pk)


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, student_id, credential_id):
    credential = access.credential_for(request.user, student_id, credential_id)
    access.require_issuer(request.user, credential.student)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.credential_revoke(
            credential=credential, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The badge is revoked: verifiers now report it revoked."))
        return redirect("credentials:student", student_id=credential.student_id)
    return render(
        request,
        "credentials/revoke.html",
        {"credential": credential, "student": credential.student, "form": form},
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(credential, extension: str) -> str:
    return f"badge-{slugify(credential.competency.code) or credential.pk}.{extension}"


@login_required
@require_GET
def credential_json(request, student_id, credential_id):
    credential = access.credential_for(request.user, student_id, credential_id)
    _header, payload, _input, _signature = keys.read(credential.jwt)
    body = json.dumps({"jwt": credential.jwt, "credential": payload}, indent=2, ensure_ascii=False)
    return _download(body.encode(), "application/json", _filename(credential, "json"))


@login_required
@require_GET
def badge_png(request, student_id, credential_id):
    credential = access.credential_for(request.user, student_id, credential_id)
    image = baking.bake(baking.badge_image(credential.competency.code), credential.jwt)
    return _download(image, "image/png", _filename(credential, "png"))


@login_required
@require_GET
def clr(request, student_id):
    student = access.student_for(request.user, student_id)
    credentials = selectors.valid_credentials(student)
    if not credentials:  # a CLR carries at least one badge
        messages.info(request, _("There is no badge yet to put in a record of achievements."))
        return redirect("credentials:student", student_id=student.pk)
    token = services.clr_jwt(student, credentials)
    _header, payload, _input, _signature = keys.read(token)
    body = json.dumps({"jwt": token, "credential": payload}, indent=2, ensure_ascii=False)
    name = slugify(student.display_name) or str(student.pk)
    return _download(body.encode(), "application/json", f"clr-{name}.json")


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    school = access.oversight_school(
        request.user, request.GET.get("school") or request.POST.get("school")
    )
    current = services.settings_of(school)
    action = request.POST.get("action")
    form = SettingsForm(request.POST if action == "settings" else None, instance=current)
    if action == "settings" and form.is_valid():
        services.settings_save(school=school, auto_issue=form.cleaned_data["auto_issue"])
        messages.success(request, _("The settings are saved."))
        return redirect(f"{request.path}?school={school.pk}")
    if action == "rotate":
        key = services.key_rotate(school=school)
        messages.success(
            request,
            _("A new key (%(key)s) signs from now on; the old ones still verify.")
            % {"key": key.fragment},
        )
        return redirect(f"{request.path}?school={school.pk}")
    if request.method == "POST" and action not in ("settings", "rotate"):
        raise Http404
    return render(
        request,
        "credentials/settings.html",
        {
            "school": school,
            "form": form,
            "keys": selectors.keys_of(school),
            "did": documents.school_did(school),
        },
    )


@require_GET
def did_document(request, school_key):
    school = school_by_key(school_key)
    signing_keys = selectors.keys_of(school)  # none before the school's first badge
    response = JsonResponse(
        documents.did_document(school, signing_keys), json_dumps_params={"indent": 2}
    )
    response["Content-Type"] = "application/did+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def status_list(request, school_key, list_number):
    school = school_by_key(school_key)
    found = get_object_or_404(
        StatusList.objects.select_related("school"), school=school, number=list_number
    )
    token = services.status_list_jwt(found)
    etag = '"' + hashlib.sha256(token.encode()).hexdigest()[:32] + '"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(token, content_type="application/vc+jwt")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_http_methods(["GET", "POST"])
def verify(request):
    """No sign-in: anyone holding a credential may check it."""
    posted = request.method == "POST"
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    result = None
    if posted and form.is_valid():
        upload = form.cleaned_data.get("upload")
        if upload is not None:
            token = token_from_upload(upload.read(upload.size))
        else:
            token = token_from_text(form.cleaned_data["token"])
        result = verify_token(token)
    return render(request, "credentials/verify.html", {"form": form, "result": result})
