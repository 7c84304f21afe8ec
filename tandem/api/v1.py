"""The JSON API, version 1 (/api/v1/). Each resource asks the same access code as the pages:
`tandem.core.policy` for which students, `people.access`, `plans.access`,
`evidence.access`, `conferences.access` and `records.access` for one record (a record the
caller may not see is the same 404 as one that does not exist), and a token narrows
everything to its one school. Writes go through the services the pages use."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Prefetch, Q, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Schema
from ninja import Status as Answer
from ninja.openapi.docs import Swagger

from tandem.advisories.models import Advisory
from tandem.conferences import access as conference_access
from tandem.conferences import selectors as conference_selectors
from tandem.conferences import services as conference_services
from tandem.conferences.models import Conference, ConferenceWindow, Status
from tandem.core.policy import OVERSIGHT_ROLES, full_access_q, schools_with_role, staff_schools
from tandem.evidence import access as evidence_access
from tandem.evidence.models import AssessmentResult, CompetencyRating, Framework, FrameworkItem
from tandem.people import access as people_access
from tandem.people.models import Student
from tandem.plans import access as plans_access
from tandem.plans.models import Approval, PlanVersion
from tandem.records import access as records_access
from tandem.records.models import MeetingRecord, NextStep
from tandem.schools.models import School, Term

from .base import Problem, TandemAPI, TokenOrSession, page, set_problem_handlers, utc

MAX_ID = 2**31 - 1

api = TandemAPI(
    title="Tandem API",
    version="1",
    description=(
        "Read a school's students, advisories, plans, conferences, competency frameworks "
        "and ratings, test results and final meeting records; book, move and cancel "
        "conferences for a family. Authenticate with a personal access "
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


class BookIn(Schema):
    term_id: int = Field(..., ge=1, le=MAX_ID, description="the term whose conference window")
    student_id: int = Field(..., ge=1, le=MAX_ID)
    starts_at: datetime.datetime = Field(
        ..., description="the first conference's start (a family's children back to back)"
    )
    mode: Literal["school", "video", "phone", "home"] = "school"


class MoveIn(Schema):
    starts_at: datetime.datetime


def refused(error: DjangoValidationError) -> Problem:
    """A booking service's refusal, as the staff pages answer it: a time someone holds (or
    that the rules no longer allow) is a 409, any other rule a 400."""
    status = 409 if getattr(error, "code", None) == conference_services.TAKEN else 400
    return Problem(status, " ".join(error.messages))


@api.post(
    "/conferences",
    response={201: list[ConferenceOut]} | dict.fromkeys(ERRORS | {409}, ProblemOut),
    url_name="conference_book",
    tags=["conferences"],
)
def conference_book(request, body: BookIn):
    """Book for a family, as the coordinator's and the advisor's booking page does
    (conferences.services.conferences_book with the family's cut-off and the booking switch
    left to staff; every rule the database holds applies: no overlap, one booked conference
    per child, the advisor's most a day). Each of the student's conferences still to book in
    the term's window (households that meet apart each have one) is booked back to back.
    A time that is taken is a 409. Needs a read-and-write token."""
    window = ConferenceWindow.objects.filter(term_id=body.term_id).values_list("pk", flat=True)
    window_id = window.first()
    if window_id is None:
        raise Http404
    window, student = conference_access.booking_student(request.user, window_id, body.student_id)
    in_scope(request, student.school_id)
    waiting = conference_selectors.staff_requests(window, student)
    if not waiting:
        raise Problem(409, "This student has no conference left to book in this window.")
    try:
        made = conference_services.conferences_book(
            by=request.user,
            window=window,
            requests=waiting,
            starts_at=utc(body.starts_at),
            mode=body.mode,
            by_family=False,
        )
    except DjangoValidationError as error:
        raise refused(error) from error
    for conference in made:
        conference.term_id = window.term_id
    return Answer(201, made)


@api.post(
    "/conferences/{conference_id}/move",
    response=responses(ConferenceOut) | {409: ProblemOut},
    url_name="conference_move",
    tags=["conferences"],
)
def conference_move(request, body: MoveIn, conference_id: int = Path(..., ge=1, le=MAX_ID)):
    """Move a booked conference for the family, as the staff page does
    (conferences.services.conference_change: the same UID, the invitation updated). A time
    that is taken is a 409. Needs a read-and-write token."""
    found = conference_access.booking_conference(request.user, conference_id)
    in_scope(request, found.student.school_id)
    if found.status != Status.BOOKED:
        raise Problem(409, "This conference is not booked.")
    try:
        moved = conference_services.conference_change(
            by=request.user, conference=found, starts_at=utc(body.starts_at), by_family=False
        )
    except DjangoValidationError as error:
        raise refused(error) from error
    moved.term_id = found.window.term_id
    return moved


# Competency frameworks -----------------------------------------------------------------------


class FrameworkOut(Schema):
    id: int
    school_id: int
    identifier: str = Field(..., description="the CASE CFDocument identifier (or the file's)")
    title: str
    creator: str
    version: str
    source: str = Field(..., description="case or csv")
    imported_at: datetime.datetime


class FrameworkItemOut(Schema):
    id: int
    identifier: str = Field(..., description="the CASE CFItem identifier")
    code: str
    statement: str
    item_type: str
    parent_id: int | None
    sequence: int


class FrameworkDetailOut(FrameworkOut):
    items: list[FrameworkItemOut]


class FrameworkPage(Schema):
    items: list[FrameworkOut]
    next_cursor: str | None


class FrameworkFilters(Paging):
    school_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_since: datetime.datetime | None = Field(None, description="imported (again) since")


def visible_frameworks(request):
    """A school's frameworks are its staff's, as its terms are."""
    found = Framework.objects.filter(school_id__in=staff_schools(request.user))
    return scoped(request, found)


@api.get(
    "/frameworks", response=responses(FrameworkPage), url_name="frameworks", tags=["competencies"]
)
def frameworks(request, filters: Query[FrameworkFilters]):
    found = visible_frameworks(request)
    if filters.school_id is not None:
        found = found.filter(school_id=filters.school_id)
    if filters.updated_since is not None:
        found = found.filter(imported_at__gte=utc(filters.updated_since))
    return page(found, cursor=filters.cursor, limit=filters.limit)


@api.get(
    "/frameworks/{framework_id}",
    response=responses(FrameworkDetailOut),
    url_name="framework",
    tags=["competencies"],
)
def framework(request, framework_id: int = Path(..., ge=1, le=MAX_ID)):
    """A framework with its whole tree (each item's parent), in the framework's order."""
    found = get_object_or_404(visible_frameworks(request), pk=framework_id)
    items = FrameworkItem.objects.filter(framework=found).order_by("sequence", "code", "pk")
    return FrameworkDetailOut(
        **FrameworkOut.model_validate(found, from_attributes=True).model_dump(),
        items=[FrameworkItemOut.model_validate(i, from_attributes=True) for i in items],
    )


# Competency ratings --------------------------------------------------------------------------


class RatingOut(Schema):
    """A rating. The evidence note, its link and who rated are the school's side's, as on the
    credit report: null for a family or the student (a signed-in session)."""

    id: int
    student_id: int
    term_id: int
    competency_id: int
    competency_code: str = Field(..., alias="competency.code")
    competency_statement: str = Field(..., alias="competency.statement")
    framework_item_identifier: str | None = Field(
        None, description="the competency's CASE CFItem identifier, when it came from one"
    )
    level: str
    rated_on: datetime.date
    rated_by_id: int | None
    evidence: str | None
    evidence_url: str | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_framework_item_identifier(obj) -> str | None:
        item = obj.competency.framework_item
        return item.identifier if item is not None else None

    @staticmethod
    def resolve_rated_by_id(obj) -> int | None:
        return obj.rated_by_id if obj.school_side else None

    @staticmethod
    def resolve_evidence(obj) -> str | None:
        return obj.evidence if obj.school_side else None

    @staticmethod
    def resolve_evidence_url(obj) -> str | None:
        return obj.evidence_url if obj.school_side else None


class RatingPage(Schema):
    items: list[RatingOut]
    next_cursor: str | None


class StudentRecordFilters(Paging):
    student_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_since: datetime.datetime | None = None


def full_record_students(request):
    """The students whose full record the caller sees (evidence.access: who sees a student's
    evidence is who sees the record), in the token's school."""
    return scoped(request, Student.objects.filter(full_access_q(request.user)))


def school_side_q(user, student="student") -> Q:
    """evidence.access.viewer_of's school side, as a filter: staff of the student's school who
    are not the student."""
    return Q(**{f"{student}__school_id__in": staff_schools(user)}) & ~Q(
        **{f"{student}__user": user}
    )


@api.get(
    "/competency-ratings",
    response=responses(RatingPage),
    url_name="competency_ratings",
    tags=["competencies"],
)
def competency_ratings(request, filters: Query[StudentRecordFilters]):
    """Ratings of the students whose record the caller sees (the credit report's audience)."""
    found = CompetencyRating.objects.filter(student__in=full_record_students(request))
    found = found.select_related("competency__framework_item").annotate(
        school_side=Case(
            When(school_side_q(request.user), then=True),
            default=False,
            output_field=BooleanField(),
        )
    )
    if filters.student_id is not None:
        found = found.filter(student_id=filters.student_id)
    if filters.updated_since is not None:
        found = found.filter(updated_at__gte=utc(filters.updated_since))
    return page(found, cursor=filters.cursor, limit=filters.limit)


# Assessment results --------------------------------------------------------------------------


class ResultOut(Schema):
    id: int
    student_id: int
    assessment: str
    subject: str
    test: str
    scale: str
    event_id: str
    taken_on: datetime.date
    term_name: str
    score: Decimal
    standard_error: Decimal | None
    percentile: int | None
    growth_measure: bool
    level: str
    growth: dict
    source: str
    updated_at: datetime.datetime


class ResultPage(Schema):
    items: list[ResultOut]
    next_cursor: str | None


@api.get(
    "/assessment-results",
    response=responses(ResultPage),
    url_name="assessment_results",
    tags=["students"],
)
def assessment_results(request, filters: Query[StudentRecordFilters]):
    """Test results of the students whose record the caller sees (the tests page's audience;
    that page writes no access log, so neither does this)."""
    found = AssessmentResult.objects.filter(student__in=full_record_students(request))
    if filters.student_id is not None:
        found = found.filter(student_id=filters.student_id)
    if filters.updated_since is not None:
        found = found.filter(updated_at__gte=utc(filters.updated_since))
    return page(found, cursor=filters.cursor, limit=filters.limit)


# Meeting records -----------------------------------------------------------------------------


class NextStepOut(Schema):
    what: str
    owner_id: int | None
    owner_name: str
    due_on: datetime.date


class MeetingRecordOut(Schema):
    """A final meeting record (drafts never appear)."""

    id: int
    conference_id: int
    student_id: int = Field(..., alias="conference.student_id")
    term_id: int = Field(..., alias="conference.window.term_id")
    reflection: str
    areas_for_growth: str
    long_term_goals: str
    graduation_concerns: str
    benchmarks_reviewed: str
    interventions_note: str
    family_actions: str
    intervention_ids: list[int]
    next_steps: list[NextStepOut]
    finalized_at: datetime.datetime
    finalized_by_id: int

    @staticmethod
    def resolve_intervention_ids(obj) -> list[int]:
        return [i.pk for i in obj.interventions.all()]

    @staticmethod
    def resolve_next_steps(obj) -> list[NextStepOut]:
        return [NextStepOut.model_validate(s, from_attributes=True) for s in obj.next_steps.all()]


class MeetingRecordPage(Schema):
    items: list[MeetingRecordOut]
    next_cursor: str | None


class MeetingRecordFilters(Paging):
    student_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_since: datetime.datetime | None = Field(
        None, description="finalized since (a final record never changes)"
    )


def with_record_parts(queryset):
    return queryset.select_related("conference__window").prefetch_related(
        "interventions", Prefetch("next_steps", queryset=NextStep.objects.order_by("order", "pk"))
    )


@api.get(
    "/meeting-records",
    response=responses(MeetingRecordPage),
    url_name="meeting_records",
    tags=["conferences"],
)
def meeting_records(request, filters: Query[MeetingRecordFilters]):
    """Final records of the conferences the caller may read (records.access.final_records)."""
    found = scoped(
        request, records_access.final_records(request.user), "conference__student__school_id"
    )
    if filters.student_id is not None:
        found = found.filter(conference__student_id=filters.student_id)
    if filters.updated_since is not None:
        found = found.filter(finalized_at__gte=utc(filters.updated_since))
    return page(with_record_parts(found), cursor=filters.cursor, limit=filters.limit)


@api.get(
    "/meeting-records/{record_id}",
    response=responses(MeetingRecordOut),
    url_name="meeting_record",
    tags=["conferences"],
)
def meeting_record(request, record_id: int = Path(..., ge=1, le=MAX_ID)):
    """A final record, for whoever the record's page opens it to (records.access.conference_for
    and record_visible_to); a draft is the same 404 as a missing record, for everyone."""
    found = get_object_or_404(
        with_record_parts(MeetingRecord.objects.filter(finalized_at__isnull=False)), pk=record_id
    )
    conference, viewer = records_access.conference_for(request.user, found.conference_id)
    if not records_access.record_visible_to(viewer, found):
        raise Http404
    in_scope(request, conference.student.school_id)
    return found


# OpenAPI links: where a response's ids lead (schemathesis's stateful test follows them) -------

FIRST = "$response.body#/items/0/"  # a list's first item
THIS = "$response.body#/"


def _student(expression: str) -> tuple:
    return ("GET", "/students/{student_id}", {"student_id": expression})


def _of_student(path: str) -> tuple:
    return ("GET", path, {"query.student_id": THIS + "id"})


def _conference(expression: str) -> tuple:
    return ("GET", "/conferences/{conference_id}", {"conference_id": expression})


api.links = {
    ("GET", "/schools", 200): {
        "school": ("GET", "/schools/{school_id}", {"school_id": FIRST + "id"}),
    },
    ("GET", "/schools/{school_id}", 200): {
        "terms": ("GET", "/schools/{school_id}/terms", {"school_id": THIS + "id"}),
        "students": ("GET", "/students", {"query.school_id": THIS + "id"}),
        "frameworks": ("GET", "/frameworks", {"query.school_id": THIS + "id"}),
    },
    ("GET", "/students", 200): {"student": _student(FIRST + "id")},
    ("GET", "/students/{student_id}", 200): {
        "iep_goals": ("GET", "/students/{student_id}/iep-goals", {"student_id": THIS + "id"}),
        "advisories": _of_student("/advisories"),
        "plans": _of_student("/plans"),
        "conferences": _of_student("/conferences"),
        "competency_ratings": _of_student("/competency-ratings"),
        "assessment_results": _of_student("/assessment-results"),
        "meeting_records": _of_student("/meeting-records"),
    },
    ("GET", "/advisories", 200): {"student": _student(FIRST + "student_id")},
    ("GET", "/plans", 200): {"plan": ("GET", "/plans/{plan_id}", {"plan_id": FIRST + "id"})},
    ("GET", "/plans/{plan_id}", 200): {"student": _student(THIS + "student_id")},
    ("GET", "/conferences", 200): {"conference": _conference(FIRST + "id")},
    ("GET", "/conferences/{conference_id}", 200): {
        "student": _student(THIS + "student_id"),
        "cancel": ("POST", "/conferences/{conference_id}/cancel", {"conference_id": THIS + "id"}),
        "move": ("POST", "/conferences/{conference_id}/move", {"conference_id": THIS + "id"}),
    },
    ("POST", "/conferences", 201): {"conference": _conference(THIS + "0/id")},
    ("POST", "/conferences/{conference_id}/move", 200): {"conference": _conference(THIS + "id")},
    ("POST", "/conferences/{conference_id}/cancel", 200): {"conference": _conference(THIS + "id")},
    ("GET", "/frameworks", 200): {
        "framework": ("GET", "/frameworks/{framework_id}", {"framework_id": FIRST + "id"}),
    },
    ("GET", "/competency-ratings", 200): {"student": _student(FIRST + "student_id")},
    ("GET", "/assessment-results", 200): {"student": _student(FIRST + "student_id")},
    ("GET", "/meeting-records", 200): {
        "meeting_record": ("GET", "/meeting-records/{record_id}", {"record_id": FIRST + "id"}),
    },
    ("GET", "/meeting-records/{record_id}", 200): {
        "conference": _conference(THIS + "conference_id"),
        "student": _student(THIS + "student_id"),
    },
}
