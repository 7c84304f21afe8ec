from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.rosters.models import ImportRun

from .models import (
    IepGoal,
    Intervention,
    InterventionArea,
    Level,
    Narrative,
    PanelNote,
    ProgressPoint,
)


def date_input():
    return forms.DateInput(attrs={"type": "date"})


class RatingForm(forms.Form):
    competency = forms.ModelChoiceField(
        queryset=None, label=_("Competency"), empty_label=_("Choose a competency")
    )
    level = forms.ChoiceField(choices=Level.choices, label=_("Where the student stands"))
    rated_on = forms.DateField(label=_("Date"), widget=date_input(), initial=timezone.localdate)
    evidence = forms.CharField(
        label=_("Evidence note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies


class PanelNoteForm(forms.ModelForm):
    class Meta:
        model = PanelNote
        fields = ["panelist", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = Narrative
        fields = ["successes", "challenges", "notes"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class ResultForm(forms.Form):
    assessment = forms.CharField(label=_("Test"), max_length=100)
    subject = forms.CharField(label=pgettext_lazy("school subject", "Subject"), max_length=100)
    taken_on = forms.DateField(label=_("Date"), widget=date_input())
    score = forms.DecimalField(label=_("Score"), max_digits=8, decimal_places=2)
    percentile = forms.IntegerField(
        label=_("Percentile"), min_value=0, max_value=99, required=False
    )
    level = forms.CharField(label=_("Level"), max_length=60, required=False)


class IepGoalForm(forms.ModelForm):
    class Meta:
        model = IepGoal
        fields = ["area", "goal", "baseline", "target", "measure", "starts_on", "ends_on"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "starts_on": date_input(),
            "ends_on": date_input(),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", _("The target date must be after the start date."))
        return data


class ProgressForm(forms.ModelForm):
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int)

    class Meta:
        model = ProgressPoint
        fields = ["measured_on", "value", "note"]  # the goal is chosen, not a model field here
        widgets = {"measured_on": date_input()}

    field_order = ["goal", "measured_on", "value", "note"]

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [(g.pk, f"{g.area} — {g.goal[:60]}") for g in goals]


class ProgressCorrectionForm(forms.ModelForm):
    """Its author corrects a data point, saying why (the goal's history keeps both)."""

    reason = forms.CharField(
        label=_("Why it changes"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the goal's history, e.g. “typed 45 for 54”."),
    )

    class Meta:
        model = ProgressPoint
        fields = ["measured_on", "value", "note"]
        widgets = {"measured_on": date_input()}


class ProgressRemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is removed"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the goal's history with the data point, e.g. “entered twice”."),
    )


class InterventionForm(forms.ModelForm):
    class Meta:
        model = Intervention
        fields = ["area", "description", "owner", "starts_on", "review_on", "status", "outcome"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "starts_on": date_input(),
            "review_on": date_input(),
        }

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].empty_label = _("Choose an owner")
        self.fields["area"].choices = [("", _("Choose an area")), *InterventionArea.choices]
        self.fields["owner"].label_from_instance = lambda user: user.full_name or user.email

    def clean(self):
        data = super().clean()
        start, review = data.get("starts_on"), data.get("review_on")
        if start and review and review < start:
            self.add_error("review_on", _("The review date must be on or after the start date."))
        if data.get("status") in ("completed", "stopped") and not data.get("outcome", "").strip():
            self.add_error("outcome", _("Write the outcome when an intervention ends."))
        return data


FILE_FORMATS = [
    ("framework:case", _("Competency framework — CASE JSON (1.0 or 1.1)")),
    ("framework:csv", _("Competency framework — CSV (code, statement, parent_code, credits)")),
    ("assessments:auto", _("Test results — any format below, recognized from its columns")),
    ("assessments:nwea", _("Test results — NWEA MAP Growth AssessmentResults.csv")),
    ("assessments:star", _("Test results — Renaissance Star (Reading, Math, Early Literacy)")),
    ("assessments:iready", _("Test results — i-Ready Diagnostic results")),
    ("assessments:csv", _("Test results — CSV (student_id, assessment, subject, date, score)")),
]
MAX_UPLOAD_MB = 20


class EvidenceUploadForm(forms.Form):
    what = forms.ChoiceField(label=_("What the file holds"), choices=FILE_FORMATS)
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.csv,application/json,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB. Ask IT to import it on the server."),
                params={"limit": MAX_UPLOAD_MB},
            )
        return upload

    @property
    def kind_and_format(self) -> tuple[str, str]:
        kind, fmt = self.cleaned_data["what"].split(":")
        return {"framework": ImportRun.Kind.FRAMEWORK, "assessments": ImportRun.Kind.ASSESSMENTS}[
            kind
        ], fmt


class GraduationForm(forms.Form):
    credits_required = forms.DecimalField(
        label=_("Credits required to graduate"), min_value=0.5, max_digits=6, decimal_places=2
    )
