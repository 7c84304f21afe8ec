"""Fetch-and-authorise for exhibitions, on tandem.core.policy. Missing and forbidden are the
same 404.

- The exhibition's pages (setup, rubric, students, raters and their times, panels, the results
  PDF) are the school's oversight's (coordinators and admins).
- A rater scores only their own seats, only while the panel is open (rules.panel_open: the day
  before the exhibition to the day after). A staff rater signs in and must still hold a role
  at the school; a community panelist has no account and is known by the link's token alone
  (only its SHA-256 is stored), which opens their seats, the rubric and the presenters' chosen
  pieces, nothing else.
- A presentation's results: the school's oversight, and the student's current advisor (the
  one who finalises: policy.is_current_advisor).
- A student's exhibitions page: whoever may see the student's record (people.access).
"""

from __future__ import annotations

import hashlib

from django.http import Http404
from django.shortcuts import get_object_or_404

from tandem.core.policy import OVERSIGHT_ROLES, holds_role_at, is_current_advisor, schools_with_role

from . import rules
from .models import Exhibition, PanelSeat, Presentation, Rater


def token_hash(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def oversees(user, school_id) -> bool:
    return school_id in schools_with_role(user, OVERSIGHT_ROLES)


def oversight_exhibition(user, exhibition_id) -> Exhibition:
    return get_object_or_404(
        Exhibition.objects.select_related("school"),
        pk=exhibition_id,
        school_id__in=schools_with_role(user, OVERSIGHT_ROLES),
    )


def oversight_rater(user, rater_id) -> Rater:
    return get_object_or_404(
        Rater.objects.select_related("exhibition__school", "user").prefetch_related("availability"),
        pk=rater_id,
        exhibition__school_id__in=schools_with_role(user, OVERSIGHT_ROLES),
    )


def oversight_presentation(user, presentation_id) -> Presentation:
    return get_object_or_404(
        Presentation.objects.select_related("exhibition__school", "student"),
        pk=presentation_id,
        exhibition__school_id__in=schools_with_role(user, OVERSIGHT_ROLES),
    )


def staff_seat(user, seat_id) -> PanelSeat:
    """A seat of this staff member's, at a school where they still work, while its panel is open."""
    if not user.is_authenticated:
        raise Http404
    seat = get_object_or_404(
        PanelSeat.objects.select_related(
            "rater__user", "presentation__student", "presentation__exhibition__school"
        ),
        pk=seat_id,
        rater__user=user,
    )
    exhibition = seat.presentation.exhibition
    if not holds_role_at(user, exhibition.school_id) or not rules.panel_open(exhibition):
        raise Http404
    return seat


def panelist(token: str) -> Rater:
    """The community panelist this link names, while their exhibition's panel is open."""
    if not token:
        raise Http404
    rater = (
        Rater.objects.select_related("exhibition__school")
        .filter(token_hash=token_hash(token), user__isnull=True)
        .first()
    )
    if rater is None or not rules.panel_open(rater.exhibition):
        raise Http404
    return rater


def panelist_seat(token: str, seat_id) -> PanelSeat:
    rater = panelist(token)
    seat = get_object_or_404(
        PanelSeat.objects.select_related("presentation__student"), pk=seat_id, rater=rater
    )
    seat.rater = rater
    seat.presentation.exhibition = rater.exhibition
    return seat


def panelist_piece(token: str, piece_id):
    """A piece one of this panelist's presenters chose to present."""
    from tandem.portfolios.models import Piece

    rater = panelist(token)
    return get_object_or_404(
        Piece.objects.filter(presentations__seats__rater=rater).distinct(), pk=piece_id
    )


def staff_piece(user, seat_id, piece_id):
    """A piece the presenter of this staff rater's seat chose to present."""
    seat = staff_seat(user, seat_id)
    return get_object_or_404(seat.presentation.pieces.all(), pk=piece_id)


def result_presentation(user, presentation_id) -> tuple[Presentation, bool]:
    """The presentation whose results this user may read, and whether they may finalise them
    (the student's current advisor only)."""
    presentation = get_object_or_404(
        Presentation.objects.select_related("exhibition__school", "student__school"),
        pk=presentation_id,
    )
    advisor = user.is_authenticated and is_current_advisor(user, presentation.student)
    if advisor or oversees(user, presentation.exhibition.school_id):
        return presentation, bool(advisor)
    raise Http404


def own_presentation(user, presentation_id) -> Presentation:
    """The signed-in student's own presentation (to choose a slot or pieces)."""
    student = getattr(user, "student", None) if user.is_authenticated else None
    if student is None or not student.is_active:
        raise Http404
    return get_object_or_404(
        Presentation.objects.select_related("exhibition__school", "student"),
        pk=presentation_id,
        student=student,
    )
