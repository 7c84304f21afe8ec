from django import forms
from django.utils.translation import gettext_lazy as _

from .models import IssuerSettings
from .verify import MAX_UPLOAD


class SettingsForm(forms.ModelForm):
    class Meta:
        model = IssuerSettings
        fields = ["auto_issue"]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept with the badge; not published)"), max_length=300, required=False
    )


class VerifyForm(forms.Form):
    token = forms.CharField(
        label=_("Paste the credential (a JWT beginning with eyJ, or its JSON)"),
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        required=False,
    )
    upload = forms.FileField(
        label=_("…or upload the badge image (PNG) or the credential file (JSON)"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is not None and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("That file is too large to be a credential."))
        if not data.get("token") and upload is None:
            raise forms.ValidationError(_("Paste a credential or choose a file."))
        return data
