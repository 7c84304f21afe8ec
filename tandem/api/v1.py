"""The JSON API, version 1 (/api/v1/). Each resource asks the same access code as the pages:
`tandem.core.policy` for which students, `people.access`, `plans.access` and
`evidence.access` for one record (a record the caller may not see is the same 404 as one that
does not exist), and a token narrows everything to its one school."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Schema
from ninja.openapi.docs import Swagger

from tandem.advisories.models import Advisory
from tandem.conferences import access as conference_access
from tandem.conferences import services as conference_services
from tandem.conferences.models import Conference
from tandem.core.policy import OVERSIGHT_ROLES, full_access_q, schools_with_role, staff_schools
from tandem.evidence import access as evidence_access
from tandem.people import access as people_access
from tandem.people.models import Student
from tandem.plans import access as plans_access
from tandem.plans.models import Approval, PlanVersion
from tandem.schools.models import School, Term

from .base import Problem, TandemAPI, TokenOrSession, page, set_problem_handlers, utc

MAX_ID = 2**31 - 1

api = TandemAPI(
    title="Tandem API",
    version="1",
    description=(
        "Read a school's plans, students and advisories. Authenticate with a personal access "
        "token (`Authorization: Bearer tdm_…`, made on your account page) or, from Tandem's "
        "own pages, the signed-in session. Errors are RFC 9457 problem details."
    ),
    auth=TokenOrSession(),
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
set_problem_handlers(api)

ERRORS = {400, 401, 403, 404, 429}


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str


def responses(ok):
    return {200: ok} | dict.fromkeys(ERRORS, ProblemOut)


class Paging(Schema):
    cursor: str | None = Field(None, description="next_cursor of the previous page")
    limit: int = Field(50, ge=1, le=100)


def in_scope(request, school_id: int) -> None:
    """A token sees its one school; anything else is the same 404 as a missing record."""
    scope = request.auth.school_ids
    if scope is not None and school_id not in scope:
        raise Http404


def scoped(request, queryset, field="school_id"):
    scope = request.auth.school_ids
    return queryset if scope is None else queryset.filter(**{f"{field}__in": scope})


# Schools and terms ---------------------------------------------------------------------------


class SchoolOut(Schema):
    id: int
    name: str
    slug: str | None
    time_zone: str
    languages: list[str] = Field(..., alias="language_codes")


class TermOut(Schema):
    id: int
    year_id: int
    year: str = Field(..., alias="year.name")
    name: str
    starts_on: datetime.date
    ends_on: datetime.date


class SchoolPage(Schema):
    items: list[SchoolOut]
    next_cursor: str | None


def visible_schools(request):
    """The schools where the caller works (a token: its one school, while they still do)."""
    return scoped(request, School.objects.filter(pk__in=staff_schools(request.user)), "pk")


@api.get("/schools", response=responses(SchoolPage), url_name="schools", tags=["schools"])
def schools(request, paging: Query[Paging]):
    return page(visible_schools(request), cursor=paging.cursor, limit=paging.limit)


@api.get("/schools/{school_id}", response=responses(SchoolOut), url_name="school", tags=["schools"])
def school(request, school_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(visible_schools(request), pk=school_id)


@api.get(
    "/schools/{school_id}/terms",
    response=responses(list[TermOut]),
    url_name="terms",
    tags=["schools"],
)
def terms(request, school_id: int = Path(..., ge=1, le=MAX_ID)):
    found = get_object_or_404(visible_schools(request), pk=school_id)
    return Term.objects.filter(year__school=found).select_related("year").order_by("starts_on")


# Students ------------------------------------------------------------------------------------


class StudentLine(Schema):
    """A directory line: what any staff member of the school sees."""

    id: int
    school_id: int
    first_name: str
    last_name: str
    preferred_name: str
    grade: int | None
    full_record: bool


class StudentOut(Schema):
    """The full record: only for the people with a legitimate educational interest."""

    id: int
    school_id: int
    first_name: str
    last_name: str
    preferred_name: str
    pronouns: str
    grade: int | None
    local_id: str
    state_id: str
    preferred_language: str
    has_iep: bool
    has_504: bool
    has_est: bool
    case_manager_id: int | None
    counselor_id: int | None
    is_active: bool
    entered_on: datetime.date | None


class StudentPage(Schema):
    items: list[StudentLine]
    next_cursor: str | None


class StudentFilters(Paging):
    school_id: int | None = Field(None, ge=1, le=MAX_ID)


@api.get("/students", response=responses(StudentPage), url_name="students", tags=["students"])
def students(request, filters: Query[StudentFilters]):
    """Every student the caller may see: a full record's audience, and the directory line of
    their school for other staff (tandem.core.policy)."""
    user = request.user
    full = full_access_q(user)
    found = Student.objects.filter(full | Q(school_id__in=staff_schools(user))).annotate(
        full_record=Case(When(full, then=True), default=False, output_field=BooleanField())
    )
    found = scoped(request, found)
    if filters.school_id is not None:
        found = found.filter(school_id=filters.school_id)
    return page(found, cursor=filters.cursor, limit=filters.limit)


def student_of(request, student_id: int) -> Student:
    student = people_access.student_for(request.user, student_id)
    in_scope(request, student.school_id)
    return student


@api.get(
    "/students/{student_id}",
    response=responses(StudentOut),
    url_name="student",
    tags=["students"],
)
def student(request, student_id: int = Path(..., ge=1, le=MAX_ID)):
    return student_of(request, student_id)


class ProgressOut(Schema):
    measured_on: datetime.date
    value: Decimal
    note: str


class IepGoalOut(Schema):
    id: int
    area: str
    goal: str
    baseline: Decimal
    target: Decimal
    measure: str
    starts_on: datetime.date
    ends_on: datetime.date
    points: list[ProgressOut]


@api.get(
    "/students/{student_id}/iep-goals",
    response=responses(list[IepGoalOut]),
    url_name="iep_goals",
    tags=["students"],
)
def iep_goals(request, student_id: int = Path(..., ge=1, le=MAX_ID)):
    """Restricted: every goal returned is written to the school's access log, as on the pages."""
    student = student_of(request, student_id)
    goals = evidence_access.iep_goals_for(request, student, purpose="API")
    return [
        IepGoalOut(
            **{f: getattr(g, f) for f in IepGoalOut.model_fields if f != "points"},
            points=[ProgressOut.model_validate(p, from_attributes=True) for p in g.points.all()],
        )
        for g in goals
    ]


# Advisories ----------------------------------------------------------------------------------


class AdvisoryOut(Schema):
    id: int
    student_id: int
    advisor_id: int
    advisor_name: str = Field(..., alias="advisor.full_name")
    year_id: int
    started_at: datetime.datetime
    ended_at: datetime.datetime | None


class AdvisoryPage(Schema):
    items: list[AdvisoryOut]
    next_cursor: str | None


class AdvisoryFilters(Paging):
    student_id: int | None = Field(None, ge=1, le=MAX_ID)
    current: bool = False


@api.get(
    "/advisories", response=responses(AdvisoryPage), url_name="advisories", tags=["advisories"]
)
def advisories(request, filters: Query[AdvisoryFilters]):
    """Advisory assignments of the students whose full record the caller may see."""
    found = Advisory.objects.current() if filters.current else Advisory.objects.all()
    found = found.filter(student__in=Student.objects.filter(full_access_q(request.user)))
    found = scoped(request, found.select_related("advisor"), "student__school_id")
    if filters.student_id is not None:
        found = found.filter(student_id=filters.student_id)
    return page(found, cursor=filters.cursor, limit=filters.limit)


# Plans ---------------------------------------------------------------------------------------


class PlanOut(Schema):
    id: int
    student_id: int
    term_id: int
    kind: str
    state: str
    shared_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class VersionOut(Schema):
    number: int
    reason: str
    created_at: datetime.datetime
    content: dict
    content_hash: str = Field(..., description="SHA-256 of the version's content, hex")


class ApprovalOut(Schema):
    id: int
    version_number: int
    caregiver_id: int
    method: str
    approved_at: datetime.datetime


class PlanDetailOut(PlanOut):
    versions: list[VersionOut]
    approvals: list[ApprovalOut]


class PlanPage(Schema):
    items: list[PlanOut]
    next_cursor: str | None


class PlanFilters(Paging):
    student_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_since: datetime.datetime | None = None


@api.get("/plans", response=responses(PlanPage), url_name="plans", tags=["plans"])
def plans(request, filters: Query[PlanFilters]):
    """Plans the caller may see (plans.access.visible_plans: families only once shared)."""
    found = scoped(request, plans_access.visible_plans(request.user), "student__school_id")
    if filters.student_id is not None:
        found = found.filter(student_id=filters.student_id)
    if filters.updated_since is not None:
        found = found.filter(updated_at__gte=utc(filters.updated_since))
    return page(found, cursor=filters.cursor, limit=filters.limit)


@api.get("/plans/{plan_id}", response=responses(PlanDetailOut), url_name="plan", tags=["plans"])
def plan(request, plan_id: int = Path(..., ge=1, le=MAX_ID)):
    found = plans_access.plan_for(request.user, plan_id)
    in_scope(request, found.student.school_id)
    versions = list(PlanVersion.objects.filter(plan=found).order_by("number"))
    approvals = Approval.objects.filter(plan=found).select_related("version").order_by("pk")
    return PlanDetailOut(
        **PlanOut.model_validate(found, from_attributes=True).model_dump(),
        versions=[VersionOut.model_validate(v, from_attributes=True) for v in versions],
        approvals=[
            ApprovalOut(
                id=a.pk,
                version_number=a.version.number,
                caregiver_id=a.caregiver_id,
                method=a.method,
                approved_at=a.approved_at,
            )
            for a in approvals
        ],
    )


# Conferences ---------------------------------------------------------------------------------


class ConferenceOut(Schema):
    id: int
    uid: str
    student_id: int
    advisor_id: int
    term_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: str
    place: str
    status: str
    updated_at: datetime.datetime

    @staticmethod
    def resolve_uid(obj) -> str:
        return str(obj.uid)


class ConferencePage(Schema):
    items: list[ConferenceOut]
    next_cursor: str | None


class ConferenceFilters(Paging):
    student_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_since: datetime.datetime | None = None


def visible_conferences(user):
    """The conferences the staff pages open (conferences.access.staff_conference): the
    school's oversight, and the student's current advisor in the window's year."""
    advises = Advisory.objects.current().filter(
        student=OuterRef("student"), advisor=user, year=OuterRef("window__term__year")
    )
    return Conference.objects.annotate(term_id=F("window__term_id")).filter(
        Q(window__term__year__school_id__in=schools_with_role(user, OVERSIGHT_ROLES))
        | (Q(student__school_id__in=staff_schools(user)) & Exists(advises))
    )


@api.get(
    "/conferences",
    response=responses(ConferencePage),
    url_name="conferences",
    tags=["conferences"],
)
def conferences(request, filters: Query[ConferenceFilters]):
    found = scoped(request, visible_conferences(request.user), "student__school_id")
    if filters.student_id is not None:
        found = found.filter(student_id=filters.student_id)
    if filters.updated_since is not None:
        found = found.filter(updated_at__gte=utc(filters.updated_since))
    return page(found, cursor=filters.cursor, limit=filters.limit)


@api.get(
    "/conferences/{conference_id}",
    response=responses(ConferenceOut),
    url_name="conference",
    tags=["conferences"],
)
def conference(request, conference_id: int = Path(..., ge=1, le=MAX_ID)):
    found = conference_access.staff_conference(request.user, conference_id)
    in_scope(request, found.student.school_id)
    found.term_id = found.window.term_id
    return found


@api.post(
    "/conferences/{conference_id}/cancel",
    response=responses(ConferenceOut) | {409: ProblemOut},
    url_name="conference_cancel",
    tags=["conferences"],
)
def conference_cancel(request, conference_id: int = Path(..., ge=1, le=MAX_ID)):
    """Cancel a booked conference for the family, as the staff page does (the family is told;
    the database-held rules of conferences.services apply). Needs a read-and-write token."""
    found = conference_access.booking_conference(request.user, conference_id)
    in_scope(request, found.student.school_id)
    try:
        cancelled = conference_services.conference_cancel(
            by=request.user, conference=found, by_family=False
        )
    except DjangoValidationError as error:
        raise Problem(409, " ".join(error.messages)) from error
    cancelled.term_id = found.window.term_id
    return cancelled
