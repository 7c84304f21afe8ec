from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.records.forms import WorkPieceForm

from .models import RuleKind
from .services import MAX_SHOWCASE_DAYS


class CompetencyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.statement}"


class PieceForm(WorkPieceForm):
    """A new piece: conference preparation's piece form (its upload rule), with the
    portfolio's date and competencies."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    competencies = CompetencyChoices(
        label=_("Competencies it shows"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["why"].label = _("What this shows, why I chose it")
        self.fields["why"].max_length = 5000
        self.fields["competencies"].queryset = competencies


class PieceEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    reflection = forms.CharField(
        label=_("What this shows, why I chose it"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    competencies = CompetencyChoices(
        label=_("Competencies it shows"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = competencies


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ShowcaseForm(forms.Form):
    label = forms.CharField(
        label=_("Name (for you, optional)"),
        required=False,
        max_length=120,
        help_text=_("For example: “College application”."),
    )
    pieces = forms.ModelMultipleChoiceField(
        label=_("Pieces to show"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(
        label=_("Works for (days)"), min_value=1, max_value=MAX_SHOWCASE_DAYS, initial=14
    )

    def __init__(self, *args, pieces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pieces"].queryset = pieces
        self.fields["pieces"].label_from_instance = lambda p: p.title


class RubricForm(forms.Form):
    """The school's inclusion rubric: which rules apply (and "at least how many pieces")."""

    each_area = forms.BooleanField(label=RuleKind.EACH_AREA.label, required=False)
    reflection = forms.BooleanField(label=RuleKind.REFLECTION.label, required=False)
    each_year = forms.BooleanField(label=RuleKind.EACH_YEAR.label, required=False)
    at_least = forms.IntegerField(
        label=_("At least this many pieces (leave empty for no minimum)"),
        required=False,
        min_value=1,
        max_value=100,
    )

    def rules(self) -> list[tuple[str, int]]:
        data = self.cleaned_data
        out = [(k, 1) for k in (RuleKind.EACH_AREA, RuleKind.REFLECTION, RuleKind.EACH_YEAR)]
        out = [(k, n) for k, n in out if data.get(str(k))]
        if data.get("at_least"):
            out.append((RuleKind.AT_LEAST, data["at_least"]))
        return out
