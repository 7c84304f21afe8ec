from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.people.models import GRADES

SUPPORT_CHOICES = [
    ("", _("Any")),
    ("any", _("IEP, 504 or EST")),
    ("iep", "IEP"),
    ("504", "504"),
    ("est", "EST"),
]


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All grades"))] + GRADES,
    )
    advisor = forms.ChoiceField(label=_("Advisor"), required=False)
    support = forms.ChoiceField(label=_("Support plan"), required=False, choices=SUPPORT_CHOICES)

    def __init__(self, *args, advisors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].choices = [("", _("All advisors")), ("none", _("No advisor"))] + [
            (str(a.pk), a.full_name) for a in advisors
        ]


class AssignForm(forms.Form):
    advisor = forms.ModelChoiceField(
        label=_("Advisor"), queryset=None, empty_label=_("Choose an advisor")
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)

    def __init__(self, *args, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors


class BulkAssignForm(AssignForm):
    students = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={"required": _("Tick at least one student to move.")},
    )

    def __init__(self, *args, advisors, students, **kwargs):
        super().__init__(*args, advisors=advisors, **kwargs)
        self.fields["students"].queryset = students


class HandoverForm(forms.Form):
    """One group of a departure and the person who takes it over (among `successors[kind]`)."""

    kind = forms.CharField(widget=forms.HiddenInput)
    successor = forms.TypedChoiceField(label=_("Hand over to"), coerce=int)

    def __init__(self, *args, successors: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.successors = successors
        everyone = {u.pk: u for people in successors.values() for u in people}
        self.fields["successor"].choices = [("", _("Choose someone"))] + [
            (pk, u.full_name or u.email) for pk, u in everyone.items()
        ]

    def clean(self):
        data = super().clean()
        kind, chosen = data.get("kind"), data.get("successor")
        people = {u.pk: u for u in self.successors.get(kind, [])}
        if chosen is not None and chosen not in people:
            self.add_error("successor", _("This person cannot take this over."))
        else:
            data["successor"] = people.get(chosen)
        return data


# -- rollover (issue 16) -------------------------------------------------------------------------


def _day(label):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class NextPeriodForm(forms.Form):
    """The next year, or one of its terms, before the coordinator confirms: name and dates."""

    name = forms.CharField(label=_("Name"), max_length=60)
    starts_on = _day(_("First day"))
    ends_on = _day(_("Last day"))

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", _("It must end after it starts."))
        return data


class NextQuarterForm(NextPeriodForm):
    name = None
