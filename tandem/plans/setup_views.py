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
from tandem.core import content

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
    formset = SectionFormSet(
        request.POST or None, queryset=sections, prefix="sections", form_kwargs={"school": school}
    )
    questions = FamilyQuestionsForm(request.POST or None, school=school, template=template)
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
            content.set_all(
                template,
                "family_questions",
                content.cleaned_texts(questions, "family_questions"),
            )
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
    edit = request.GET.get("edit", "")
    editing = Competency.objects.filter(school=school, pk=edit).first() if edit.isdigit() else None
    form = CompetencyForm(request.POST or None, school=school, instance=editing)
    if request.method == "POST":
        toggle = request.POST.get("toggle")
        if toggle:
            competency = Competency.objects.filter(school=school, pk=toggle).first()
            if competency is not None:
                competency.is_active = not competency.is_active
                competency.save(update_fields=["is_active"])
            return redirect(request.get_full_path())
        if form.is_valid() and editing is not None:
            content.set_all(editing, "statement", content.cleaned_texts(form, "statement"))
            editing.save()
            messages.success(request, _("Saved %(code)s.") % {"code": editing.code})
            return redirect(f"{request.path}?school={school.pk}")
        if form.is_valid():
            statements = content.cleaned_texts(form, "statement")
            try:
                with transaction.atomic():
                    Competency.objects.create(
                        school=school,
                        code=form.cleaned_data["code"],
                        **content.kwargs("statement", statements),
                    )
            except IntegrityError:
                form.add_error("code", _("That code is already in the list."))
            else:
                messages.success(request, _("Competency added."))
                return redirect(request.get_full_path())
    competencies = list(Competency.objects.filter(school=school).order_by("code"))
    served = content.served_languages(school)
    return render(
        request,
        "plans/competencies.html",
        {
            "school": school,
            "form": form,
            "editing": editing,
            "competencies": competencies,
            "untranslated": {c.pk for c in competencies if content.missing(c, "statement", served)},
        },
    )
