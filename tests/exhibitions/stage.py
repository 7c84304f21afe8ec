"""Harbor High's exhibition, today, for the exhibition tests and the access matrix.

Sam presents in the Library at 9:00, with two pieces of his portfolio (an essay file and a
video link). The rubric has two criteria on two competencies (COMM.1 Communication, CRIT.1
Critical thinking) and four levels. Bob (an advisor, not Sam's) is a staff rater; Pat Panel is
a community panelist (no account) whose e-mailed link carries `panel_key`. Both sit on Sam's
panel. Olive presents too (Bob is her advisor, so not on her panel): Casey scores her.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile

from tandem.exhibitions import services
from tandem.exhibitions.models import Exhibition, PanelSeat, Presentation, Rater
from tandem.plans.models import Competency
from tandem.schools import calendar


@dataclass
class Stage:
    exhibition: Exhibition
    presentation: Presentation
    other_presentation: Presentation
    staff_rater: Rater
    panelist: Rater
    panel_key: str
    staff_seat: PanelSeat
    panelist_seat: PanelSeat
    essay: object
    video: object
    communication: Competency
    thinking: Competency


def competency(school, code, statement):
    return Competency.objects.get_or_create(
        school=school, code=code, defaults={"statement": statement}
    )[0]


def make_exhibition(cast, *, on: datetime.date | None = None, name="Senior Exhibition"):
    on = on or calendar.today(cast.school)
    return services.exhibition_save(
        school=cast.school,
        by=cast.coordinator,
        name=name,
        starts_on=on,
        ends_on=on,
        day_starts_at=datetime.time(9, 0),
        day_ends_at=datetime.time(12, 0),
        slot_minutes=20,
        rooms="Library\nRoom 101",
        grades="10, 11",
        panel_size=2,
        signup_open=False,
    )


def slot(exhibition, index=0):
    from tandem.exhibitions import rules

    return rules.slots(exhibition)[index][0]


def pieces_of(student):
    from tandem.portfolios.models import Piece, Portfolio

    portfolio, _created = Portfolio.objects.get_or_create(student=student)
    essay = Piece.objects.create(
        portfolio=portfolio,
        title="Essay on tides",
        kind="file",
        file=ContentFile(b"%PDF-1.4 an essay on tides", name="essay.pdf"),
        file_name="essay.pdf",
        reflection="It shows how I argue from evidence.",
        date=datetime.date(2026, 10, 1),
    )
    video = Piece.objects.create(
        portfolio=portfolio,
        title="Lab video",
        kind="video",
        url="https://video.example.org/lab",
        reflection="My first experiment, filmed.",
        date=datetime.date(2026, 11, 1),
    )
    return essay, video


_KEYS: dict[int, str] = {}


def build_stage(cast, *, on=None) -> Stage:
    """Once per test database (the browser sweep asks again on every page)."""
    from tandem.exhibitions.access import token_hash

    existing = Exhibition.objects.filter(school=cast.school, name="Senior Exhibition").first()
    if existing is not None:
        panelist = existing.raters.get(user__isnull=True)
        key = _KEYS.get(panelist.pk)
        if key is None or token_hash(key) != panelist.token_hash:
            key = _KEYS[panelist.pk] = services.panelist_resend(rater=panelist)
        return _stage_of(existing, key)
    exhibition = make_exhibition(cast, on=on)
    communication = competency(cast.school, "COMM.1", "Communicates ideas clearly")
    thinking = competency(cast.school, "CRIT.1", "Thinks critically from evidence")
    rubric = exhibition.rubric
    levels = list(rubric.levels.all())
    services.criterion_add(
        rubric=rubric,
        competency=communication,
        name="Presents clearly",
        descriptors={level.pk: f"Clarity at level {level.value}" for level in levels},
    )
    services.criterion_add(
        rubric=rubric,
        competency=thinking,
        name="Uses evidence",
        descriptors={level.pk: f"Evidence at level {level.value}" for level in levels},
    )
    presentation, other = services.presentations_add(
        exhibition=exhibition, students=[cast.student, cast.other_student]
    )
    services.presentation_place(
        presentation=presentation, starts_at=slot(exhibition), room="Library"
    )
    services.presentation_place(presentation=other, starts_at=slot(exhibition, 1), room="Library")
    essay, video = pieces_of(cast.student)
    services.pieces_choose(presentation=presentation, pieces=[essay, video])
    staff_rater = services.rater_add_staff(exhibition=exhibition, user=cast.other_advisor)
    panelist, key = services.panelist_invite(
        exhibition=exhibition, name="Pat Panel", email="pat@community.test"
    )
    _KEYS[panelist.pk] = key
    services.seat_add(presentation=presentation, rater=staff_rater)
    services.seat_add(presentation=presentation, rater=panelist)
    services.seat_add(
        presentation=other,
        rater=services.rater_add_staff(exhibition=exhibition, user=cast.case_manager),
    )
    return _stage_of(exhibition, key)


def _stage_of(exhibition, key) -> Stage:
    presentation, other = exhibition.presentations.order_by("student_id")
    staff_rater = exhibition.raters.get(user__email="bob@harbor.test")
    panelist = exhibition.raters.get(user__isnull=True)
    essay = presentation.pieces.get(kind="file")
    video = presentation.pieces.get(kind="video")
    return Stage(
        exhibition=exhibition,
        presentation=presentation,
        other_presentation=other,
        staff_rater=staff_rater,
        panelist=panelist,
        panel_key=key,
        staff_seat=PanelSeat.objects.get(presentation=presentation, rater=staff_rater),
        panelist_seat=PanelSeat.objects.get(presentation=presentation, rater=panelist),
        essay=essay,
        video=video,
        communication=Competency.objects.get(school=exhibition.school, code="COMM.1"),
        thinking=Competency.objects.get(school=exhibition.school, code="CRIT.1"),
    )


def score(seat, *, levels: dict[str, int], comment="", submit=True):
    """Score a seat by criterion name and level value."""
    rubric = seat.presentation.exhibition.rubric
    by_name = {c.name: c.pk for c in rubric.criteria.all()}
    by_value = {level.value: level.pk for level in rubric.levels.all()}
    return services.seat_score(
        seat=seat,
        levels={by_name[name]: by_value[value] for name, value in levels.items()},
        comment=comment,
        submit=submit,
    )
