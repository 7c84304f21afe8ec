# Every term's piece of work becomes a piece of the student's portfolio (issue 17), with its
# title, "why I chose it" as the reflection, its link or its file — the file stays where it is
# stored (the piece names the same file) — dated on the school's clock when it was added.

import zoneinfo

from django.db import migrations
from django.utils import timezone

# Frozen here (a migration must not follow later code): tandem.portfolios.services.kind_for.
IMAGE_SUFFIXES = {"jpg", "jpeg", "png", "gif", "webp", "heic"}
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "loom.com")


def kind_for(file_name: str, url: str) -> str:
    if file_name:
        suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
        return "image" if suffix in IMAGE_SUFFIXES else "file"
    host = url.split("//", 1)[-1].split("/", 1)[0].lower()
    return "video" if any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS) else "link"


def term_pieces_into_portfolios(apps, schema_editor):
    WorkPiece = apps.get_model("records", "WorkPiece")
    Portfolio = apps.get_model("portfolios", "Portfolio")
    Piece = apps.get_model("portfolios", "Piece")
    portfolios = {}
    pieces = WorkPiece.objects.filter(piece__isnull=True).select_related(
        "preparation__student__school"
    )
    for work in pieces.order_by("pk").iterator():
        student = work.preparation.student
        if student.pk not in portfolios:
            portfolios[student.pk] = Portfolio.objects.get_or_create(student_id=student.pk)[0]
        zone = zoneinfo.ZoneInfo(student.school.time_zone)
        stored = work.file.name if work.file else ""
        piece = Piece.objects.create(
            portfolio=portfolios[student.pk],
            title=work.title,
            kind=kind_for(stored and (work.file_name or stored), "" if stored else work.link),
            file=stored,
            file_name=work.file_name if stored else "",
            url="" if stored else work.link,
            reflection=work.why,
            date=timezone.localdate(work.added_at, timezone=zone),
            created_by_id=work.added_by_id,
            created_at=work.added_at,
            updated_at=work.added_at,
        )
        work.piece = piece
        work.save(update_fields=["piece"])


def portfolio_pieces_into_terms(apps, schema_editor):
    """Undo: each choice gets its piece's title, reflection, link or file back."""
    WorkPiece = apps.get_model("records", "WorkPiece")
    for work in WorkPiece.objects.select_related("piece").order_by("pk").iterator():
        piece = work.piece
        work.title = piece.title[:200]
        work.why = piece.reflection
        work.link = piece.url
        work.file = piece.file.name if piece.file else ""
        work.file_name = piece.file_name
        work.save(update_fields=["title", "why", "link", "file", "file_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('portfolios', '0001_initial'),
        ('records', '0002_workpiece_piece'),
    ]

    operations = [
        migrations.RunPython(term_pieces_into_portfolios, portfolio_pieces_into_terms),
    ]
