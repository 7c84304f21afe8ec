"""The year's archive and the school's retention: the coordinator's and school admin's pages.
Views parse, authorise (access.py), call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from tandem.core.forms import errors_to_messages

from . import access, build, selectors, services
from .forms import RetentionForm
from .models import YearArchive

PAGE_SIZE = 50


@login_required
def years(request):
    school = access.school_for(request.user, request.GET.get("school"))
    return render(
        request,
        "archive/years.html",
        {
            "school": school,
            "years": selectors.school_years(school),
            "retention_years": selectors.retention_years(school),
        },
    )


def _year_context(year) -> dict:
    archive = selectors.archive_of(year)
    return {
        "year": year,
        "school": year.school,
        "archive": archive,
        "ended": selectors.year_has_ended(year),
        "working": archive is not None
        and archive.status in (YearArchive.Status.QUEUED, YearArchive.Status.BUILDING),
    }


@login_required
def year(request, year_id):
    year = access.year_for(request.user, year_id)
    context = _year_context(year)
    archive = context["archive"]
    if archive is not None and archive.status == YearArchive.Status.DONE:
        context["page"] = Paginator(selectors.archive_files(archive), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    return render(request, "archive/year.html", context)


@login_required
def progress(request, year_id):
    """The progress line alone; the year page polls it (htmx) while the worker builds. Opened
    directly (a bookmark, a shared link) it is the year's page, not a bare fragment."""
    year = access.year_for(request.user, year_id)
    if not request.htmx:
        return redirect("archive:year", year.pk)
    return render(request, "archive/_progress.html", _year_context(year))


@login_required
@require_http_methods(["GET", "POST"])
def start(request, year_id):
    year = access.year_for(request.user, year_id)
    if request.method == "POST":
        try:
            services.archive_start(by=request.user, year=year)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("The archive is being built; this page shows how far."))
        return redirect("archive:year", year.pk)
    return render(request, "archive/start.html", _year_context(year))


@login_required
def download(request, year_id):
    archive = access.finished_archive_for(request.user, year_id)
    services.archive_download_logged(request=request, archive=archive)
    name = f"archive-{build.slug(archive.year.school.name)}-{build.slug(archive.year.name)}.zip"
    return FileResponse(
        default_storage.open(archive.school_file, "rb"), as_attachment=True, filename=name
    )


@login_required
def student_download(request, year_id, student_id):
    archive, entry = access.student_file_for(request.user, year_id, student_id)
    services.archive_download_logged(request=request, archive=archive, entry=entry)
    name = f"archive-{build.slug(archive.year.name)}-{build.slug(entry.student.local_id)}.zip"
    return FileResponse(default_storage.open(entry.name, "rb"), as_attachment=True, filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def retention(request):
    school = access.school_for(
        request.user, request.POST.get("school") or request.GET.get("school")
    )
    current = selectors.retention_years(school)
    form = RetentionForm(request.POST or None, initial={"years": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_set(by=request.user, school=school, years=form.cleaned_data["years"])
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            messages.success(request, _("The retention setting is saved."))
        return redirect(f"{reverse('archive:retention')}?school={school.pk}")
    return render(
        request,
        "archive/retention.html",
        {
            "school": school,
            "form": form,
            "retention_years": current,
            "keep_since": selectors.keep_since(school, current),
            "due": selectors.due_for_destruction(school),
            "destructions": selectors.destructions(school),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def destroy(request):
    school = access.school_for(
        request.user, request.POST.get("school") or request.GET.get("school")
    )
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the destruction."))
            return redirect(f"{reverse('archive:destroy')}?school={school.pk}")
        try:
            year_ids = [int(value) for value in request.POST.getlist("year")]
            done = services.records_destroy(by=request.user, school=school, year_ids=year_ids)
        except ValueError:
            messages.error(request, services.CHANGED_MESSAGE)
        except ValidationError as error:
            errors_to_messages(request, error)
        else:
            text = ngettext(
                "%(count)s record was destroyed and logged.",
                "%(count)s records were destroyed and logged.",
                done.count,
            )
            messages.success(request, text % {"count": done.count})
        return redirect(f"{reverse('archive:retention')}?school={school.pk}")
    current = selectors.retention_years(school)
    return render(
        request,
        "archive/destroy.html",
        {
            "school": school,
            "retention_years": current,
            "keep_since": selectors.keep_since(school, current),
            "due": selectors.due_for_destruction(school),
        },
    )
