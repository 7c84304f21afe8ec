from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core import content

from .models import ChecklistItem, ItemKind


class ChecklistItemForm(forms.ModelForm):
    """The item's title and guidance in each language the school serves (the family reads
    them in the meeting)."""

    class Meta:
        model = ChecklistItem
        fields = ["kind", *content.columns("title", "guidance"), "evidence"]
        labels = {
            "kind": _("Kind"),
            "evidence": _("Opens in the meeting"),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in content.columns("guidance")}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Choose a kind")), *ItemKind.choices]
        content.language_fields(self, "title", school=school, label=_("Title"))
        content.language_fields(
            self,
            "guidance",
            school=school,
            label=_("Guidance for the advisor (one point per line)"),
        )

    def service_kwargs(self) -> dict:
        """What `checklist_item_add`/`_edit` take: the texts by language."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "evidence": data["evidence"],
            "title": content.cleaned_texts(self, "title"),
            "guidance": content.cleaned_texts(self, "guidance"),
        }


class CoverageForm(forms.Form):
    covered = forms.BooleanField(label=_("Covered"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OtherAttendeeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(
        label=_("Role"),
        max_length=200,
        required=False,
        help_text=_("For example: grandmother, special education teacher, counselor."),
    )
    family = forms.BooleanField(label=_("Family member"), required=False)


class RoomSignForm(forms.Form):
    """The portal's approval form, with the caregiver chosen on the shared device."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    caregiver = forms.ModelChoiceField(
        label=_("Who is approving"), queryset=None, empty_label=_("Choose your name")
    )
    typed_name = forms.CharField(
        label=_("Type your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    confirm = forms.BooleanField(label=_("I have read this plan and I approve it."), required=False)

    def __init__(self, *args, caregivers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregiver"].queryset = caregivers


class GiveBackForm(forms.Form):
    """The advisor proves who they are to end the hand-over: a TOTP code when they have a
    confirmed authenticator, else their password (meetings/handover.py checks it)."""

    secret = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, uses_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if uses_code:
            self.fields["secret"].label = _("Six-digit code")
            self.fields["secret"].widget = forms.TextInput(
                attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
            )


class RoomVerbalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    caregiver = forms.ModelChoiceField(
        label=_("Who approved aloud"), queryset=None, empty_label=_("Choose a caregiver")
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000)

    def __init__(self, *args, caregivers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregiver"].queryset = caregivers


class RoomRevisionForm(forms.Form):
    changes = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    owner = forms.ModelChoiceField(label=_("Who revises it"), queryset=None, empty_label=None)
    due_on = forms.DateField(label=_("Revised by"), widget=forms.DateInput(attrs={"type": "date"}))
    review_on = forms.DateField(
        label=_("Reviewed with the family by"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        today = timezone.localdate()
        self.fields["due_on"].widget.attrs["min"] = today.isoformat()
        self.fields["review_on"].widget.attrs["min"] = today.isoformat()
