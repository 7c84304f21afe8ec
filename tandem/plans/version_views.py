"""A plan's frozen versions: read one, download it as a PDF, compare two."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import access, diff
from .views import back_to_plan


@login_required
def version_detail(request, plan_id, number):
    plan = access.plan_for(request.user, plan_id)
    version = access.version_for(plan, number)
    approvals = version.approvals.select_related("caregiver", "recorded_by")
    return render(
        request,
        "plans/version_detail.html",
        {"plan": plan, "version": version, "approvals": approvals},
    )


@login_required
def version_pdf(request, plan_id, number):
    from .pdf import pdf_filename
    from .pdf import version_pdf as render_pdf

    plan = access.plan_for(request.user, plan_id)
    version = access.version_for(plan, number)
    response = HttpResponse(
        render_pdf(version, language=request.LANGUAGE_CODE), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(version)}"'
    return response


@login_required
def version_compare(request, plan_id):
    plan = access.plan_for(request.user, plan_id)
    versions = list(plan.versions.order_by("number"))
    if len(versions) < 2:
        messages.info(request, _("There is only one version so far."))
        return back_to_plan(plan)
    try:
        a = int(request.GET.get("a", versions[-2].number))
        b = int(request.GET.get("b", versions[-1].number))
    except ValueError:
        raise Http404 from None
    left, right = access.version_for(plan, a), access.version_for(plan, b)
    return render(
        request,
        "plans/compare.html",
        {
            "plan": plan,
            "left": left,
            "right": right,
            "versions": versions,
            "sections": diff.compare(left.content, right.content),
        },
    )
