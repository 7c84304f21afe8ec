"""The school's public PLP page (no sign-in) and the coordinator's editor with a preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.core.forms import add_errors
from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role
from tandem.schools.models import School

from . import access, selectors, services
from .forms import SchoolPageForm


def public(request, school_key):
    school = selectors.school_by_key(school_key)
    language = selectors.page_language(school)
    return render(
        request,
        "schoolpage/public.html",
        {"page": selectors.public_page(school, language), "school": school},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request):
    school = access.editable_school(
        request.user, request.GET.get("school") or request.POST.get("school")
    )
    language = request.GET.get("language") or request.POST.get("language")
    if language not in school.language_codes:
        language = school.language_codes[0]
    settings = selectors.settings_of(school)
    coordinators = selectors.coordinators(school)
    texts = selectors.texts_of(school, language)
    contact = settings.contact if settings.contact_id in {c.pk for c in coordinators} else None
    initial = texts | {
        "contact": contact or (coordinators[0] if coordinators else None),
        "show_contact_name": settings.show_contact_name,
        "show_contact_email": settings.show_contact_email,
        "slug": school.slug or "",
    }
    form = SchoolPageForm(request.POST or None, initial=initial, coordinators=coordinators)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "preview":
            unsaved = selectors.settings_of(school)
            unsaved.contact = data["contact"]
            unsaved.show_contact_name = data["show_contact_name"]
            unsaved.show_contact_email = data["show_contact_email"]
            preview = selectors.public_page(
                school,
                language,
                texts={"about": data["about"], "conferences": data["conferences"]},
                settings=unsaved,
            )
        else:
            try:
                services.school_page_save(school=school, language=language, by=request.user, **data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The public PLP page is saved."))
                return redirect(
                    f"{reverse('schoolpage:edit')}?school={school.pk}&language={language}"
                )
    school.refresh_from_db(fields=["slug"])
    return render(
        request,
        "schoolpage/edit.html",
        {
            "school": school,
            "schools": School.objects.filter(
                pk__in=schools_with_role(request.user, OVERSIGHT_ROLES)
            ).order_by("name"),
            "language": language,
            "languages": _language_names(school),
            "form": form,
            "preview": preview,
            "public_url": reverse("schoolpage:public", args=[selectors.public_key(school)]),
        },
        status=400 if request.method == "POST" and preview is None else 200,
    )


def _language_names(school) -> list[tuple[str, str]]:
    from tandem.core import languages

    return [(code, languages.name(code)) for code in school.language_codes]
