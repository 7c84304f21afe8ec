from django import forms
from django.utils.translation import gettext_lazy as _


class SchoolPageForm(forms.Form):
    about = forms.CharField(
        label=_("What the PLP is"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )
    conferences = forms.CharField(
        label=_("How conferences work"), widget=forms.Textarea(attrs={"rows": 10})
    )
    contact = forms.ModelChoiceField(
        label=_("Families' contact"), queryset=None, required=False, empty_label=None
    )
    show_contact_name = forms.BooleanField(label=_("Show the contact's name"), required=False)
    show_contact_email = forms.BooleanField(
        label=_("Show the contact's e-mail address"), required=False
    )
    slug = forms.SlugField(
        label=_("Web address"),
        required=False,
        max_length=80,
        help_text=_("The page's address ends with /s/ and this name, e.g. harbor-high."),
    )

    def __init__(self, *args, coordinators, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["contact"].queryset = get_user_model().objects.filter(
            pk__in=[c.pk for c in coordinators]
        )
        self.fields["contact"].label_from_instance = lambda user: f"{user.full_name} ({user.email})"
