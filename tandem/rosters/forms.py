import zipfile

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    package = forms.FileField(
        label=_("OneRoster package (.zip)"),
        help_text=_("The CSV export of your student information system, as one zip file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_package(self):
        upload = self.cleaned_data["package"]
        limit = settings.TANDEM_ROSTER_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB. Ask IT to import it on the server."),
                params={"limit": limit},
            )
        if not zipfile.is_zipfile(upload):
            raise forms.ValidationError(
                _("This is not a zip file. Upload the .zip your information system exports.")
            )
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = {name.replace("\\", "/").rsplit("/", 1)[-1] for name in archive.namelist()}
        upload.seek(0)
        if "manifest.csv" not in names:
            raise forms.ValidationError(
                _("The zip has no manifest.csv, so it is not a OneRoster CSV package.")
            )
        return upload


class ConfirmForm(forms.Form):
    skip_bad_rows = forms.BooleanField(
        label=_("Skip the rows with errors and import the rest"), required=False
    )
