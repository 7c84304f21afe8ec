from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tandem.core import languages


class LanguagesForm(forms.Form):
    """The languages a school serves besides its own (families read its content in them)."""

    languages = forms.MultipleChoiceField(
        label=_("Languages the school serves"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, own: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.own = own
        self.fields["languages"].choices = [
            (code, languages.name(code)) for code, _name in settings.LANGUAGES if code != own
        ]

    def chosen(self) -> list[str]:
        return [self.own, *self.cleaned_data["languages"]]
