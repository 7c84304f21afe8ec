"""Sam's portfolio: what the portfolio tests start from (the cast is tests/personas.py)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.plans.models import Competency
from tandem.portfolios import services


@pytest.fixture
def competencies(cast):
    return [
        Competency.objects.create(school=cast.school, code=code, statement=statement)
        for code, statement in [
            ("ELA-1", "Reads closely"),
            ("ELA-2", "Writes arguments"),
            ("MATH-1", "Models situations"),
            ("SCI-1", "Investigates"),
        ]
    ]


def pdf(name="lab.pdf", body=b"%PDF-1.4 titration"):
    return SimpleUploadedFile(name, body, "application/pdf")


def add_piece(cast, title="Lab report", **fields):
    fields.setdefault("url", "" if "upload" in fields else "https://docs.example/work")
    return services.piece_add(student=cast.student, title=title, by=cast.student.user, **fields)


@pytest.fixture
def lab(cast, competencies):
    return add_piece(
        cast,
        "Titration lab",
        upload=pdf(),
        reflection="It shows I can design an investigation.",
        competencies=[competencies[3]],
    )


@pytest.fixture
def essay(cast, competencies):
    return add_piece(
        cast, "Argument essay", url="https://docs.example/essay", competencies=[competencies[1]]
    )


def client_as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client
