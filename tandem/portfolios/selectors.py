"""Reads for portfolio pages, the exports and the coordinator's list, each in a fixed number of
queries whatever the portfolio's or the school's size."""

from __future__ import annotations

from django.db.models import Count, Prefetch

from tandem.core.collation import by_name
from tandem.people.models import Student
from tandem.plans.models import Competency

from .models import Piece, PieceComment, ShowcaseLink

COMPETENCIES = Prefetch(
    "competencies",
    queryset=Competency.objects.select_related("framework_item__parent").order_by("code"),
)


def portfolio_pieces(student) -> list[Piece]:
    """Every piece of the student's portfolio, newest first, with its competencies and how many
    comments it has."""
    return list(
        Piece.objects.filter(portfolio__student=student)
        .annotate(comment_count=Count("comments"))
        .prefetch_related(COMPETENCIES)
        .order_by("-date", "-pk")
    )


def export_pieces(student) -> list[Piece]:
    """The pieces with their comments, for the PDF and the zip."""
    return list(
        Piece.objects.filter(portfolio__student=student)
        .prefetch_related(
            COMPETENCIES,
            Prefetch("comments", queryset=PieceComment.objects.select_related("author")),
        )
        .order_by("date", "pk")
    )


def piece_detail(piece: Piece) -> Piece:
    return (
        Piece.objects.select_related("portfolio__student__school", "created_by")
        .prefetch_related(
            COMPETENCIES,
            Prefetch("comments", queryset=PieceComment.objects.select_related("author")),
        )
        .get(pk=piece.pk)
    )


def graduation_pieces(students) -> dict[int, list[Piece]]:
    """Each student's graduation-portfolio pieces (with competencies and their areas)."""
    out: dict[int, list[Piece]] = {}
    pieces = (
        Piece.objects.filter(portfolio__student__in=students, in_graduation_portfolio=True)
        .select_related("portfolio")
        .prefetch_related(COMPETENCIES)
        .order_by("date", "pk")
    )
    for piece in pieces:
        out.setdefault(piece.portfolio.student_id, []).append(piece)
    return out


def pieces_to_choose(student, preparation) -> list[Piece]:
    """Portfolio pieces not yet chosen for this term's conference."""
    pieces = Piece.objects.filter(portfolio__student=student).order_by("-date", "-pk")
    if preparation is not None:
        pieces = pieces.exclude(conference_choices__preparation=preparation)
    return list(pieces)


def showcases(student) -> list[ShowcaseLink]:
    return list(
        ShowcaseLink.objects.filter(portfolio__student=student)
        .prefetch_related(Prefetch("pieces", queryset=Piece.objects.order_by("date", "pk")))
        .order_by("-created_at", "-pk")
    )


def showcase_pieces(showcase: ShowcaseLink) -> list[Piece]:
    return list(showcase.pieces.order_by("date", "pk"))


def graduating_students(school) -> list[Student]:
    """The students whose graduation portfolio the coordinator follows: this year's seniors."""
    return list(
        Student.objects.filter(school=school, is_active=True, grade=12).order_by(
            *by_name("last_name", "first_name"), "pk"
        )
    )


def school_competencies(school):
    return Competency.objects.filter(school=school, is_active=True).order_by("code")
