"""Reads for the exhibition pages, each in a fixed number of queries whatever the exhibition's
size: the coordinator's list and overview, a rater's score sheet (the others' scores only once
this rater has submitted), a presentation's results (per criterion the scores, the median and
the spread; per competency the level the median reaches), a student's presentations."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.template.defaultfilters import floatformat

from tandem.core.policy import OVERSIGHT_ROLES, schools_with_role

from . import rules
from .models import Criterion, Exhibition, PanelSeat, Presentation, Rater, Score


def invitees(presentation) -> list:
    """The caregivers invited to a presentation: conferences' one rule (every active caregiver
    with educational rights; a presentation has no household of its own)."""
    from tandem.conferences.services import invitees as conference_invitees

    return conference_invitees(presentation)


def exhibitions_for(user) -> list[Exhibition]:
    return list(
        Exhibition.objects.filter(school_id__in=schools_with_role(user, OVERSIGHT_ROLES))
        .select_related("school")
        .annotate(
            presenting=Count("presentations", distinct=True),
            rating=Count("raters", distinct=True),
        )
    )


def rubric_of(exhibition):
    """The rubric with its levels and criteria (their competency and descriptors), in 3 queries."""
    rubric = exhibition.rubric
    rubric.level_list = list(rubric.levels.all())
    rubric.criterion_list = list(
        rubric.criteria.select_related("competency").prefetch_related(
            Prefetch("descriptors", to_attr="descriptor_list")
        )
    )
    for criterion in rubric.criterion_list:
        by_level = {d.level_id: d.text for d in criterion.descriptor_list}
        criterion.cells = [(level, by_level.get(level.pk, "")) for level in rubric.level_list]
    return rubric


def presentations_of(exhibition) -> list[Presentation]:
    """Every presentation with its student, its panel (raters) and whether the result is final."""
    return list(
        exhibition.presentations.select_related("student", "result")
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=PanelSeat.objects.select_related("rater__user"),
                to_attr="seat_list",
            )
        )
        .order_by("starts_at", "room", "student__last_name", "student__first_name")
    )


def raters_of(exhibition) -> list[Rater]:
    return list(
        exhibition.raters.select_related("user")
        .prefetch_related("availability")
        .annotate(
            seated=Count("seats", distinct=True),
            submitted=Count("seats", filter=Q(seats__submitted_at__isnull=False), distinct=True),
        )
    )


def free_slots(exhibition, presentations=None) -> list[tuple]:
    """(start, end, room) for every slot and room no presentation holds."""
    presentations = presentations if presentations is not None else presentations_of(exhibition)
    taken = {(p.starts_at, p.room) for p in presentations if p.starts_at}
    return [
        (start, end, room)
        for start, end in rules.slots(exhibition)
        for room in exhibition.room_list
        if (start, room) not in taken
    ]


@dataclass
class CriterionResult:
    criterion: Criterion
    scores: list[Score] = field(default_factory=list)  # submitted seats only

    @property
    def values(self) -> list[int]:
        return [score.level.value for score in self.scores]

    @property
    def median(self) -> Decimal | None:
        return rules.median(self.values)

    @property
    def median_text(self) -> str:
        return floatformat(self.median, -1) if self.median is not None else ""

    @property
    def spread(self) -> int | None:
        return rules.spread(self.values)


@dataclass
class CompetencyResult:
    """All the submitted scores on the criteria tied to one competency, and the level their
    median reaches (rules.level_for): what a finalised result writes as the rating."""

    competency: object
    values: list[int]
    levels: list

    @property
    def median(self) -> Decimal | None:
        return rules.median(self.values)

    @property
    def median_text(self) -> str:
        return floatformat(self.median, -1) if self.median is not None else ""

    @property
    def spread(self) -> int | None:
        return rules.spread(self.values)

    @property
    def level(self):
        return rules.level_for(self.levels, self.median)


@dataclass
class Results:
    presentation: Presentation
    criteria: list[CriterionResult]
    competencies: list[CompetencyResult]
    submitted: list[PanelSeat]
    pending: list[PanelSeat]
    levels: list


def _rubric_parts(exhibition) -> tuple[list, list]:
    rubric = exhibition.rubric
    return list(rubric.levels.all()), list(rubric.criteria.select_related("competency"))


def _seats_with_scores():
    return PanelSeat.objects.select_related("rater__user").prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("level"))
    )


def presentation_results(presentation, *, seats=None, parts=None) -> Results:
    """The panel's results: only submitted seats count (and are shown)."""
    levels, criteria = parts or _rubric_parts(presentation.exhibition)
    if seats is None:
        seats = list(_seats_with_scores().filter(presentation=presentation))
    submitted = [seat for seat in seats if seat.is_submitted]
    pending = [seat for seat in seats if not seat.is_submitted]
    rows = {criterion.pk: CriterionResult(criterion) for criterion in criteria}
    for seat in submitted:
        for score in seat.scores.all():
            if score.criterion_id in rows:
                score.seat = seat
                rows[score.criterion_id].scores.append(score)
    by_competency: dict[int, CompetencyResult] = {}
    for row in rows.values():
        competency = row.criterion.competency
        found = by_competency.setdefault(
            competency.pk, CompetencyResult(competency=competency, values=[], levels=levels)
        )
        found.values.extend(row.values)
    return Results(
        presentation=presentation,
        criteria=list(rows.values()),
        competencies=sorted(by_competency.values(), key=lambda c: c.competency.code),
        submitted=submitted,
        pending=pending,
        levels=levels,
    )


@dataclass
class Sheet:
    """A rater's score sheet: the rubric, their own levels and comment, and — only once they
    have submitted — the panel's results."""

    seat: PanelSeat
    rubric: object
    mine: dict[int, int]  # criterion id → level id
    pieces: list
    results: Results | None = None


def score_sheet(seat) -> Sheet:
    presentation = seat.presentation
    rubric = rubric_of(presentation.exhibition)
    mine = dict(Score.objects.filter(seat=seat).values_list("criterion_id", "level_id"))
    for criterion in rubric.criterion_list:
        criterion.mine = mine.get(criterion.pk)
    sheet = Sheet(seat=seat, rubric=rubric, mine=mine, pieces=pieces_of(presentation))
    if seat.is_submitted:
        sheet.results = presentation_results(presentation)
    return sheet


def pieces_of(presentation) -> list:
    return list(presentation.pieces.prefetch_related("competencies").order_by("-date", "pk"))


def _named(seats) -> list[PanelSeat]:
    for seat in seats:
        seat.presenter = rules.presenter_name(seat.presentation.student)
    return seats


def seats_of_rater(rater) -> list[PanelSeat]:
    return _named(
        list(
            rater.seats.select_related("presentation__student").order_by(
                "presentation__starts_at", "presentation__room", "pk"
            )
        )
    )


def staff_seats(user) -> list[PanelSeat]:
    """A staff member's seats on panels open today (rules.panel_open), at schools where they
    still work."""
    from tandem.core.policy import staff_schools

    seats = (
        PanelSeat.objects.filter(
            rater__user=user, presentation__exhibition__school_id__in=staff_schools(user)
        )
        .select_related("presentation__student", "presentation__exhibition__school")
        .order_by("presentation__starts_at", "pk")
    )
    return _named([seat for seat in seats if rules.panel_open(seat.presentation.exhibition)])


def student_presentations(student) -> list[Presentation]:
    return list(
        Presentation.objects.filter(student=student)
        .select_related("exhibition__school", "result")
        .prefetch_related("pieces")
        .order_by("-exhibition__starts_on")
    )


def exhibition_results(exhibition) -> list[Results]:
    """Every presentation's results (the results PDF), in a fixed number of queries."""
    parts = _rubric_parts(exhibition)
    presentations = list(
        exhibition.presentations.select_related("student", "result__finalised_by")
        .prefetch_related(Prefetch("seats", queryset=_seats_with_scores(), to_attr="seat_list"))
        .order_by("starts_at", "room", "student__last_name", "student__first_name")
    )
    for presentation in presentations:
        presentation.exhibition = exhibition
    return [presentation_results(p, seats=p.seat_list, parts=parts) for p in presentations]
