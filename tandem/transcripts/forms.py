from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .subjects import area_key


class RequirementForm(forms.Form):
    """One subject area of the diploma."""

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

    def clean_areas(self) -> list[str]:
        names = [" ".join(part.split()) for part in self.cleaned_data["areas"].split(",")]
        return list(dict.fromkeys(name for name in names if name))


class BaseRequirementFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen: dict[str, str] = {}
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            for name in [form.cleaned_data["name"], *form.cleaned_data["areas"]]:
                key = area_key(name)
                if key in seen and seen[key] != form.cleaned_data["name"]:
                    raise forms.ValidationError(
                        _("%(area)s is counted by two requirements; keep it in one.")
                        % {"area": name}
                    )
                seen[key] = form.cleaned_data["name"]

    def requirements(self) -> list[tuple[str, Decimal, list[str]]]:
        """(name, credits, other areas) of the filled rows kept, in the page's order."""
        return [
            (form.cleaned_data["name"], form.cleaned_data["credits"], form.cleaned_data["areas"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


RequirementFormSet = forms.formset_factory(
    RequirementForm, formset=BaseRequirementFormSet, extra=2, can_delete=True
)
