"""The portfolio to keep: a PDF and a zip (the files and an index.html), for those who may see
the portfolio."""

import io
import zipfile

import pytest
from django.urls import reverse

from tandem.portfolios import services
from tests.portfolios.conftest import client_as

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["student", "advisor", "caregiver", "coordinator"])
def test_the_pdf(client, cast, lab, essay, who):
    services.comment_add(piece=essay, body="Lead with this.", by=cast.advisor)
    user = getattr(cast, who)
    client_as(client, user.user if who in ("student", "caregiver") else user)
    response = client.get(reverse("portfolios:pdf", args=[cast.student.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="Portfolio-Sam-Rivera-' in response["Content-Disposition"]


def test_the_pdf_reads_as_text(cast, lab, essay):
    from pypdf import PdfReader

    from tandem.portfolios.exports import portfolio_pdf

    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(portfolio_pdf(cast.student, language="en"))).pages
    )
    assert "Titration lab" in text and "Argument essay" in text


def test_the_zip_holds_the_files_and_an_index(client, cast, lab, essay):
    client_as(client, cast.student.user)
    response = client.get(reverse("portfolios:zip", args=[cast.student.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert "index.html" in names
        member = next(n for n in names if n.startswith("files/"))
        assert archive.read(member) == b"%PDF-1.4 titration"
        index = archive.read("index.html").decode()
    assert f'href="{member}"' in index
    assert "Titration lab" in index and "https://docs.example/essay" in index


def test_a_missing_file_is_said_in_the_index(cast, lab):
    from tandem.portfolios.exports import portfolio_zip

    lab.file.storage.delete(lab.file.name)
    with zipfile.ZipFile(portfolio_zip(cast.student, language="en")) as archive:
        assert archive.namelist() == ["index.html"]
        assert "could not be found" in archive.read("index.html").decode()


def test_member_names_are_safe():
    from types import SimpleNamespace

    from tandem.portfolios.exports import member_name

    piece = SimpleNamespace(file_name="../../etc/pass wd.PDF", file=SimpleNamespace(name="x"))
    name = member_name(3, piece)
    assert name.startswith("files/03-") and ".." not in name and "/" not in name[6:]
