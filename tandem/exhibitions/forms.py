"""Forms of the exhibition pages: parse and say what is wrong; the rules are the services'."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tandem.core.dates import format_time, format_weekday_datetime, format_weekday_month_day
from tandem.evidence.models import Level as RatingLevel
from tandem.people.models import Student
from tandem.plans.models import Competency
from tandem.schools.models import StaffRole

from .models import Exhibition


class ExhibitionForm(forms.ModelForm):
    class Meta:
        model = Exhibition
        fields = [
            "name",
            "starts_on",
            "ends_on",
            "day_starts_at",
            "day_ends_at",
            "slot_minutes",
            "rooms",
            "grades",
            "panel_size",
            "signup_open",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "day_starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "day_ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "rooms": forms.Textarea(attrs={"rows": 3}),
        }


class CriterionForm(forms.Form):
    competency = forms.ModelChoiceField(
        label=_("Competency"), queryset=Competency.objects.none(), empty_label=_("Choose one")
    )
    name = forms.CharField(label=_("Criterion"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, rubric, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(
            school_id=rubric.exhibition.school_id, is_active=True
        ).order_by("code")
        self.fields["competency"].label_from_instance = lambda c: f"{c.code} — {c.statement}"
        self.levels = levels
        for level in levels:
            self.fields[f"level_{level.pk}"] = forms.CharField(
                label=_("%(value)s %(name)s looks like")
                % {"value": level.value, "name": level.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def descriptors(self) -> dict[int, str]:
        return {level.pk: self.cleaned_data.get(f"level_{level.pk}", "") for level in self.levels}


class LevelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    rating = forms.ChoiceField(label=_("Competency rating it means"), choices=RatingLevel.choices)


class AddStudentsForm(forms.Form):
    grades = forms.CharField(
        label=_("Every student in grades"),
        required=False,
        help_text=_("For example: 12, or 11, 12"),
    )
    students = forms.ModelMultipleChoiceField(
        label=_("Students"),
        required=False,
        queryset=Student.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, exhibition, found=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = Student.objects.filter(
            school_id=exhibition.school_id, is_active=True
        )
        self.fields["students"].choices = [(s.pk, f"{s.display_name} ({s.grade})") for s in found]

    def clean_grades(self) -> list[int]:
        grades = []
        for part in self.cleaned_data["grades"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.lstrip("-").isdigit():
                raise forms.ValidationError(_("Write grades as numbers, separated by commas."))
            grades.append(int(part))
        return grades

    def clean(self):
        data = super().clean()
        if not data.get("grades") and not data.get("students"):
            raise forms.ValidationError(_("Name a grade or choose students."))
        return data


def slot_value(start: datetime.datetime, room: str) -> str:
    return f"{start.isoformat()}|{room}"


class PlaceForm(forms.Form):
    """A slot and room, from those free (and the presentation's own)."""

    slot = forms.ChoiceField(label=_("Slot and room"))

    def __init__(self, *args, free, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [("", _("Choose a slot"))] + [
            (
                slot_value(start, room),
                f"{format_weekday_datetime(start, zone)}–{format_time(end, zone)} · {room}",
            )
            for start, end, room in free
        ]

    def clean_slot(self):
        value = self.cleaned_data["slot"]
        start, _sep, room = value.partition("|")
        try:
            return datetime.datetime.fromisoformat(start), room
        except ValueError as error:
            raise forms.ValidationError(_("Choose a slot.")) from error


class StaffRaterForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Staff member"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Choose one"),
    )

    def __init__(self, *args, exhibition, **kwargs):
        super().__init__(*args, **kwargs)
        staff = StaffRole.objects.filter(school_id=exhibition.school_id).values("user")
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(pk__in=staff, is_active=True)
            .exclude(exhibition_raters__exhibition=exhibition)
            .order_by("full_name")
        )
        self.fields["user"].label_from_instance = lambda u: u.full_name


class PanelistForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))


class SeatForm(forms.Form):
    rater = forms.ChoiceField(label=_("Rater"))

    def __init__(self, *args, raters, **kwargs):
        super().__init__(*args, **kwargs)
        self.raters = {str(r.pk): r for r in raters}
        self.fields["rater"].choices = [("", _("Choose a rater"))] + [
            (str(r.pk), r.display_name + (f" ({_('community')})" if r.is_community else ""))
            for r in raters
        ]

    def clean_rater(self):
        return self.raters[self.cleaned_data["rater"]]


class ScoreForm(forms.Form):
    """One radio group per criterion (the level's id) and the rater's comment."""

    comment = forms.CharField(
        label=_("Notes and feedback for the student"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The advisor reads it, and it becomes one of the credit report's panel notes."),
    )

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        for criterion in rubric.criterion_list:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(level.pk, f"{level.value} {level.name}") for level in rubric.level_list],
                widget=forms.RadioSelect,
            )

    def levels(self) -> dict[int, int]:
        found = {}
        for criterion in self.rubric.criterion_list:
            value = self.cleaned_data.get(f"criterion_{criterion.pk}")
            if value is not None:
                found[criterion.pk] = value
        return found

    def rows(self):
        for criterion in self.rubric.criterion_list:
            yield criterion, self[f"criterion_{criterion.pk}"]


class FinaliseForm(forms.Form):
    note = forms.CharField(
        label=_("Your note on the panel's feedback (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PiecesForm(forms.Form):
    pieces = forms.ModelMultipleChoiceField(
        label=_("The work you will present"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, student, **kwargs):
        from tandem.portfolios.models import Piece

        super().__init__(*args, **kwargs)
        self.fields["pieces"].queryset = Piece.objects.filter(portfolio__student=student)
        self.fields["pieces"].label_from_instance = lambda p: f"{p.title} ({p.date:%Y-%m-%d})"


class AvailabilityForm(forms.Form):
    """When a rater can rate, day by day (all day, these hours, or not that day), and their most
    presentations. The services check the times against the exhibition's hours."""

    ALL, HOURS, OFF = "all", "hours", "off"

    max_presentations = forms.IntegerField(
        label=_("Most presentations"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=_("Leave it empty for no limit."),
    )

    def __init__(self, *args, rater, days, **kwargs):
        super().__init__(*args, **kwargs)
        exhibition = rater.exhibition
        zone = exhibition.school.zone
        self.days = days
        spans = {}
        for a in rater.availability.all():
            spans.setdefault(a.starts_at.astimezone(zone).date(), a)
        self.fields["max_presentations"].initial = rater.max_presentations
        choices = [
            (self.ALL, _("All day")),
            (self.HOURS, _("These hours")),
            (self.OFF, _("Not this day")),
        ]
        self.rows = []
        for n, day in enumerate(days):
            span = spans.get(day)
            if not spans:
                which = self.ALL
            elif span is None:
                which = self.OFF
            elif (
                span.starts_at.astimezone(zone).time() == exhibition.day_starts_at
                and span.ends_at.astimezone(zone).time() == exhibition.day_ends_at
            ):
                which = self.ALL
            else:
                which = self.HOURS
            self.fields[f"day_{n}"] = forms.ChoiceField(
                label=format_weekday_month_day(day),
                choices=choices,
                initial=which,
                widget=forms.RadioSelect,
            )
            time = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
            self.fields[f"from_{n}"] = forms.TimeField(
                label=_("From"),
                required=False,
                widget=time,
                initial=span.starts_at.astimezone(zone).time() if span else None,
            )
            self.fields[f"to_{n}"] = forms.TimeField(
                label=_("To"),
                required=False,
                widget=time,
                initial=span.ends_at.astimezone(zone).time() if span else None,
            )
            self.rows.append((day, self[f"day_{n}"], self[f"from_{n}"], self[f"to_{n}"]))

    def clean(self):
        data = super().clean()
        hours = {}
        for n, day in enumerate(self.days):
            which = data.get(f"day_{n}")
            if which == self.OFF:
                hours[day] = False
            elif which == self.HOURS:
                start, end = data.get(f"from_{n}"), data.get(f"to_{n}")
                if start is None or end is None:
                    self.add_error(f"from_{n}", _("Give both times, or choose All day."))
                    continue
                hours[day] = (start, end)
            else:
                hours[day] = None
        data["hours"] = hours
        return data
