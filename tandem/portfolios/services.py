"""Writes for portfolios: keyword-only, atomic, each enforcing its rule (who may write is the
view's job through access.py). An upload follows conference preparation's rule
(`records.models.validate_work_upload`)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.records.models import validate_work_upload
from tandem.schools import calendar

from .models import (
    InclusionRule,
    Piece,
    PieceComment,
    PieceKind,
    Portfolio,
    ShowcaseLink,
)

IMAGE_SUFFIXES = {"jpg", "jpeg", "png", "gif", "webp", "heic"}
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "loom.com")
MAX_SHOWCASE_DAYS = 90


def kind_for(*, file_name: str = "", url: str = "") -> str:
    """What a piece is: an image or a file when uploaded; a video link or a link otherwise."""
    if file_name:
        suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
        return PieceKind.IMAGE if suffix in IMAGE_SUFFIXES else PieceKind.FILE
    host = url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    is_video = any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS)
    return PieceKind.VIDEO if is_video else PieceKind.LINK


def portfolio_of(student) -> Portfolio:
    return Portfolio.objects.get_or_create(student=student)[0]


def _school_competencies(student, competencies):
    competencies = list(competencies or [])
    for c in competencies:
        if c.school_id != student.school_id or not c.is_active:
            raise ValidationError({"competencies": _("Choose the school's own competencies.")})
    return competencies


@transaction.atomic
def piece_add(
    *,
    student,
    title: str,
    reflection: str = "",
    url: str = "",
    upload=None,
    date=None,
    competencies=(),
    by,
) -> Piece:
    title, url = title.strip(), url.strip()
    if not title:
        raise ValidationError({"title": _("Give the piece of work a title.")})
    if bool(url) == bool(upload):
        raise ValidationError(_("Add either a link or a file, not both and not neither."))
    if upload is not None:
        try:
            validate_work_upload(upload)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
    competencies = _school_competencies(student, competencies)
    today = calendar.today(student.school)
    if date is not None and date > today:
        raise ValidationError({"date": _("The date cannot be in the future.")})
    file_name = upload.name.rsplit("/", 1)[-1][-255:] if upload is not None else ""
    piece = Piece(
        portfolio=portfolio_of(student),
        title=title,
        kind=kind_for(file_name=file_name, url=url),
        url=url,
        file_name=file_name,
        reflection=reflection.strip(),
        date=date or today,
        created_by=by,
    )
    if upload is not None:
        piece.file.save(upload.name, upload, save=False)
    piece.save()
    if competencies:
        piece.competencies.set(competencies)
    return piece


@transaction.atomic
def piece_update(*, piece: Piece, title: str, reflection: str, date, competencies, by) -> Piece:
    student = piece.portfolio.student
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the piece of work a title.")})
    if date > calendar.today(student.school):
        raise ValidationError({"date": _("The date cannot be in the future.")})
    competencies = _school_competencies(student, competencies)
    Piece.objects.filter(pk=piece.pk).update(
        title=title, reflection=reflection.strip(), date=date, updated_at=timezone.now()
    )
    piece.refresh_from_db()
    piece.competencies.set(competencies)
    return piece


@transaction.atomic
def piece_set_graduation(*, piece: Piece, included: bool, by) -> None:
    Piece.objects.filter(pk=piece.pk).update(
        in_graduation_portfolio=included, updated_at=timezone.now()
    )


@transaction.atomic
def piece_delete(*, piece: Piece, by) -> None:
    """The piece leaves the portfolio (and any conference it was chosen for); its file is
    deleted once that is committed."""
    stored = piece.file.name if piece.file else ""
    storage = piece.file.storage if piece.file else None
    piece.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def comment_add(*, piece: Piece, body: str, by) -> PieceComment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the comment first.")})
    return PieceComment.objects.create(piece=piece, author=by, body=body)


# -- showcase links -----------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def showcase_create(*, student, pieces, days: int, label: str = "", by) -> tuple[ShowcaseLink, str]:
    """A link to the chosen pieces that works for `days` days; returns the link and its token
    (shown once: only its hash is kept)."""
    pieces = list(pieces)
    if not pieces:
        raise ValidationError({"pieces": _("Choose at least one piece to show.")})
    portfolio = portfolio_of(student)
    if any(p.portfolio_id != portfolio.pk for p in pieces):
        raise ValidationError({"pieces": _("Choose pieces of your own portfolio.")})
    if not 1 <= days <= MAX_SHOWCASE_DAYS:
        raise ValidationError(
            {"days": _("A link works from 1 to %(n)s days.") % {"n": MAX_SHOWCASE_DAYS}}
        )
    token = secrets.token_urlsafe(32)
    link = ShowcaseLink.objects.create(
        portfolio=portfolio,
        token_hash=hash_token(token),
        label=label.strip()[:120],
        created_by=by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    link.pieces.set(pieces)
    return link, token


@transaction.atomic
def showcase_revoke(*, showcase: ShowcaseLink, by) -> None:
    ShowcaseLink.objects.filter(pk=showcase.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# -- the school's inclusion rubric ---------------------------------------------------------------


@transaction.atomic
def rubric_save(*, school, rules: list[tuple[str, int]], by) -> None:
    """The school's rules, in this order; an empty list brings back the defaults."""
    kinds = [kind for kind, _number in rules]
    if len(set(kinds)) != len(kinds):
        raise ValidationError(_("Each rule may be listed once."))
    InclusionRule.objects.filter(school=school).delete()
    InclusionRule.objects.bulk_create(
        InclusionRule(school=school, kind=kind, number=number, order=i)
        for i, (kind, number) in enumerate(rules)
    )
