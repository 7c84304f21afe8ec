"""Applying a package's calendar: schoolYear sessions become each covered school's years, and
the sessions directly under a year (term, semester, grading period) become its terms."""

from __future__ import annotations

from django.utils.translation import gettext as _

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
        _place_terms(ctx, term_sessions, placed, own_terms, count_nested=number == 0)


def _place_years(ctx: Context, school, sessions: list[Session], years) -> dict[str, AcademicYear]:
    report = ctx.report
    by_sid = {y.sourced_id: y for y in years if y.sourced_id}
    by_name = {y.name.lower(): y for y in years}
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
        named = by_name.get(name.lower())
        if named is not None and named is not year:
            if named.sourced_id:
                ctx.error_once(
                    session,
                    "title",
                    _("Another school year is already named %(name)s.") % {"name": name},
                )
                continue
            if year is None:
                year = named  # made in Tandem: adopt it
        if year is None:
            year = AcademicYear(school=school, sourced_id=session.sourced_id)
            action = "created"
        else:
            action = "unchanged"
        values = {
            "name": name,
            "starts_on": session.start,
            "ends_on": session.end,
            "sourced_id": session.sourced_id,
        }
        if action == "unchanged" and any(getattr(year, k) != v for k, v in values.items()):
            action = "updated"
        if action != "unchanged":
            by_name.pop(year.name.lower(), None)
            for key, value in values.items():
                setattr(year, key, value)
            year.save()
            by_name[name.lower()] = year
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


def _place_terms(ctx: Context, sessions: list[Session], placed, terms, *, count_nested) -> None:
    report = ctx.report
    by_sid = {t.sourced_id: t for t in terms if t.sourced_id}
    by_name = {(t.year_id, t.name.lower()): t for t in terms}
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
                    % {"name": term.name},
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
                % {"year": year.name, "start": year.starts_on, "end": year.ends_on},
            )
            continue
        name = session.title
        if len(name) > 60:
            ctx.error_once(session, "title", _("A term's title may have at most 60 characters."))
            continue
        named = by_name.get((year.pk, name.lower()))
        if named is not None and named is not term:
            if named.sourced_id:
                ctx.error_once(
                    session,
                    "title",
                    _("Another term of %(year)s is already named %(name)s.")
                    % {"year": year.name, "name": name},
                )
                continue
            if term is None:
                term = named
        action = "unchanged"
        if term is None:
            term = Term(sourced_id=session.sourced_id)
            action = "created"
        values = {
            "year_id": year.pk,
            "name": name,
            "starts_on": session.start,
            "ends_on": session.end,
            "sourced_id": session.sourced_id,
        }
        if action == "unchanged" and any(getattr(term, k) != v for k, v in values.items()):
            action = "updated"
        if action != "unchanged":
            if term.pk:
                by_name.pop((term.year_id, term.name.lower()), None)
            for key, value in values.items():
                setattr(term, key, value)
            term.save()
            by_name[(year.pk, name.lower())] = term
        report.count("terms", action)
