"""Portfolios in Chromium on a 375 px phone: Sam adds a piece with a file, writes what it shows,
ties competencies and makes a showcase link; his advisor comments; his mother reads the piece,
the comment and the graduation portfolio; someone outside the school opens the showcase link.
Every page fits the phone and passes axe."""

import re

import pytest
from playwright.sync_api import expect

from tandem.plans.models import Competency
from tandem.portfolios import services
from tandem.portfolios.models import Piece, PieceComment

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def fits(page, where: str):
    assert page_width(page) <= 375, f"{where} scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def test_a_portfolio_on_a_phone(visitor, cast, tmp_path):
    for code, statement in [("ELA-2", "Writes arguments"), ("SCI-1", "Investigates")]:
        Competency.objects.create(school=cast.school, code=code, statement=statement)
    services.piece_add(
        student=cast.student, title="Argument essay", url="https://docs.example/essay", by=None
    )
    sam = visitor.page(user=cast.student.user, phone=True)
    visit(sam, f"/students/{cast.student.pk}/portfolio/")
    fits(sam, "Sam's portfolio")
    sam.get_by_role("button", name="Add a piece of work").click()
    fits(sam, "the new piece form")
    sam.get_by_label("Title").fill("Titration lab")
    sam.get_by_label("What this shows, why I chose it").fill("My best data table.")
    lab = tmp_path / "lab.pdf"
    lab.write_bytes(b"%PDF-1.4 titration")
    sam.get_by_label("File").set_input_files(str(lab))
    sam.get_by_label(re.compile("SCI-1")).check()
    sam.get_by_role("button", name="Add it to my portfolio").click()
    expect(sam.get_by_role("heading", level=1, name="Titration lab")).to_be_visible()
    fits(sam, "Sam's piece")
    sam.get_by_role("button", name="Put it in my graduation portfolio").click()
    expect(sam.get_by_text("The piece is in your graduation portfolio.")).to_be_visible()
    piece = Piece.objects.get(title="Titration lab")
    assert piece.in_graduation_portfolio and piece.file_name == "lab.pdf"

    visit(sam, f"/students/{cast.student.pk}/portfolio/showcases/")
    fits(sam, "the showcase links page")
    sam.get_by_label("Titration lab").check()
    sam.get_by_role("button", name="Make the link").click()
    link = sam.get_by_label("Showcase link").input_value()
    fits(sam, "the showcase links page with a new link")

    advisor = visitor.page(user=cast.advisor, phone=True)
    visit(advisor, f"/portfolio/pieces/{piece.pk}/")
    advisor.get_by_label("Your comment").fill("Lead with this one at the conference.")
    advisor.get_by_role("button", name="Add the comment").click()
    expect(advisor.get_by_text("Lead with this one at the conference.")).to_be_visible()
    assert PieceComment.objects.filter(piece=piece, author=cast.advisor).exists()
    fits(advisor, "the piece, for the advisor")

    carla = visitor.page(user=cast.caregiver.user, phone=True)
    visit(carla, f"/portfolio/pieces/{piece.pk}/")
    expect(carla.get_by_text("Lead with this one at the conference.")).to_be_visible()
    expect(carla.get_by_role("button", name="Add the comment")).to_have_count(0)
    fits(carla, "the piece, for the family")
    visit(carla, f"/students/{cast.student.pk}/portfolio/graduation/")
    expect(carla.get_by_text("a piece for ELA")).to_be_visible()
    fits(carla, "the graduation portfolio, for the family")

    stranger = visitor.page(phone=True)
    visit(stranger, link)
    expect(stranger.get_by_role("heading", name="Titration lab")).to_be_visible()
    expect(stranger.get_by_text("Argument essay")).to_have_count(0)
    fits(stranger, "the showcase")

    coordinator = visitor.page(user=cast.coordinator, phone=True)
    visit(coordinator, "/coordinator/portfolios/")
    fits(coordinator, "the coordinator's graduation portfolios")
    visit(coordinator, "/coordinator/portfolios/rubric/")
    fits(coordinator, "the inclusion rubric")
