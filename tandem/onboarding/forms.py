from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Suggestion, SuggestionKind


class OnboardingForm(forms.Form):
    expectations = forms.CharField(
        label=_("Advisor expectations"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "One expectation per line, in order. Saving a change makes a new version that every "
            "advisor acknowledges again."
        ),
    )
    tasks = forms.CharField(
        label=_("First-weeks checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One task per line, in order. Advisors keep their ticks on tasks whose text you "
            "keep; a changed task is ticked again."
        ),
    )


class SuggestionForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("This is a"), choices=SuggestionKind.choices)

    class Meta:
        model = Suggestion
        fields = ["kind", "subject", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 5}))
