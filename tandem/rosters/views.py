"""The school admin's roster import: upload, preview, confirm; the history of imports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tandem.schools.models import School

from . import access, services
from .forms import ConfirmForm, UploadForm
from .models import ImportRun
from .report import ACTION_LABELS, ACTIONS, KINDS, describe, describe_match, ignored_rows

PAGE_SIZE = 25
SHOWN_PROBLEMS = 100


@login_required
@require_http_methods(["GET", "POST"])
def home(request):
    school = access.admin_school(
        request.user, request.GET.get("school") or request.POST.get("school")
    )
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = services.roster_preview(
            upload=form.cleaned_data["package"], school=school, by=request.user
        )
        return redirect("rosters:run", run_id=run.pk)
    runs = ImportRun.objects.filter(schools=school, kind=ImportRun.Kind.ROSTER).select_related("by")
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "rosters/home.html",
        {
            "school": school,
            "schools": School.objects.filter(pk__in=access.admin_schools(request.user)),
            "form": form,
            "page": page,
            "query": f"school={school.pk}",
        },
    )


def _counts(summary: dict) -> list[tuple[str, list[tuple[str, int]]]]:
    counts = summary.get("counts", {})
    return [
        (
            label,
            [(ACTION_LABELS[action], counts.get(kind, {}).get(action, 0)) for action in ACTIONS],
        )
        for kind, label in KINDS.items()
    ]


@login_required
def run_detail(request, run_id):
    run = access.run_for(request.user, run_id)
    summary = run.summary
    return render(
        request,
        "rosters/run.html",
        {
            "run": run,
            "counts": _counts(summary),
            "actions": list(ACTION_LABELS.values()),
            "ignored": ignored_rows(summary),
            "matched": [describe_match(match) for match in summary.get("matched", [])],
            "errors": [describe(p) for p in summary.get("errors", [])[:SHOWN_PROBLEMS]],
            "warnings": [describe(p) for p in summary.get("warnings", [])[:SHOWN_PROBLEMS]],
            "files": summary.get("files", {}),
            "form": ConfirmForm(),
            "waiting": run.status == ImportRun.Status.PREVIEW,
        },
    )


def confirm_from_request(request, run, confirm, *, done_message: str) -> None:
    """The confirm step every import shares (rosters, frameworks, test scores): refuse a run
    that is no longer waiting or that has errors the user did not choose to skip; otherwise
    call `confirm(run=, by=, skip_bad_rows=)` and say how it went."""
    form = ConfirmForm(request.POST)
    skip = form.is_valid() and form.cleaned_data["skip_bad_rows"]
    not_waiting = _("This import is no longer waiting for confirmation.")
    if run.status != ImportRun.Status.PREVIEW:
        messages.error(request, not_waiting)
        return
    if run.errors_total and not skip:
        messages.error(
            request,
            _(
                "Some rows have errors. Fix the file and upload it again, or tick “Skip the rows "
                "with errors” to import the rest."
            ),
        )
        return
    try:
        run = confirm(run=run, by=request.user, skip_bad_rows=skip)
    except services.NotWaiting:
        messages.error(request, not_waiting)
        return
    if run.status == ImportRun.Status.APPLIED:
        messages.success(request, done_message)
    else:
        messages.error(request, _("Nothing was imported: the file has errors."))


@login_required
@require_POST
def run_confirm(request, run_id):
    run = access.run_for(request.user, run_id)
    confirm_from_request(
        request, run, services.roster_confirm, done_message=_("The roster was imported.")
    )
    return redirect("rosters:run", run_id=run.pk)


@login_required
@require_POST
def run_discard(request, run_id):
    run = access.run_for(request.user, run_id)
    services.roster_discard(run=run)
    messages.info(request, _("The file was discarded; nothing was imported."))
    school = run.schools.first()
    return redirect(reverse("rosters:home") + (f"?school={school.pk}" if school else ""))
