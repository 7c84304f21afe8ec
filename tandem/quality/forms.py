"""Forms for plan quality: fields follow the school's rubric (its levels and criteria)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SettingsForm(forms.Form):
    per_advisor = forms.IntegerField(
        label=_("Plans sampled per advisor each term"), min_value=1, max_value=20
    )
    peer_review = forms.BooleanField(
        label=_("Advisors review each other's plans (peer review)"), required=False
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level in levels:
            self.fields[f"level_{level.value}"] = forms.CharField(
                label=_("Name of level %(value)s") % {"value": level.value},
                max_length=80,
                initial=level.name,
            )

    def level_names(self):
        return [self.cleaned_data[f"level_{level.value}"] for level in self.levels]


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("What it looks at"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level in levels:
            self.fields[f"descriptor_{level.value}"] = forms.CharField(
                label=_("%(value)s · %(name)s: what a plan at this level looks like")
                % {"value": level.value, "name": level.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def descriptors(self) -> dict[int, str]:
        return {
            level.value: self.cleaned_data[f"descriptor_{level.value}"] for level in self.levels
        }


class ReviewForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback to the advisor"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )

    def __init__(self, *args, criteria, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        choices = [(level.value, f"{level.value} · {level.name}") for level in levels]
        for criterion in criteria:
            self.fields[f"level_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on %(name)s (optional)") % {"name": criterion.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    def rows(self):
        """(criterion, level field, comment field) in the rubric's order, for the template."""
        return [(c, self[f"level_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def levels(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"level_{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"level_{c.pk}") not in (None, "")
        }

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"comment_{c.pk}"] for c in self.criteria}
