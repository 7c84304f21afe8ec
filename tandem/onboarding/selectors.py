"""Reads for onboarding and the inbox, each in a fixed number of queries. Every count a page
shows is the length of a list these functions return (STYLE.md habit 12)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count

from tandem.schools import calendar
from tandem.schools.models import Role, StaffRole

from .models import (
    Acknowledgement,
    ExpectationsVersion,
    StartTaskDone,
    Suggestion,
    SuggestionStatus,
)
from .services import expectations_for


@dataclass
class AdvisorOnboarding:
    """One advisor of the school: have they acknowledged the current expectations, and how
    much of this year's first-weeks checklist is ticked."""

    advisor: object
    acknowledged_at: object | None
    tasks_done: int
    tasks_total: int

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def checklist_finished(self) -> bool:
        return self.tasks_done >= self.tasks_total


# ?show= on the coordinator's page: each a list of the same rows, so a count is its length.
SHOWS = {
    "all": lambda row: True,
    "not_acknowledged": lambda row: not row.acknowledged,
    "checklist_unfinished": lambda row: not row.checklist_finished,
    "done": lambda row: row.acknowledged and row.checklist_finished,
}


@dataclass
class Onboarding:
    version: object
    year: object | None
    rows: list[AdvisorOnboarding]
    tasks: list = field(default_factory=list)

    def of(self, show: str) -> list[AdvisorOnboarding]:
        keep = SHOWS.get(show, SHOWS["all"])
        return [row for row in self.rows if keep(row)]

    def counts(self) -> dict[str, int]:
        return {show: len(self.of(show)) for show in SHOWS}


def onboarding(school) -> Onboarding:
    """Every advisor of the school (by role, now), with the current version's acknowledgement
    and this year's ticks: five queries whatever the size of the staff."""
    version = expectations_for(school)
    year = calendar.current_year(school)
    tasks = list(school.start_tasks.all())
    advisors = list(
        get_user_model()
        .objects.filter(
            pk__in=StaffRole.objects.filter(school=school, role=Role.ADVISOR).values("user_id")
        )
        .order_by("full_name", "email")
    )
    acknowledged = dict(
        Acknowledgement.objects.filter(version=version).values_list("advisor_id", "acknowledged_at")
    )
    done = {}
    if year is not None:
        done = dict(
            StartTaskDone.objects.filter(task__school=school, year=year)
            .values("advisor_id")
            .annotate(n=Count("pk"))
            .values_list("advisor_id", "n")
        )
    rows = [
        AdvisorOnboarding(
            advisor=advisor,
            acknowledged_at=acknowledged.get(advisor.pk),
            tasks_done=done.get(advisor.pk, 0),
            tasks_total=len(tasks),
        )
        for advisor in advisors
    ]
    return Onboarding(version=version, year=year, rows=rows, tasks=tasks)


@dataclass
class AdvisorPage:
    version: object
    acknowledgement: object | None
    earlier: object | None  # the latest acknowledgement of an earlier version
    year: object | None
    tasks: list  # (task, done_at or None)

    @property
    def tasks_done(self) -> int:
        return sum(1 for _task, done_at in self.tasks if done_at)


def advisor_page(school, advisor) -> AdvisorPage:
    version = expectations_for(school)
    year = calendar.current_year(school)
    acknowledgements = list(
        Acknowledgement.objects.filter(advisor=advisor, version__school=school)
        .select_related("version")
        .order_by("-version__number")[:2]
    )
    current = next((a for a in acknowledgements if a.version_id == version.pk), None)
    earlier = next((a for a in acknowledgements if a.version_id != version.pk), None)
    done = {}
    if year is not None:
        done = dict(
            StartTaskDone.objects.filter(
                task__school=school, advisor=advisor, year=year
            ).values_list("task_id", "done_at")
        )
    tasks = [(task, done.get(task.pk)) for task in school.start_tasks.all()]
    return AdvisorPage(
        version=version, acknowledgement=current, earlier=earlier, year=year, tasks=tasks
    )


def schools_to_acknowledge(user) -> list:
    """The schools where the user advises and has not acknowledged the current expectations
    (the advisor home's prompt), including a school whose expectations were never asked for:
    its version 1 is made when the advisor opens the page."""
    from tandem.core.policy import schools_with_role
    from tandem.schools.models import School

    school_ids = schools_with_role(user, {Role.ADVISOR})
    if not school_ids:
        return []
    schools = list(School.objects.filter(pk__in=school_ids).order_by("name"))
    latest = {}
    for school_id, pk in (
        ExpectationsVersion.objects.filter(school_id__in=school_ids)
        .order_by("school_id", "number")
        .values_list("school_id", "pk")
    ):
        latest[school_id] = pk  # the last one read is the highest number
    acknowledged = set(
        Acknowledgement.objects.filter(advisor=user, version_id__in=latest.values()).values_list(
            "version_id", flat=True
        )
    )
    return [school for school in schools if latest.get(school.pk) not in acknowledged]


# -- suggestions and concerns -----------------------------------------------------------------

INBOX_SHOWS = [SuggestionStatus.OPEN, SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED]


@dataclass
class Inbox:
    suggestions: list

    def of(self, show: str) -> list:
        return [s for s in self.suggestions if s.status == show]

    def counts(self) -> dict[str, int]:
        return {show: len(self.of(show)) for show in INBOX_SHOWS}


def inbox(school, *, kind: str = "") -> Inbox:
    """The school's suggestions and concerns (one query), newest first."""
    found = Suggestion.objects.filter(school=school).select_related("author")
    if kind:
        found = found.filter(kind=kind)
    return Inbox(suggestions=list(found.annotate(reply_count=Count("replies"))))


def my_suggestions(user, school) -> list:
    return list(
        Suggestion.objects.filter(author=user, school=school).annotate(reply_count=Count("replies"))
    )
