from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import NEXT_STATES, ReferralState, ReferTo, Urgency


class ReferralForm(forms.Form):
    refer_to = forms.ChoiceField(
        label=_("Refer to"), choices=ReferTo.choices, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label=_("Concern"))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    observed = forms.CharField(label=_("What you saw"), widget=forms.Textarea(attrs={"rows": 4}))
    strategies_tried = forms.CharField(
        label=_("Strategies already tried"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    family_told = forms.TypedChoiceField(
        label=_("Has the family been told?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    family_not_told_reason = forms.CharField(
        label=_("If not, why not?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + categories

    def clean(self):
        data = super().clean()
        if data.get("family_told") is False and not data.get("family_not_told_reason", "").strip():
            self.add_error("family_not_told_reason", _("Say why the family has not been told."))
        return data


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    to_state = forms.ChoiceField(label=_("Move to"), required=False)

    def __init__(self, *args, referral, may_move: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if may_move and NEXT_STATES[referral.state]:
            self.fields["to_state"].choices = [
                ("", _("Keep it %(state)s") % {"state": referral.get_state_display().lower()})
            ] + [(s.value, s.label) for s in NEXT_STATES[referral.state]]
        else:
            del self.fields["to_state"]


class ReferralSettingsForm(forms.Form):
    categories = forms.CharField(
        label=_("Concern categories, one a line"), widget=forms.Textarea(attrs={"rows": 7})
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Student support team"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = staff
        self.fields["members"].label_from_instance = lambda u: u.full_name or u.email

    def clean_categories(self):
        names = [line.strip() for line in self.cleaned_data["categories"].splitlines()]
        names = [name for name in names if name]
        if not names:
            raise forms.ValidationError(_("Keep at least one category."))
        too_long = [name for name in names if len(name) > 80]
        if too_long:
            raise forms.ValidationError(
                _("A category is at most 80 characters: %(name)s") % {"name": too_long[0]}
            )
        return names


__all__ = ["NoteForm", "ReferralForm", "ReferralSettingsForm", "ReferralState"]
