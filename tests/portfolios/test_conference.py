"""Conference preparation picks pieces from the portfolio: a new piece of work added for the
conference goes into the portfolio; removing it from the conference keeps it there."""

import pytest
from django.urls import reverse

from tandem.portfolios.models import Piece
from tandem.records import services as records
from tandem.records.models import WorkPiece
from tests.portfolios.conftest import add_piece, client_as, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def fall(cast):
    return cast.year.terms.get(name="Fall")


def prep_url(cast, term):
    return reverse("records:term_preparation", args=[cast.student.pk, term.pk])


def test_the_student_chooses_a_portfolio_piece_for_the_conference(client, cast, fall):
    essay = add_piece(cast, "Argument essay", reflection="I revise.")
    add_piece(cast, "Math problem")
    client_as(client, cast.student.user)
    page = client.get(prep_url(cast, fall)).content.decode()
    assert "Argument essay" in page and 'value="choose_work"' in page
    response = client.post(prep_url(cast, fall), {"action": "choose_work", "piece": essay.pk})
    assert response.status_code == 302
    chosen = WorkPiece.objects.get()
    assert chosen.piece == essay and chosen.title == "Argument essay" and chosen.why == "I revise."
    # Chosen once: the second choice is refused with a message, nothing is added.
    client.post(prep_url(cast, fall), {"action": "choose_work", "piece": essay.pk})
    assert WorkPiece.objects.count() == 1
    # Removing it from the conference keeps it in the portfolio.
    client.post(prep_url(cast, fall), {"action": "remove_work", "piece": chosen.pk})
    assert not WorkPiece.objects.exists() and Piece.objects.filter(pk=essay.pk).exists()


def test_another_students_piece_cannot_be_chosen(client, cast, fall):
    from tandem.portfolios import services

    olives = services.piece_add(
        student=cast.other_student, title="Olive's", url="https://x.example", by=None
    )
    client_as(client, cast.student.user)
    response = client.post(prep_url(cast, fall), {"action": "choose_work", "piece": olives.pk})
    assert response.status_code == 404
    assert not WorkPiece.objects.exists()
    with pytest.raises(records.ValidationError):
        records.work_choose(student=cast.student, term=fall, piece=olives, by=None)


def test_a_new_piece_for_the_conference_lands_in_the_portfolio(client, cast, fall):
    client_as(client, cast.student.user)
    response = client.post(
        prep_url(cast, fall),
        {"action": "add_work", "title": "Lab", "why": "My best lab", "file": pdf("My lab.pdf")},
    )
    assert response.status_code == 302
    piece = Piece.objects.get()
    assert piece.portfolio.student == cast.student and piece.reflection == "My best lab"
    assert WorkPiece.objects.get().piece == piece
    url = reverse("records:work_file", args=[WorkPiece.objects.get().pk])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 titration"
