"""The school's languages and what is not yet translated into them (the coordinator's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.advisories import access as advisory_access
from tandem.core import content
from tandem.core import languages as language_names

from . import calendar, services
from .forms import LanguagesForm
from .untranslated import untranslated


@login_required
@require_http_methods(["GET", "POST"])
def languages(request):
    school = advisory_access.oversight_school(request.user, request.GET.get("school"))
    own = content.school_language(school)
    served = content.served_languages(school)
    form = LanguagesForm(
        request.POST if request.method == "POST" else None,  # none ticked is a choice too
        own=own,
        initial={"languages": [c for c in served if c != own]},
    )
    if request.method == "POST" and form.is_valid():
        services.school_languages_save(school=school, languages=form.chosen())
        messages.success(request, _("The school's languages are saved."))
        return redirect(f"{request.path}?school={school.pk}")
    missing = untranslated(school, calendar.today(school))
    return render(
        request,
        "schools/languages.html",
        {
            "school": school,
            "own": language_names.name(own),
            "form": form,
            "missing": [
                (code, language_names.name(code), items) for code, items in missing.items()
            ],
        },
    )
