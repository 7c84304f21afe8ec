"""The coordinator keeps the school's PLP template and competency list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.forms import modelformset_factory
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.advisories import access as advisory_access

from . import services
from .forms import CompetencyForm, FamilyQuestionsForm, TemplateSectionForm
from .models import Competency, TemplateSection

SectionFormSet = modelformset_factory(
    TemplateSection, form=TemplateSectionForm, extra=1, can_delete=True
)


@login_required
@require_http_methods(["GET", "POST"])
def plan_template(request):
    school = advisory_access.oversight_school(request.user, request.GET.get("school"))
    template = services.template_for(school)
    sections = TemplateSection.objects.filter(template=template)
    formset = SectionFormSet(request.POST or None, queryset=sections, prefix="sections")
    questions = FamilyQuestionsForm(
        request.POST or None, initial={"family_questions": template.family_questions}
    )
    if request.method == "POST" and formset.is_valid() and questions.is_valid():
        with transaction.atomic():
            for form in formset.forms:
                if not form.has_changed() and form.instance.pk is None:
                    continue
                if formset.can_delete and form.cleaned_data.get("DELETE"):
                    if form.instance.pk:
                        form.instance.delete()
                    continue
                section = form.save(commit=False)
                section.template = template
                if not section.key:
                    section.key = _unique_key(template, section.title)
                section.save()
            template.family_questions = questions.cleaned_data["family_questions"]
            template.save()
        messages.success(
            request,
            _(
                "The template is saved. New plans start from it; plans "
                "already started keep their sections."
            ),
        )
        return redirect(request.get_full_path())
    return render(
        request,
        "plans/plan_template.html",
        {"school": school, "formset": formset, "questions": questions},
    )


def _unique_key(template, title: str) -> str:
    base = slugify(title)[:30] or "section"
    key, n = base, 2
    while TemplateSection.objects.filter(template=template, key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@login_required
@require_http_methods(["GET", "POST"])
def competencies(request):
    school = advisory_access.oversight_school(request.user, request.GET.get("school"))
    form = CompetencyForm(request.POST or None)
    if request.method == "POST":
        toggle = request.POST.get("toggle")
        if toggle:
            competency = Competency.objects.filter(school=school, pk=toggle).first()
            if competency is not None:
                competency.is_active = not competency.is_active
                competency.save(update_fields=["is_active"])
            return redirect(request.get_full_path())
        if form.is_valid():
            try:
                with transaction.atomic():
                    Competency.objects.create(school=school, **form.cleaned_data)
            except IntegrityError:
                form.add_error("code", _("That code is already in the list."))
            else:
                messages.success(request, _("Competency added."))
                return redirect(request.get_full_path())
    return render(
        request,
        "plans/competencies.html",
        {
            "school": school,
            "form": form,
            "competencies": Competency.objects.filter(school=school).order_by("code"),
        },
    )
