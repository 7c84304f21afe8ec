from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AdvisorAvailability, Mode

FAMILY_MODES = [
    (Mode.SCHOOL, Mode.SCHOOL.label),
    (Mode.VIDEO, Mode.VIDEO.label),
    (Mode.PHONE, Mode.PHONE.label),
    (Mode.HOME, Mode.HOME.label),
]


class BookForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Time"), error_messages={"required": _("Choose a time.")}
    )
    mode = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=FAMILY_MODES,
        initial=Mode.SCHOOL,
        required=False,
    )


class AdvisorAvailabilityForm(forms.ModelForm):
    video_link = forms.URLField(label=_("video link"), required=False, assume_scheme="https")

    class Meta:
        model = AdvisorAvailability
        fields = ["max_per_day", "languages", "room", "video_link", "home_travel_minutes"]


PREFERENCES = [
    ("0", _("Does not work")),
    ("1", _("Works")),
    ("2", _("Good")),
    ("3", _("Best")),
]
