from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    WORK_EXTENSIONS,
    WORK_MAX_BYTES,
    MeetingRecord,
    Preparation,
    validate_work_upload,
)


def _textarea(rows=5):
    return forms.Textarea(attrs={"rows": rows})


class PreparationForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = Preparation
        fields = ["learned", "need_to_learn", "how_to_learn"]
        widgets = {f: _textarea(6) for f in fields}
        help_texts = {
            "learned": _(
                "What are you proud of this term? What can you do now that you could not before?"
            ),
            "need_to_learn": _("Which skills or grades do you want to improve?"),
            "how_to_learn": _("What will you do, and who can help you?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].max_length = 10000
            self.fields[name].widget.attrs["maxlength"] = 10000
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-help"


class WorkPieceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    why = forms.CharField(
        label=_("Why I chose it (optional)"), required=False, max_length=2000, widget=_textarea(2)
    )
    link = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("A link to the work (a document, slides, a video) — or upload a file below."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Up to %(mb)s MB: PDF, pictures, documents, slides, sound or video.")
        % {"mb": WORK_MAX_BYTES // 2**20},
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join("." + e for e in WORK_EXTENSIONS)}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None:
            validate_work_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("link")) == bool(data.get("file")):
            raise forms.ValidationError(_("Add either a link or a file, not both and not neither."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=5000, widget=_textarea(3))


class RecordForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    interventions = forms.ModelMultipleChoiceField(
        label=_("Interventions linked to this meeting"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MeetingRecord
        fields = list(MeetingRecord.TEXT_FIELDS)
        widgets = {f: _textarea(8 if f == "reflection" else 4) for f in fields}
        help_texts = {
            "reflection": _(
                "What the student learned, needs to learn and how (from their preparation)."
            ),
            "areas_for_growth": _("Grades or skills the student can improve."),
            "long_term_goals": _("For example, the college or work the student plans for."),
            "graduation_concerns": _("From the transcript and the credit report."),
            "benchmarks_reviewed": _("Language arts and math benchmarks, growth first."),
            "interventions_note": _("Anything to add about the interventions below."),
            "family_actions": _("How the family will support the student at home."),
        }

    def __init__(self, *args, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interventions"].queryset = interventions
        self.fields["interventions"].label_from_instance = lambda i: (
            f"{i.get_area_display()} — {i.description[:80]} ({i.get_status_display()})"
        )
        for name in self.Meta.fields:
            self.fields[name].max_length = 10000


class NewInterventionForm(forms.Form):
    """An intervention planned in the meeting, made through tandem.evidence's service."""

    area = forms.ChoiceField(label=_("Area"), required=False)
    description = forms.CharField(
        label=_("What we will do"), required=False, max_length=2000, widget=_textarea(2)
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, required=False, empty_label=_("Choose an owner")
    )
    starts_on = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    review_on = forms.DateField(
        label=_("Review date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, owners, **kwargs):
        from tandem.evidence.models import InterventionArea

        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "—"), *InterventionArea.choices]
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email

    def clean(self):
        data = super().clean()
        if not data.get("description", "").strip():
            return data  # no new intervention
        for name in ("area", "owner", "starts_on", "review_on"):
            if not data.get(name):
                self.add_error(name, _("Needed for a new intervention."))
        start, review = data.get("starts_on"), data.get("review_on")
        if start and review and review < start:
            self.add_error("review_on", _("The review date must be on or after the start date."))
        return data

    def planned(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("description", "").strip():
            return None
        return {k: data[k] for k in ("area", "description", "owner", "starts_on", "review_on")}


class StepForm(forms.Form):
    what = forms.CharField(label=_("Next step"), max_length=500, required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, required=False, empty_label=_("Someone else (name it)")
    )
    owner_name = forms.CharField(label=_("Owner's name"), max_length=200, required=False)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(k) for k in ("what", "owner", "owner_name", "due_on"))

    def clean(self):
        data = super().clean()
        if self.is_blank or data.get("DELETE"):
            return data
        if not data.get("what", "").strip():
            self.add_error("what", _("Say what the step is."))
        if not data.get("owner") and not data.get("owner_name", "").strip():
            self.add_error("owner_name", _("Choose a person or write a name."))
        if not data.get("due_on"):
            self.add_error("due_on", _("Give a due date."))
        return data


StepFormSet = forms.formset_factory(StepForm, extra=2, can_delete=True, max_num=30)
