import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tandem.core import content
from tandem.core.dates import format_date

from .models import AdvisorAvailability, ConferenceWindow, Interpreter, Mode

FAMILY_MODES = [
    (Mode.SCHOOL, Mode.SCHOOL.label),
    (Mode.VIDEO, Mode.VIDEO.label),
    (Mode.PHONE, Mode.PHONE.label),
    (Mode.HOME, Mode.HOME.label),
]


class BookForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Time"), error_messages={"required": _("Choose a time.")}
    )
    mode = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=FAMILY_MODES,
        initial=Mode.SCHOOL,
        required=False,
    )


class StaffBookForm(BookForm):
    """Staff booking on a family's behalf: the same choice, the staff's wording."""

    mode = forms.ChoiceField(
        label=_("How the family meets"), choices=FAMILY_MODES, initial=Mode.SCHOOL, required=False
    )


class AdvisorAvailabilityForm(forms.ModelForm):
    video_link = forms.URLField(label=_("video link"), required=False, assume_scheme="https")

    class Meta:
        model = AdvisorAvailability
        fields = [
            "max_per_day",
            "languages",
            *content.columns("room"),  # families read it: in each language the school serves
            "video_link",
            "home_travel_minutes",
        ]

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        if school is not None:
            content.language_fields(self, "room", school=school, label=_("Room"))


PREFERENCES = [
    ("0", _("Does not work")),
    ("1", _("Works")),
    ("2", _("Good")),
    ("3", _("Best")),
]


# -- setup forms ---------------------------------------------------------------------------

# A context of their own: a bare "Friday" in this catalog would also replace Django's own,
# which dates use in running text (Spanish writes "viernes" there, "Viernes" as a heading).
WEEKDAYS = [
    (0, pgettext_lazy("weekday heading", "Monday")),
    (1, pgettext_lazy("weekday heading", "Tuesday")),
    (2, pgettext_lazy("weekday heading", "Wednesday")),
    (3, pgettext_lazy("weekday heading", "Thursday")),
    (4, pgettext_lazy("weekday heading", "Friday")),
]


def parse_dates(text: str) -> list[datetime.date]:
    """Dates written one per line or separated by commas (YYYY-MM-DD), sorted, no repeats."""
    out = set()
    for piece in re.split(r"[,\s]+", text.strip()):
        if not piece:
            continue
        try:
            out.add(datetime.date.fromisoformat(piece))
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not a date. Write dates like 2027-01-18."),
                params={"value": piece},
            ) from None
    return sorted(out)


def parse_ranges(text: str) -> list[tuple[datetime.time, datetime.time]]:
    """Time ranges like “08:00-12:00, 13:00-16:30”: ordered, not overlapping."""
    spans = []
    for piece in [p.strip() for p in text.split(",") if p.strip()]:
        match = re.fullmatch(r"(\d{1,2}):?(\d{2})\s*[-–]\s*(\d{1,2}):?(\d{2})", piece)
        try:
            a = datetime.time(int(match[1]), int(match[2]))
            b = datetime.time(int(match[3]), int(match[4]))
        except (TypeError, ValueError):
            raise forms.ValidationError(
                _("“%(value)s” is not a time range. Write ranges like 08:00-12:00."),
                params={"value": piece},
            ) from None
        if b <= a:
            raise forms.ValidationError(
                _("In “%(value)s” the end is not after the start."), params={"value": piece}
            )
        spans.append((a, b))
    spans.sort()
    for (_a, b), (c, _d) in zip(spans, spans[1:], strict=False):
        if c < b:
            raise forms.ValidationError(_("Two ranges overlap; join them into one."))
    return spans


def format_ranges(spans) -> str:
    return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in spans)


class WindowForm(forms.ModelForm):
    holidays = forms.CharField(
        label=_("Days without conferences"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date a line, e.g. 2027-01-18. Weekends never have conferences."),
    )

    class Meta:
        model = ConferenceWindow
        fields = [
            "starts_on",
            "ends_on",
            "day_starts_at",
            "day_ends_at",
            "holidays",
            "slot_minutes",
            "step_minutes",
            "household_mode",
            "change_cutoff_hours",
            "booking_open",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "day_starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "day_ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "step_minutes": _("Conferences start on multiples of this, e.g. 15: 8:00, 8:15…"),
            "household_mode": _(
                "For students whose caregivers live in two homes: one joint meeting, or one "
                "meeting with each household."
            ),
            "booking_open": _("Families can book, change and cancel online."),
        }

    name = forms.CharField(label=_("Term name"), max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["holidays"] = "\n".join(self.instance.holidays)
        # The term's name, as families read it ("Winter conferences"), in each language.
        term = self.instance.term
        content.language_fields(self, "name", school=term.year.school, instance=term)
        for name in self.fields:
            if name.startswith("name_"):
                self.fields[name].required = False  # empty: the name stays as it is
        self.order_fields([f for f in self.fields if f.startswith("name_")])

    def clean_holidays(self):
        return parse_dates(self.cleaned_data["holidays"])

    def clean(self):
        data = super().clean()
        first, last = data.get("starts_on"), data.get("ends_on")
        if first and last and last < first:
            self.add_error("ends_on", _("The last day is before the first day."))
        opens, closes = data.get("day_starts_at"), data.get("day_ends_at")
        if opens and closes:
            if closes <= opens:
                self.add_error("day_ends_at", _("Conferences must end after they start."))
            elif data.get("slot_minutes"):
                day = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
                if data["slot_minutes"] > day:
                    self.add_error(
                        "slot_minutes", _("A conference is longer than the conference day.")
                    )
        holidays = data.get("holidays") or []
        if first and last:
            outside = [d for d in holidays if not first <= d <= last]
            if outside:
                self.add_error(
                    "holidays",
                    _("%(days)s is outside the window (%(first)s to %(last)s).")
                    % {
                        "days": ", ".join(format_date(d) for d in outside),
                        "first": format_date(first),
                        "last": format_date(last),
                    },
                )
            elif not [
                d
                for d in (
                    first + datetime.timedelta(days=n) for n in range((last - first).days + 1)
                )
                if d.weekday() < 5 and d not in holidays
            ]:
                self.add_error("holidays", _("No school day is left for conferences."))
        data["holidays"] = [d.isoformat() for d in holidays]
        return data


class AdvisorSettingsForm(AdvisorAvailabilityForm):
    """The advisor's settings and weekly pattern (one text field per weekday)."""

    languages = forms.CharField(
        label=_("Languages the advisor speaks"),
        max_length=100,
        help_text=_("Language codes separated by commas, e.g. en,es."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        weekly = {}
        if self.instance.pk:
            for row in self.instance.weekly.all():
                weekly.setdefault(row.weekday, []).append((row.starts_at, row.ends_at))
        for day, name in WEEKDAYS:
            self.fields[f"day_{day}"] = forms.CharField(
                label=name,
                required=False,
                help_text=_("Times you can meet, e.g. 08:00-12:00, 13:00-16:00. Empty: none."),
                widget=forms.TextInput(attrs={"placeholder": "08:00-12:00, 13:00-16:00"}),
            )
            self.initial[f"day_{day}"] = format_ranges(weekly.get(day, []))
        self.fields["use_window_hours"] = forms.BooleanField(
            label=_("No weekly pattern: I can meet during all of the window's hours"),
            required=False,
            initial=self.instance.pk is None or not weekly,
        )

    def clean_languages(self):
        codes = [c.strip().lower() for c in self.cleaned_data["languages"].split(",")]
        codes = [c for c in codes if c]
        if not codes or any(not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)?", c) for c in codes):
            raise forms.ValidationError(_("Write language codes separated by commas, e.g. en,es."))
        return ",".join(codes)

    def clean(self):
        data = super().clean()
        weekly = {}
        for day, _name in WEEKDAYS:
            try:
                spans = parse_ranges(data.get(f"day_{day}", "") or "")
            except forms.ValidationError as error:
                self.add_error(f"day_{day}", error)
                continue
            if spans:
                weekly[day] = spans
        if not data.get("use_window_hours") and not weekly and not self.errors:
            raise forms.ValidationError(
                _("Give your hours for at least one weekday, or tick “all of the window's hours”.")
            )
        data["weekly"] = {} if data.get("use_window_hours") else weekly
        return data

    def settings(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in AdvisorAvailabilityForm.Meta.fields
            if name in self.cleaned_data
        }


class ExceptionForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    off = forms.BooleanField(label=_("Off all day"), required=False)
    starts_at = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        data = super().clean()
        if data.get("off"):
            data["starts_at"] = data["ends_at"] = None
            return data
        a, b = data.get("starts_at"), data.get("ends_at")
        if not a or not b:
            raise forms.ValidationError(_("Tick “off all day”, or give the hours for that day."))
        if b <= a:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class InterpreterForm(forms.ModelForm):
    class Meta:
        model = Interpreter
        fields = ["name", "email", "languages"]

    def clean_languages(self):
        codes = [c.strip().lower() for c in self.cleaned_data["languages"].split(",")]
        codes = [c for c in codes if c]
        if not codes or any(not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)?", c) for c in codes):
            raise forms.ValidationError(_("Write language codes separated by commas, e.g. es,ht."))
        return ",".join(codes)


class HoursForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        data = super().clean()
        a, b = data.get("starts_at"), data.get("ends_at")
        if a and b and b <= a:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


class ModeForm(forms.Form):
    mode = forms.ChoiceField(label=_("How would you like to meet?"), choices=FAMILY_MODES)
