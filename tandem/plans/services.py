"""Every change to a plan goes through here: atomic, checked against the workflow, attributed.

The workflow (PlanState), and only these moves:

    draft ──(student and advisor both mark ready)──▶ ready ──(advisor shares)──▶ shared
    shared ──(approval rule met)──▶ approved ──(term running)──▶ active ──(term over)──▶ closed
    shared ──(revision plan made)──▶ needs_revision ──(advisor shares the revised plan)──▶ shared
    editing a ready, shared, approved or active plan ──▶ draft (a new version will be needed)
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import content as school_content
from tandem.core.tasks import enqueue_on_commit

from .models import (
    Plan,
    PlanEdit,
    PlanSection,
    PlanState,
    PlanTemplate,
    PlanVersion,
    RevisionPlan,
    SectionKind,
    TemplateSection,
    VersionReason,
)
from .selectors import caregivers_with_rights

S = PlanState
ALLOWED = {
    S.DRAFT: {S.READY},
    S.READY: {S.DRAFT, S.SHARED},
    S.SHARED: {S.APPROVED, S.NEEDS_REVISION, S.DRAFT},
    S.NEEDS_REVISION: {S.SHARED},
    S.APPROVED: {S.ACTIVE, S.DRAFT, S.CLOSED},
    S.ACTIVE: {S.CLOSED, S.DRAFT},
    S.CLOSED: set(),
}
REOPENED_BY_EDITS = {S.READY, S.SHARED, S.APPROVED, S.ACTIVE}

DEFAULT_SECTIONS = [
    (
        "hopes_goals",
        "My hopes and goals",
        "What do I hope to learn and do this term?",
        SectionKind.TEXT,
        True,
    ),
    (
        "competencies",
        "Competencies I am targeting this term",
        "Pick the competencies you will work toward.",
        SectionKind.COMPETENCIES,
        True,
    ),
    (
        "learn_best",
        "How I learn best",
        "When do I do my best work? What helps me?",
        SectionKind.TEXT,
        True,
    ),
    (
        "supports",
        "Supports and accommodations",
        "What support will help me reach my goals?",
        SectionKind.TEXT,
        False,
    ),
    (
        "action_steps",
        "Action steps",
        "What will be done, by whom, and by when?",
        SectionKind.ACTION_STEPS,
        True,
    ),
    (
        "long_term",
        "Long-term goals",
        "College, career and life after school.",
        SectionKind.TEXT,
        False,
    ),
    (
        "family_hopes",
        "My family's hopes for this term",
        "What does my family hope for me this term?",
        SectionKind.TEXT,
        False,
    ),
]


class PlanError(ValidationError):
    """A move the workflow does not allow, with a message a person can act on."""


@dataclass
class EditConflict(Exception):
    """Someone saved the section after this person opened it."""

    section: PlanSection
    yours_body: str
    yours_items: list


# -- the template -------------------------------------------------------------------------


def template_for(school) -> PlanTemplate:
    """The school's template, made from the default sections the first time it is asked for
    (written in English: the school translates them on the template page)."""
    template, created = PlanTemplate.objects.get_or_create(school=school)
    if created:
        column = school_content.column
        TemplateSection.objects.bulk_create(
            TemplateSection(
                template=template,
                key=key,
                **{column("title", "en"): title, column("prompt", "en"): prompt},
                kind=kind,
                required=required,
                order=order,
            )
            for order, (key, title, prompt, kind, required) in enumerate(DEFAULT_SECTIONS)
        )
    return template


# -- creating and editing ------------------------------------------------------------------


@transaction.atomic
def plan_create(*, student, term, kind: str, by) -> Plan:
    if term.year.school_id != student.school_id:
        raise PlanError(_("That term is not one of %(school)s's.") % {"school": student.school})
    if Plan.objects.filter(student=student, term=term).exists():
        raise PlanError(
            _("%(student)s already has a plan for %(term)s.") % {"student": student, "term": term}
        )
    plan = Plan.objects.create(student=student, term=term, kind=kind, created_by=by)
    template = template_for(student.school)
    PlanSection.objects.bulk_create(
        PlanSection(
            plan=plan,
            key=s.key,
            **school_content.as_kwargs(s, "title"),  # every language of the template's
            **school_content.as_kwargs(s, "prompt"),
            kind=s.kind,
            required=s.required,
            order=s.order,
        )
        for s in template.sections.all()
    )
    return plan


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _move(plan: Plan, to: str) -> None:
    if to not in ALLOWED[plan.state]:
        raise PlanError(
            _("A plan that is “%(state)s” cannot become “%(to)s”.")
            % {"state": plan.get_state_display(), "to": S(to).label}
        )
    plan.state = to


def _clean_items(kind: str, items, school) -> list:
    """Structured sections keep only well-formed entries."""
    if kind == SectionKind.COMPETENCIES:
        from .models import Competency

        codes = [str(code) for code in items or []]
        known = set(
            Competency.objects.filter(school=school, code__in=codes, is_active=True).values_list(
                "code", flat=True
            )
        )
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(
                _("Unknown competency: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return sorted(set(codes), key=codes.index)
    if kind == SectionKind.ACTION_STEPS:
        steps = []
        for step in items or []:
            what = str(step.get("what", "")).strip()
            if not what:
                continue
            steps.append(
                {
                    "what": what,
                    "who": str(step.get("who", "")).strip(),
                    "by": str(step.get("by", "")).strip(),
                }
            )
        return steps
    return []


def _content_at(section: PlanSection, revision: int) -> tuple[str, list] | None:
    """What the section said at `revision` (None if the trail does not know)."""
    if revision == 0:
        return "", []
    edit = section.edits.filter(revision=revision).order_by("-pk").first()
    return (edit.body, edit.items) if edit is not None else None


def _changed_by_others(section: PlanSection, since: int, by) -> bool:
    """Whether anyone but `by` saved the section after revision `since` (or the trail cannot
    tell). A person's own later save (the page's autosave racing its Save button) is not a
    conflict with themselves."""
    if since > section.revision:
        return True
    later = list(section.edits.filter(revision__gt=since).values_list("author_id", flat=True))
    return len(later) < section.revision - since or any(a != by.pk for a in later)


@transaction.atomic
def section_save(*, plan: Plan, key: str, body: str, items, expected_revision: int, by):
    """Save one section if nobody saved it since `expected_revision`; raise EditConflict if
    somebody did and this person changed it too. Saving what the section already says, or
    what it said at `expected_revision` (a page saved whole carries sections its author did
    not touch), changes nothing. Editing a plan the family has seen reopens it as a draft."""
    plan = _locked(plan)
    if plan.is_read_only:
        raise PlanError(_("This plan is closed and can no longer be changed."))
    section = PlanSection.objects.select_for_update().get(plan=plan, key=key)
    items = _clean_items(section.kind, items, plan.student.school)
    body = body.strip() if section.kind == SectionKind.TEXT else ""
    if section.body == body and section.items == items:
        return section
    if section.revision != expected_revision and _changed_by_others(section, expected_revision, by):
        if _content_at(section, expected_revision) == (body, items):
            return section
        raise EditConflict(section=section, yours_body=body, yours_items=items)
    now = timezone.now()
    PlanSection.objects.filter(pk=section.pk).update(
        body=body, items=items, revision=F("revision") + 1, updated_by=by, updated_at=now
    )
    section.refresh_from_db()
    PlanEdit.objects.create(
        section=section, author=by, at=now, revision=section.revision, body=body, items=items
    )
    if plan.state in REOPENED_BY_EDITS:
        _move(plan, S.DRAFT)
    plan.student_ready_at = plan.advisor_ready_at = None
    plan.advisor_ready_by = None
    plan.save()
    return section


@dataclass
class SectionEdit:
    """One section as a page posted it: its text or items and the revision the page showed."""

    key: str
    body: str
    items: list
    expected_revision: int


@transaction.atomic
def sections_save(*, plan: Plan, edits: list[SectionEdit], by) -> list[EditConflict]:
    """Save every section a page posted, each by the rule of `section_save`: a section someone
    else changed meanwhile is kept as they left it and returned as a conflict (with this
    person's text), the others are saved. A refused entry (an unknown competency) saves none."""
    conflicts = []
    for edit in edits:
        try:
            section_save(
                plan=plan,
                key=edit.key,
                body=edit.body,
                items=edit.items,
                expected_revision=edit.expected_revision,
                by=by,
            )
        except EditConflict as conflict:
            conflicts.append(conflict)
    return conflicts


def missing_required(plan: Plan) -> list[str]:
    return [s.title for s in plan.sections.all() if s.required and s.is_empty]


@transaction.atomic
def plan_mark_ready(*, plan: Plan, by, as_student: bool, ready: bool = True) -> Plan:
    """The student and the advisor each say the draft is ready; with both, it is."""
    plan = _locked(plan)
    if plan.state not in (S.DRAFT, S.READY):
        raise PlanError(_("Only a draft can be marked ready."))
    if ready:
        missing = missing_required(plan)
        if missing:
            raise PlanError(
                _("Fill in the required sections first: %(sections)s.")
                % {"sections": ", ".join(missing)}
            )
    now = timezone.now() if ready else None
    if as_student:
        plan.student_ready_at = now
    else:
        plan.advisor_ready_at = now
        plan.advisor_ready_by = by if ready else None
    if plan.student_ready_at and plan.advisor_ready_at:
        if plan.state == S.DRAFT:
            _move(plan, S.READY)
    elif plan.state == S.READY:
        _move(plan, S.DRAFT)
    plan.save()
    return plan


# -- versions ------------------------------------------------------------------------------


def plan_content(plan: Plan) -> dict:
    """The canonical content of the draft: what a version freezes and a hash covers. The
    school's words (section titles, competency statements, the term's name) are kept in the
    school's language and, under `<field>_i18n`, in every language they have
    (tandem.core.content.frozen), so each family reads the version in its own."""
    from .models import Competency

    language = school_content.school_language(plan.student.school)
    sections = list(plan.sections.all())
    codes = {code for s in sections if s.kind == SectionKind.COMPETENCIES for code in s.items}
    competencies = {
        c.code: c
        for c in Competency.objects.filter(school_id=plan.student.school_id, code__in=codes)
    }
    out = []
    for s in sections:
        entry = {"key": s.key, **school_content.frozen(s, "title", language), "kind": s.kind}
        if s.kind == SectionKind.TEXT:
            entry["body"] = s.body
        elif s.kind == SectionKind.COMPETENCIES:
            entry["items"] = [
                {"code": c, **_statement(competencies.get(c), language)} for c in s.items
            ]
        else:
            entry["items"] = s.items
        out.append(entry)
    return {
        "student": plan.student.display_name,
        **school_content.frozen(plan.term, "name", language, name="term"),
        "kind": plan.kind,
        "sections": out,
    }


def _statement(competency, language: str) -> dict:
    if competency is None:
        return {"statement": ""}
    return school_content.frozen(competency, "statement", language)


def canonical_json(content: dict) -> bytes:
    """The version's content as the exact bytes its SHA-256 is taken of (the year's archive
    stores these bytes, so the file's hash is the version's `content_hash`)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def _freeze(plan: Plan, reason: str, by) -> PlanVersion:
    content = plan_content(plan)
    number = plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return PlanVersion.objects.create(
        plan=plan,
        number=number + 1,
        content=content,
        content_hash=content_hash(content),
        reason=reason,
        created_by=by,
    )


def latest_version(plan: Plan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


# -- sharing, family input, approval --------------------------------------------------------


@transaction.atomic
def plan_share(*, plan: Plan, by, notify: bool = True) -> PlanVersion:
    """Freeze the plan as a version and send it to every caregiver with rights (unless
    `notify` is off, for plans loaded from elsewhere such as the demo school)."""
    plan = _locked(plan)
    _move(plan, S.SHARED)
    version = _freeze(plan, VersionReason.SHARED, by)
    plan.shared_at = timezone.now()
    plan.approved_at = None
    plan.save()
    RevisionPlan.objects.filter(plan=plan, resolved_at__isnull=True).update(
        resolved_at=plan.shared_at
    )
    from .tasks import send_plan_shared

    for guardianship in caregivers_with_rights(plan) if notify else []:
        if guardianship.caregiver.email:
            enqueue_on_commit(
                send_plan_shared, version_id=version.pk, caregiver_id=guardianship.caregiver_id
            )
    return version


@transaction.atomic
def plan_activate(*, plan: Plan, by) -> Plan:
    plan = _locked(plan)
    _move(plan, S.ACTIVE)
    plan.save()
    return plan


@transaction.atomic
def plan_close(*, plan: Plan, by) -> Plan:
    plan = _locked(plan)
    _move(plan, S.CLOSED)
    plan.save()
    return plan


def close_plans_of_ended_terms(today=None) -> int:
    """Approved and active plans of terms that have ended (at the plan's school: the calendar's
    today in its zone, unless a day is given) become read-only."""
    from tandem.schools import calendar

    # No school's today is later than the day after the server's.
    latest = today or timezone.localdate() + datetime.timedelta(days=1)
    closed = 0
    found = Plan.objects.filter(
        state__in=[S.APPROVED, S.ACTIVE], term__ends_on__lt=latest
    ).select_related("term", "student__school")
    for plan in found:
        if plan.term.ends_on >= (today or calendar.today(plan.student.school)):
            continue
        plan_close(plan=plan, by=None)
        closed += 1
    return closed
