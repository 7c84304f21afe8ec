from django import forms
from django.utils.translation import gettext_lazy as _

from . import phones
from .models import Caregiver, Household


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


class HouseholdAddressForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["street", "unit", "city", "state", "postal_code", "address_shared"]
        widgets = {
            "street": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "unit": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "state": forms.TextInput(
                attrs={"autocomplete": "address-level1", "size": 2, "placeholder": "MA"}
            ),
            "postal_code": forms.TextInput(
                attrs={"autocomplete": "postal-code", "inputmode": "numeric"}
            ),
        }

    def clean_state(self):
        state = self.cleaned_data["state"].strip().upper()
        if state and not (len(state) == 2 and state.isalpha()):
            raise forms.ValidationError(_("Use the two-letter state code, e.g. MA."))
        return state

    def clean(self):
        data = super().clean()
        given = [data.get(n) for n in ("street", "city", "state", "postal_code")]
        if any(given) and not (data.get("street") and data.get("city")):
            raise forms.ValidationError(
                _("Give at least the street and the city, or leave the address empty.")
            )
        return data
