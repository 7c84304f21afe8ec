from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.core import content

from .models import ApprovalMethod, PlanKind, TemplateSection


class PlanCreateForm(forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(
        label=_("Kind of plan"), choices=PlanKind.choices, initial=PlanKind.TERM
    )

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms


class SectionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    body = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000
    )


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    typed_name = forms.CharField(
        label=_("Type your full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    confirm = forms.BooleanField(label=_("I have read this plan and I approve it."), required=False)


class RecordApprovalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    caregiver = forms.ModelChoiceField(
        label=_("Who approved"), queryset=None, empty_label=_("Choose a caregiver")
    )
    method = forms.ChoiceField(
        label=_("How"),
        choices=[
            (m.value, m.label)
            for m in ApprovalMethod
            if m not in (ApprovalMethod.PORTAL, ApprovalMethod.MEETING)
        ],
    )
    approved_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachment = forms.FileField(
        label=_("Photo or scan (optional)"),
        required=False,
        help_text=_(
            "A photo of the signed page or a screenshot of the text. JPG, PNG, HEIC or "
            "PDF, up to 10 MB."
        ),
    )

    MAX_BYTES = 10 * 1024 * 1024

    def __init__(self, *args, caregivers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caregiver"].queryset = caregivers
        self.fields["approved_on"].initial = timezone.localdate()

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class RevisionPlanForm(forms.Form):
    changes = forms.CharField(
        label=_("Changes asked for"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    owner = forms.ModelChoiceField(
        label=_("Who revises it"), queryset=None, empty_label=_("Choose a person")
    )
    due_on = forms.DateField(label=_("Revised by"), widget=forms.DateInput(attrs={"type": "date"}))
    review_on = forms.DateField(
        label=_("Reviewed with the family by"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners


class TemplateSectionForm(forms.ModelForm):
    """A section's title and prompt in each language the school serves."""

    class Meta:
        model = TemplateSection
        fields = [*content.columns("title", "prompt"), "kind", "required", "order"]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in content.columns("prompt")}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        content.language_fields(self, "title", school=school, label=_("Title"))
        content.language_fields(self, "prompt", school=school, label=_("Prompt"))


class FamilyQuestionsForm(forms.Form):
    family_questions = forms.CharField(
        label=_("Extra questions for families"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line. Families see them after the two standard questions."),
    )

    def __init__(self, *args, school, template, **kwargs):
        super().__init__(*args, **kwargs)
        content.language_fields(self, "family_questions", school=school, instance=template)


class CompetencyForm(forms.Form):
    """A new competency, or (with `instance`) the statements of one in each language."""

    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Letters, numbers, dashes: e.g. ELA-3.")
    )
    statement = forms.CharField(label=_("Statement"), max_length=500)

    def __init__(self, *args, school, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["code"]
        content.language_fields(self, "statement", school=school, instance=instance)
