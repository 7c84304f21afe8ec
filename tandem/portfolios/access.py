"""Fetch-and-authorise for portfolios. Missing and forbidden are the same 404.

Who sees a portfolio is who sees the student's conference preparation (`records.access.
viewer_of`, on the one policy `full_access_q`): the student, who writes it; the school's people
with a legitimate interest (advisor, case manager, coordinators), who read and comment; caregivers
with educational rights, who read it and its comments. Showcase links are the student's alone.
A showcase is opened by its token, by anyone who holds it, while it is live.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tandem.advisories.access import oversight_school
from tandem.people.models import Student
from tandem.records.access import Viewer, viewer_of

from .models import Piece, ShowcaseLink
from .services import hash_token


def student_for(user, student_id) -> tuple[Student, Viewer]:
    student = get_object_or_404(Student.objects.select_related("school"), pk=student_id)
    viewer = viewer_of(user, student)
    if viewer is None:
        raise Http404
    return student, viewer


def own_student_for(user, student_id) -> Student:
    """The student themselves (showcase links are theirs to make and revoke)."""
    student, viewer = student_for(user, student_id)
    if not viewer.is_student:
        raise Http404
    return student


def piece_for(user, piece_id) -> tuple[Piece, Viewer]:
    piece = get_object_or_404(
        Piece.objects.select_related("portfolio__student__school"), pk=piece_id
    )
    viewer = viewer_of(user, piece.portfolio.student)
    if viewer is None:
        raise Http404
    return piece, viewer


def own_piece(student, piece_id) -> Piece:
    """A piece of this student's own portfolio (the conference preparation's choice)."""
    return get_object_or_404(
        Piece.objects.select_related("portfolio"), pk=piece_id, portfolio__student=student
    )


def showcase_owned(user, student, showcase_id) -> ShowcaseLink:
    return get_object_or_404(ShowcaseLink, pk=showcase_id, portfolio__student=student)


def live_showcase(token: str) -> ShowcaseLink:
    """The showcase this token opens, while it is neither revoked nor expired; else 404."""
    return get_object_or_404(
        ShowcaseLink.objects.select_related("portfolio__student__school"),
        token_hash=hash_token(token),
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def showcase_piece(showcase: ShowcaseLink, piece_id) -> Piece:
    """Only a piece the student chose for this showcase."""
    return get_object_or_404(showcase.pieces.all(), pk=piece_id)


def coordinator_school(user, school_id=None):
    return oversight_school(user, school_id)
