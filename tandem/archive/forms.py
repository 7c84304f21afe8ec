from django import forms
from django.utils.translation import gettext_lazy as _


class RetentionForm(forms.Form):
    years = forms.IntegerField(
        label=_("Years to keep records after a school year ends"), min_value=1, max_value=50
    )
