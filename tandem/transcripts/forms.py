from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.core import content

from .subjects import area_key


class RequirementForm(forms.Form):
    """One subject area of the diploma; its name, which families read on the credit report, in
    each language the school serves (the school's own language required)."""

    name = forms.CharField(
        label=_("Subject area"),
        max_length=100,
        help_text=_("As the transcript names it, e.g. Mathematics."),
    )
    credits = forms.DecimalField(
        label=_("Credits required"),
        min_value=Decimal("0.25"),
        max_value=Decimal("99"),
        max_digits=5,
        decimal_places=2,
    )
    areas = forms.CharField(
        label=_("Other subject areas that count"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. Life and Physical Sciences, Biology."),
    )

    def __init__(self, *args, school, served, **kwargs):
        super().__init__(*args, **kwargs)
        self.own = content.school_language(school)
        blank = not self.initial
        content.language_fields(self, "name", school=school, served=served)
        for name, field in self.fields.items():
            if name.startswith("name_") and name != content.column("name", self.own):
                field.help_text = ""
                if blank:  # a row still to add is not an untranslated one
                    field.untranslated = False

    def clean_areas(self) -> list[str]:
        names = [" ".join(part.split()) for part in self.cleaned_data["areas"].split(",")]
        return list(dict.fromkeys(name for name in names if name))

    def clean(self):
        data = super().clean()
        names = content.cleaned_texts(self, "name")
        data["names"] = names
        data["name"] = names.get(self.own, "")
        return data


class BaseRequirementFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen: dict[str, str] = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            own = form.cleaned_data["name"]
            names = [text for text in form.cleaned_data["names"].values() if text]
            for name in dict.fromkeys([*names, *form.cleaned_data["areas"]]):
                key = area_key(name)
                if key in seen and seen[key] != own:
                    raise forms.ValidationError(
                        _("%(area)s is counted by two requirements; keep it in one.")
                        % {"area": name}
                    )
                seen[key] = own

    def requirements(self) -> list[tuple[dict[str, str], Decimal, list[str]]]:
        """({language: name}, credits, other areas) of the filled rows kept, in the page's
        order."""
        return [
            (form.cleaned_data["names"], form.cleaned_data["credits"], form.cleaned_data["areas"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


RequirementFormSet = forms.formset_factory(
    RequirementForm, formset=BaseRequirementFormSet, extra=2, can_delete=True
)
