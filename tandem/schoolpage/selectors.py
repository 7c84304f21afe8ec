"""Reads for the public PLP page: the school's words in one language, this year's calendar and
the families' contact. Nothing here reads a student."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils import translation

from tandem.schools import calendar
from tandem.schools.models import Role, School, StaffRole

from . import defaults
from .models import SchoolPage, SchoolPageText


def school_by_key(key: str) -> School:
    """The school at /s/<key>/: its slug, or its id for a school without one."""
    found = School.objects.filter(pk=int(key)) if key.isdigit() else School.objects.filter(slug=key)
    school = found.first()
    if school is None:
        raise Http404
    return school


def public_key(school) -> str:
    return school.slug or str(school.pk)


def page_language(school, asked: str | None = None) -> str:
    """The reader's language when the school offers it, else the school's first language."""
    asked = (asked or translation.get_language() or "").split("-")[0]
    codes = school.language_codes or ["en"]
    return asked if asked in codes else codes[0]


@dataclass
class TermDates:
    term: object
    window: object | None  # the term's ConferenceWindow, None until it is set up

    @property
    def holidays(self) -> list[datetime.date]:
        """The days inside the window without conferences."""
        if self.window is None:
            return []
        return sorted(datetime.date.fromisoformat(day) for day in self.window.holidays)


@dataclass
class Contact:
    name: str
    email: str


@dataclass
class PublicPage:
    school: School
    language: str
    about: str
    conferences: str
    year: object | None
    terms: list[TermDates]
    contact: Contact | None
    updated_at: object | None


def settings_of(school) -> SchoolPage:
    """The school's page settings, unsaved defaults when the coordinator never saved any."""
    return SchoolPage.objects.filter(school=school).first() or SchoolPage(school=school)


def texts_of(school, language: str) -> dict[str, str]:
    saved = SchoolPageText.objects.filter(page__school=school, language=language).first()
    if saved is not None:
        return {"about": saved.about, "conferences": saved.conferences}
    return defaults.texts(school, language)


def coordinators(school) -> list:
    return list(
        get_user_model()
        .objects.filter(
            pk__in=StaffRole.objects.filter(school=school, role=Role.COORDINATOR).values("user_id")
        )
        .order_by("full_name", "email")
    )


def _contact(settings: SchoolPage, school) -> Contact | None:
    """The coordinator chosen (while they still coordinate the school), else the first one."""
    found = coordinators(school)
    person = next((c for c in found if c.pk == settings.contact_id), found[0] if found else None)
    if person is None or not (settings.show_contact_name or settings.show_contact_email):
        return None
    return Contact(
        name=person.full_name if settings.show_contact_name else "",
        email=person.email if settings.show_contact_email else "",
    )


def calendar_of(school):
    """This year (the calendar's rule) and its terms, each with its conference window."""
    year = calendar.current_year(school)
    if year is None:
        return None, []
    terms = year.terms.select_related("conference_window").order_by("starts_on")
    return year, [TermDates(term, getattr(term, "conference_window", None)) for term in terms]


def public_page(
    school, language: str, *, texts: dict | None = None, settings: SchoolPage | None = None
) -> PublicPage:
    """What /s/<school>/ shows in `language`; `texts` and `settings` preview unsaved ones."""
    settings = settings or settings_of(school)
    texts = texts or texts_of(school, language)
    year, terms = calendar_of(school)
    return PublicPage(
        school=school,
        language=language,
        about=texts["about"],
        conferences=texts["conferences"],
        year=year,
        terms=terms,
        contact=_contact(settings, school),
        updated_at=settings.updated_at if settings.pk else None,
    )
