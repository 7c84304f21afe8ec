from django import forms
from django.utils.translation import gettext_lazy as _


class TargetForm(forms.Form):
    target = forms.IntegerField(
        label=_("Target (percent)"),
        min_value=0,
        max_value=100,
        help_text=_("Drawn as a line on every chart; the seed's schools aim for over 90 %."),
    )
