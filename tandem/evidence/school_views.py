"""The school's side of evidence: importing frameworks and test results (the school admin, with
a preview before anything is written), and the exports of the IEP access log and of who has
access to IEP records. (The graduation requirement is part of the diploma: tandem.transcripts.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.advisories import access as advisory_access
from tandem.core.csv_export import csv_response
from tandem.core.models import AccessLog
from tandem.rosters.forms import ConfirmForm
from tandem.rosters.models import ImportRun
from tandem.rosters.report import ACTION_LABELS, ACTIONS, describe
from tandem.rosters.services import roster_discard
from tandem.rosters.views import confirm_from_request

from . import access, exports, imports
from .forms import EvidenceUploadForm

PAGE_SIZE = 25
SHOWN_PROBLEMS = 100


@login_required
@require_http_methods(["GET", "POST"])
def import_home(request):
    school = access.import_school(
        request.user, request.GET.get("school") or request.POST.get("school")
    )
    form = EvidenceUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        kind, fmt = form.kind_and_format
        run = imports.evidence_preview(
            kind=kind, fmt=fmt, upload=form.cleaned_data["file"], school=school, by=request.user
        )
        return redirect("evidence:import_run", import_id=run.pk)
    runs = ImportRun.objects.filter(schools=school, kind__in=list(imports.KINDS)).select_related(
        "by"
    )
    return render(
        request,
        "evidence/imports.html",
        {
            "school": school,
            "form": form,
            "page": Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": f"school={school.pk}",
        },
    )


@login_required
def import_run(request, import_id):
    run = access.import_run_for(request.user, import_id)
    counts = run.summary.get("counts", {})
    rows = [
        (label, [(ACTION_LABELS[a], counts.get(kind, {}).get(a, 0)) for a in ACTIONS[:3]])
        for kind, label in imports.KINDS[run.kind].items()
    ]
    return render(
        request,
        "evidence/import_run.html",
        {
            "run": run,
            "counts": rows,
            "actions": [ACTION_LABELS[a] for a in ACTIONS[:3]],
            "errors": [describe(p) for p in run.summary.get("errors", [])[:SHOWN_PROBLEMS]],
            "form": ConfirmForm(),
            "waiting": run.status == ImportRun.Status.PREVIEW,
            # A test results file: the format read, and its first rows as Tandem mapped them.
            "format_label": run.summary.get("format_label", ""),
            "detected": run.summary.get("detected", False),
            "preview": run.summary.get("preview", []),
        },
    )


@login_required
@require_POST
def import_confirm(request, import_id):
    run = access.import_run_for(request.user, import_id)
    confirm_from_request(
        request, run, imports.evidence_confirm, done_message=_("The file was imported.")
    )
    return redirect("evidence:import_run", import_id=run.pk)


@login_required
@require_POST
def import_discard(request, import_id):
    run = access.import_run_for(request.user, import_id)
    roster_discard(run=run)
    messages.info(request, _("The file was discarded; nothing was imported."))
    return redirect(reverse("evidence:imports"))


@login_required
def iep_access_csv(request):
    """Who may open each IEP student's records, and why (the school's answer to "who has
    access"), as CSV."""
    school = advisory_access.oversight_school(request.user, request.GET.get("school"))
    return csv_response(
        f"iep-access-{school.pk}.csv",
        ["student", "local_id", "person", "email", "why"],
        exports.iep_access_rows(school),
    )


@login_required
def access_log_csv(request):
    """The access log of the school's restricted records, as CSV (newest first)."""
    school = advisory_access.oversight_school(request.user, request.GET.get("school"))
    entries = AccessLog.objects.filter(school=school).select_related("user", "student")
    return csv_response(
        f"access-log-{school.pk}.csv",
        AccessLog.CSV_HEADER,
        (entry.csv_row(school.zone) for entry in entries.iterator()),
    )
