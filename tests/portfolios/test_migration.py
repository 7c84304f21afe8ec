"""The migration that turns each term's pieces of work into portfolio pieces (records 0002–0004):
run for real — the records tables taken back to their old shape, rows written as the old code
wrote them, then migrated forward — and each piece is in the student's portfolio with its file
still readable where it was stored."""

from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tandem.portfolios.models import Piece, PieceKind
from tandem.records.models import WorkPiece
from tests.personas import build_cast

OLD = [("records", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_term_pieces_become_portfolio_pieces_with_their_files():
    cast = build_cast()
    fall = cast.year.terms.get(name="Fall")
    stored = default_storage.save("records/work/2026/10/3f2a.pdf", ContentFile(b"%PDF-1.4 lab"))
    try:
        executor = migrate(OLD)
        old = executor.loader.project_state(OLD).apps
        Preparation = old.get_model("records", "Preparation")
        OldWorkPiece = old.get_model("records", "WorkPiece")
        prep = Preparation.objects.create(student_id=cast.student.pk, term_id=fall.pk)
        added = datetime(2026, 10, 20, 2, 30, tzinfo=UTC)  # Oct 19 in New York
        OldWorkPiece.objects.create(
            preparation=prep,
            title="Titration lab",
            why="My best lab",
            file=stored,
            file_name="My lab.pdf",
            order=0,
            added_by_id=cast.student.user.pk,
            added_at=added,
        )
        OldWorkPiece.objects.create(
            preparation=prep,
            title="Exhibition video",
            link="https://youtu.be/abc",
            order=1,
            added_by_id=cast.student.user.pk,
            added_at=added,
        )
    finally:
        migrate(None)

    lab, video = Piece.objects.order_by("pk")
    assert lab.portfolio.student == cast.student == video.portfolio.student
    assert (lab.title, lab.reflection, lab.kind) == ("Titration lab", "My best lab", PieceKind.FILE)
    assert lab.file.name == stored and lab.file_name == "My lab.pdf"
    with lab.file.open("rb") as f:
        assert f.read() == b"%PDF-1.4 lab"
    assert str(lab.date) == "2026-10-19"  # the school's day it was added
    assert lab.created_by == cast.student.user
    assert (video.kind, video.url, video.file.name) == (
        PieceKind.VIDEO,
        "https://youtu.be/abc",
        "",
    )
    chosen = list(WorkPiece.objects.order_by("order").select_related("piece"))
    assert [c.piece for c in chosen] == [lab, video]
    assert chosen[0].preparation.student == cast.student
