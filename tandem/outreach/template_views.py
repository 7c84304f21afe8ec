"""The coordinator's message templates: the list (with the languages each is not in yet) and
one template's page, its subject and text in each language the school serves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tandem.advisories.access import oversight_school
from tandem.core import content

from . import access
from .forms import MessageTemplateForm
from .message_templates import template_of, template_save, templates_of


def _save(form, school, current=None):
    """The template as the form says, or None with the form's errors."""
    try:
        return template_save(
            school=school,
            name=form.cleaned_data["name"],
            texts=form.cleaned_data["texts"],
            current=current,
        )
    except ValidationError as error:
        for text in error.messages:
            form.add_error(None, text)
    except IntegrityError:  # another coordinator took the name meanwhile
        form.add_error("name", _("The school has a template of that name."))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def template_list(request):
    school = oversight_school(request.user, request.GET.get("school"))
    form = MessageTemplateForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        saved = _save(form, school)
        if saved is not None:
            messages.success(request, _("Template %(name)s added.") % {"name": saved.name})
            return redirect(f"{reverse('outreach:message_templates')}?school={school.pk}")
    return render(
        request,
        "outreach/message_templates.html",
        {"school": school, "templates": templates_of(school), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, template_id):
    row = access.message_template_for(request.user, template_id)
    school = row.school
    template = template_of(row)
    initial = {"name": template.name}
    for lang, each in template.rows.items():
        initial[content.column("subject", lang)] = each.subject
        initial[content.column("body", lang)] = each.body
    form = MessageTemplateForm(request.POST or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(form, school, current=template.name)
        if saved is not None:
            messages.success(request, _("Template %(name)s saved.") % {"name": saved.name})
            return redirect(f"{reverse('outreach:message_templates')}?school={school.pk}")
    return render(
        request,
        "outreach/message_template.html",
        {"school": school, "template": template, "form": form},
        status=400 if request.method == "POST" else 200,
    )
