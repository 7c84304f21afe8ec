from django import forms

from . import phones
from .models import Caregiver


class CaregiverForm(forms.ModelForm):
    class Meta:
        model = Caregiver
        fields = [
            "school",
            "first_name",
            "last_name",
            "email",
            "mobile_phone",
            "preferred_language",
            "home_language",
            "needs_interpreter",
            "contact_by_email",
            "contact_by_text",
            "contact_by_call",
            "is_active",
        ]
        widgets = {"mobile_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}

    def clean_mobile_phone(self):
        return phones.to_e164(self.cleaned_data.get("mobile_phone", ""))
