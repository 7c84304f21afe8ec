"""Applying a package's calendar: schoolYear sessions become each covered school's years, and
the sessions directly under a year (term, semester, grading period) become its terms.

A school that set up its calendar by hand must not end up with two "2026-2027"s: a year or term
made in Tandem is adopted when its name is the same once dashes, spaces and case are set aside
(`normalised`), or else when it alone covers the same dates (`overlaps`); the report lists each
adoption, and an ambiguous one is an error rather than a guess."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from tandem.core import content
from tandem.core.dates import format_date
from tandem.schools.models import AcademicYear, Term

from .apply import TERM_TYPES, Context
from .oneroster import Session


def place_calendar(ctx: Context) -> None:
    """schoolYear sessions become each covered school's academic years; the terms of a year
    (sessions of type term, semester or gradingPeriod directly under it) become its terms.
    OneRoster sessions belong to no org, so a district's calendar is every school's."""
    sessions = ctx.package.sessions
    if not sessions or not ctx.schools:
        return
    schools = sorted({school.pk: school for school in ctx.schools.values()}.values(), key=str)
    years = list(AcademicYear.objects.filter(school__in=schools))
    terms = list(Term.objects.filter(year__school__in=schools).select_related("year"))
    year_sessions = sorted(
        (s for s in sessions.values() if s.type == "schoolYear"), key=lambda s: (s.start, s.row)
    )
    term_sessions = sorted(
        (s for s in sessions.values() if s.type in TERM_TYPES), key=lambda s: (s.start, s.row)
    )
    for number, school in enumerate(schools):
        own_years = [y for y in years if y.school_id == school.pk]
        placed = _place_years(ctx, school, year_sessions, own_years)
        own_terms = [t for t in terms if t.year.school_id == school.pk]
        _place_terms(ctx, school, term_sessions, placed, own_terms, count_nested=number == 0)


# -- Matching what the school has ----------------------------------------------------------------

NAME, DATES = "name", "dates"


def normalised(name: str) -> str:
    """One spelling of a year's or term's name: "2026–2027", "2026 - 2027" and "2026-2027" are
    the same name (every kind of dash reads "-", whitespace collapses, case folds)."""
    dashed = "".join("-" if unicodedata.category(c) == "Pd" or c == "\u2212" else c for c in name)
    return re.sub(r"\s*-\s*", "-", " ".join(dashed.split())).casefold()


def overlaps(record, session: Session) -> bool:
    """Substantially: they share at least two thirds of the longer one's days, so the same
    year entered with slightly different dates matches, and a quarter inside a semester does
    not."""
    shared = (min(record.ends_on, session.end) - max(record.starts_on, session.start)).days + 1
    longer = max((record.ends_on - record.starts_on).days, (session.end - session.start).days)
    return 3 * shared >= 2 * (longer + 1)


def _name(record, language: str | None = None) -> str:
    """A year's name, or a term's in the school's language (the SIS's names are the school's;
    a term's translations are the school's to keep, whatever the importer reads)."""
    return content.text_in(record, "name", language) if language else record.name


def _made_in_tandem(session: Session, records: list, language=None) -> tuple[list, str]:
    """The records made in Tandem this session may be: those with its name once normalised,
    else those whose dates overlap it substantially."""
    name = normalised(session.title)
    named = [r for r in records if normalised(_name(r, language)) == name]
    if named:
        return named, NAME
    return [r for r in records if overlaps(r, session)], DATES


def _names(records, language=None) -> str:
    return ", ".join(sorted(f"“{_name(r, language)}”" for r in records))


def _place_years(ctx: Context, school, sessions: list[Session], years) -> dict[str, AcademicYear]:
    """A year the package names by sourcedId is that year. Otherwise a year made in Tandem is
    adopted when exactly one has the session's name (normalised), or failing that when exactly
    one overlaps its dates; two candidates are an error, never a guess. A year imported before
    under another sourcedId is never taken over, and no second year is made for its dates."""
    report = ctx.report
    by_sid = {y.sourced_id: y for y in years if y.sourced_id}
    unadopted = [y for y in years if not y.sourced_id]
    school_years = list(years)
    placed: dict[str, AcademicYear] = dict(by_sid)
    for session in sessions:
        year = by_sid.get(session.sourced_id)
        if session.deleted:
            if year is not None:
                report.warn(
                    session.file,
                    session.row,
                    "status",
                    _("Tandem keeps the year %(name)s: plans and advisories belong to it.")
                    % {"name": year.name},
                )
            continue
        name = session.title
        if len(name) > 40:
            ctx.error_once(session, "title", _("A year's title may have at most 40 characters."))
            continue
        if year is None:
            found, how = _made_in_tandem(session, unadopted)
            if len(found) > 1:
                ctx.error_once(
                    session,
                    "title",
                    _(
                        "%(title)s could be any of the school years %(names)s in Tandem. Rename "
                        "them so that exactly one has this name, then import again."
                    )
                    % {"title": name, "names": _names(found)},
                )
                continue
            if found:
                year = found[0]
                unadopted.remove(year)
                report.match("years", school, session.title, year.name, how)
        others = [y for y in school_years if y is not year]
        renamed = year is None or normalised(year.name) != normalised(name)
        if renamed and any(normalised(y.name) == normalised(name) for y in others):
            ctx.error_once(
                session,
                "title",
                _("Another school year is already named %(name)s.") % {"name": name},
            )
            continue
        if year is None:
            clash = [y for y in others if overlaps(y, session)]
            if clash:
                ctx.error_once(
                    session,
                    "startDate",
                    _(
                        "The school year %(name)s in Tandem already covers these dates; Tandem "
                        "does not add a second year for them."
                    )
                    % {"name": clash[0].name},
                )
                continue
            year = AcademicYear(school=school)
            school_years.append(year)
            action = "created"
        else:
            action = "unchanged"
        # The name follows the information system unless it only differs in spelling (dashes,
        # spaces, case): the school's own "2026–2027" stays.
        values = {"starts_on": session.start, "ends_on": session.end}
        values["sourced_id"] = session.sourced_id
        if renamed:
            values["name"] = name
        if action == "unchanged" and any(getattr(year, k) != v for k, v in values.items()):
            action = "updated"
        if action != "unchanged":
            for key, value in values.items():
                setattr(year, key, value)
            year.save()
        report.count("years", action)
        placed[session.sourced_id] = year
    return placed


def _year_of(ctx: Context, session: Session, placed, years_by_sid, term_years: set[int]):
    """The school year a term belongs to; "nested" for a period inside a term; None if none."""
    sessions = ctx.package.sessions
    if session.parent:
        parent = sessions.get(session.parent)
        if parent is not None:
            return placed.get(parent.sourced_id) if parent.type == "schoolYear" else "nested"
        if session.parent in placed:
            return placed[session.parent]
        return "nested" if session.type == "gradingPeriod" else None
    if session.type == "gradingPeriod" and session.school_year in term_years:
        return "nested"  # the year has terms or semesters; grading periods are parts of them
    for sid, year in placed.items():
        parent = sessions.get(sid)
        if parent is not None and parent.school_year == session.school_year:
            return year
    for year in years_by_sid.values():
        if year.starts_on <= session.start and session.end <= year.ends_on:
            return year
    return None


def _place_terms(
    ctx: Context, school, sessions: list[Session], placed, terms, *, count_nested
) -> None:
    """Terms as years are (`_place_years`), each within its school year: a term made in
    Tandem is adopted by its name, or else by its dates, among that year's terms."""
    report = ctx.report
    own = content.school_language(school)
    by_sid = {t.sourced_id: t for t in terms if t.sourced_id}
    unadopted = [t for t in terms if not t.sourced_id]
    school_terms = list(terms)
    term_years = {
        s.school_year for s in sessions if s.type in ("term", "semester") and not s.parent
    }
    all_years = {y.pk: y for y in placed.values()}
    for session in sessions:
        term = by_sid.get(session.sourced_id)
        if session.deleted:
            if term is not None:
                report.warn(
                    session.file,
                    session.row,
                    "status",
                    _("Tandem keeps the term %(name)s: plans may belong to it.")
                    % {"name": _name(term, own)},
                )
            continue
        year = _year_of(ctx, session, placed, all_years, term_years)
        if year == "nested":
            report.ignored["sessions_nested"] += count_nested
            continue
        if year is None:
            ctx.error_once(
                session,
                "parentSourcedId",
                _("No school year in the package or in Tandem holds this term."),
            )
            continue
        if not (year.starts_on <= session.start and session.end <= year.ends_on):
            ctx.error_once(
                session,
                "endDate",
                _("The term falls outside its school year %(year)s (%(start)s – %(end)s).")
                % {
                    "year": year.name,
                    "start": format_date(year.starts_on),
                    "end": format_date(year.ends_on),
                },
            )
            continue
        name = session.title
        if len(name) > 60:
            ctx.error_once(session, "title", _("A term's title may have at most 60 characters."))
            continue
        if term is None:
            found, how = _made_in_tandem(
                session, [t for t in unadopted if t.year_id == year.pk], own
            )
            if len(found) > 1:
                ctx.error_once(
                    session,
                    "title",
                    _(
                        "%(title)s could be any of the terms %(names)s of %(year)s in Tandem. "
                        "Rename them so that exactly one has this name, then import again."
                    )
                    % {"title": name, "names": _names(found, own), "year": year.name},
                )
                continue
            if found:
                term = found[0]
                unadopted.remove(term)
                report.match("terms", school, session.title, _name(term, own), how, year=year.name)
        others = [t for t in school_terms if t is not term and t.year_id == year.pk]
        renamed = term is None or normalised(_name(term, own)) != normalised(name)
        moved = term is not None and term.year_id != year.pk
        if (renamed or moved) and any(
            normalised(_name(t, own)) == normalised(name) for t in others
        ):
            ctx.error_once(
                session,
                "title",
                _("Another term of %(year)s is already named %(name)s.")
                % {"year": year.name, "name": name},
            )
            continue
        if term is None:
            clash = [t for t in others if overlaps(t, session)]
            if clash:
                ctx.error_once(
                    session,
                    "startDate",
                    _(
                        "The term %(name)s of %(year)s in Tandem already covers these dates; "
                        "Tandem does not add a second term for them."
                    )
                    % {"name": _name(clash[0], own), "year": year.name},
                )
                continue
            term = Term()
            school_terms.append(term)
            action = "created"
        else:
            action = "unchanged"
        values = {
            "year_id": year.pk,
            "starts_on": session.start,
            "ends_on": session.end,
            "sourced_id": session.sourced_id,
        }
        if renamed:
            values[content.column("name", own)] = name
        if action == "unchanged" and any(getattr(term, k) != v for k, v in values.items()):
            action = "updated"
        if action != "unchanged":
            for key, value in values.items():
                setattr(term, key, value)
            term.save()
        report.count("terms", action)
