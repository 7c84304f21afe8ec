import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core import content
from tandem.people.models import Caregiver

from .message_models import MessageKind
from .models import ContactMethod, Initiator, Outcome, OutreachSettings

LOGGABLE_OUTCOMES = [
    (value, label)
    for value, label in Outcome.choices
    if value not in (Outcome.SENT, Outcome.PENDING, Outcome.NOT_SENT)
]


class ContactForm(forms.Form):
    caregiver = forms.ModelChoiceField(
        label=_("Caregiver"),
        queryset=Caregiver.objects.none(),
        empty_label=_("Choose a caregiver"),
    )
    method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices)
    initiated_by = forms.ChoiceField(
        label=_("Who started it"), choices=Initiator.choices, initial=Initiator.SCHOOL
    )
    # No outcome is chosen for the person: a contact logged as "Reached" by default would
    # count a family as reached who was not.
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Choose the outcome")), *LOGGABLE_OUTCOMES]
    )
    contacted_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, caregivers, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["caregiver"].queryset = caregivers
        self.fields["caregiver"].label_from_instance = lambda c: c.full_name
        self.fields["contacted_on"].initial = timezone.localtime(timezone=school.zone).date()

    def clean_contacted_on(self):
        day = self.cleaned_data["contacted_on"]
        if day > timezone.localtime(timezone=self.school.zone).date():
            raise forms.ValidationError(_("A contact cannot be in the future."))
        return day

    def contacted_at(self):
        """The chosen day at the present time of day (today) or at noon (an earlier day), in
        the school's zone."""
        zone = self.school.zone
        now = timezone.localtime(timezone=zone)
        day = self.cleaned_data["contacted_on"]
        if day == now.date():
            return timezone.now()
        return datetime.datetime.combine(day, datetime.time(12), tzinfo=zone)


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    progress = forms.CharField(
        label=_("Progress"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    problems = forms.CharField(
        label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ideas = forms.CharField(
        label=_("New ideas and developments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_ups = forms.CharField(
        label=_("Follow-ups"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CheckInForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


AUDIENCE_ALL = "all"


class MessageForm(forms.Form):
    audience = forms.ChoiceField(label=_("To"))
    kind = forms.ChoiceField(label=_("Kind"), choices=MessageKind.choices)
    template = forms.ChoiceField(label=_("Template"), required=False)
    subject = forms.CharField(label=_("Subject"), required=False, max_length=200)
    body = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Names are filled in for each family: {caregiver_name}, {student_name}, {advisor_name}."
        ),
    )

    def __init__(self, *args, students, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.students = {str(s.pk): s for s in students}
        self.fields["audience"].choices = [(AUDIENCE_ALL, _("All my advisees' families"))] + [
            (key, _("The family of %(student)s") % {"student": s.display_name})
            for key, s in self.students.items()
        ]
        self.fields["template"].choices = [("", _("No template: write the message"))] + templates

    def clean(self):
        data = super().clean()
        if not data.get("template") and not (
            (data.get("subject") or "").strip() and (data.get("body") or "").strip()
        ):
            raise forms.ValidationError(_("Write a subject and a message, or choose a template."))
        return data

    def chosen_students(self):
        audience = self.cleaned_data["audience"]
        if audience == AUDIENCE_ALL:
            return list(self.students.values())
        return [self.students[audience]]


class OutreachSettingsForm(forms.ModelForm):
    class Meta:
        model = OutreachSettings
        fields = [
            "checkin_days",
            "quiet_start",
            "quiet_end",
            "no_rights_messages",
            "family_link_days",
        ]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class MessageTemplateForm(forms.Form):
    """A message template: its name, and its subject and text in each language the school
    serves (the school's own required; an empty language is "not yet translated")."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Advisors choose the template by it; families do not see it."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "{caregiver_name}, {student_name} and {advisor_name} are filled in for each family."
        ),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.own = content.school_language(school)
        blank = not self.initial
        served = content.served_languages(school)
        content.language_fields(self, "subject", school=school, served=served)
        content.language_fields(self, "body", school=school, served=served)
        self.languages = [
            name.removeprefix("subject_") for name in self.fields if name.startswith("subject_")
        ]
        order = ["name"]
        for lang in self.languages:
            order += [content.column("subject", lang), content.column("body", lang)]
            if blank:  # a template still to write is not an untranslated one
                for field in ("subject", "body"):
                    self.fields[content.column(field, lang)].untranslated = False
        self.order_fields(order)

    def clean(self):
        from .messaging import check_placeholders

        data = super().clean()
        texts = {}
        for lang in self.languages:
            subject_field = content.column("subject", lang)
            body_field = content.column("body", lang)
            subject = (data.get(subject_field) or "").strip()
            body = (data.get(body_field) or "").strip()
            if bool(subject) != bool(body):
                missing = body_field if subject else subject_field
                if missing not in self.errors:
                    self.add_error(missing, _("Write both the subject and the text, or neither."))
                continue
            for name, text in ((subject_field, subject), (body_field, body)):
                try:
                    check_placeholders(text)
                except forms.ValidationError as error:
                    self.add_error(name, error)
            texts[lang] = (subject, body)
        data["texts"] = texts
        return data
