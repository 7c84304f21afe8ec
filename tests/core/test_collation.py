"""Names in the reader's alphabetical order, the same on SQLite and PostgreSQL (this module runs
in both passes): Álvarez before Young, Gómez before Gupta."""

import pytest
from django.db.models import Value
from django.urls import reverse
from django.utils import translation

from tandem.advisories import selectors as advisory_selectors
from tandem.advisories.models import Advisory
from tandem.core.collation import by_name, sort_key, sorted_by_name
from tandem.people.models import Student
from tests.personas import make_student

NAMES = ["Young", "Gupta", "Álvarez", "Gómez", "Zhou", "alvarez", "Ávila", "Đặng", "Dinh"]
ROOT_ORDER = ["alvarez", "Álvarez", "Ávila", "Đặng", "Dinh", "Gómez", "Gupta", "Young", "Zhou"]


def test_the_python_key_puts_accented_names_where_a_reader_looks():
    assert sorted_by_name(NAMES, language="en") == ROOT_ORDER
    assert sort_key("Álvarez") < sort_key("Young")
    assert sort_key("Gómez") < sort_key("Gupta")


def test_spanish_puts_n_tilde_after_n():
    assert sorted_by_name(["Peña", "Penz"], language="en") == ["Peña", "Penz"]
    assert sorted_by_name(["Peña", "Penz"], language="es") == ["Penz", "Peña"]
    assert sorted_by_name(["Muñoz", "Munoz", "Muzquiz"], language="es") == [
        "Munoz",
        "Muñoz",
        "Muzquiz",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_database_sorts_as_the_python_key(cast, language):
    for number, name in enumerate(NAMES):
        make_student(cast.school, "Kid", name, local_id=f"C-{number}")
    with translation.override(language):
        in_sql = list(
            Student.objects.filter(local_id__startswith="C-")
            .order_by(*by_name("last_name"), "pk")
            .values_list("last_name", flat=True)
        )
        assert in_sql == sorted_by_name(NAMES)
    assert in_sql.index("Álvarez") < in_sql.index("Young")
    assert in_sql.index("Gómez") < in_sql.index("Gupta")


@pytest.mark.django_db
def test_a_collated_annotation_works_on_both_databases(cast):
    """The collation names exist on the connection the query runs on (ICU on PostgreSQL, the
    registered ones on SQLite)."""
    for language in ("en", "es", "fr"):  # French is not served: the root order
        with translation.override(language):
            rows = (
                Student.objects.annotate(word=Value("Gómez"))
                .order_by(*by_name("word", "last_name"), "pk")
                .values_list("last_name", flat=True)
            )
            assert len(list(rows)) == 2


@pytest.mark.django_db
def test_the_advisors_list_and_page_sort_by_the_readers_collation(client, cast):
    for number, name in enumerate(["Young", "Gupta", "Álvarez", "Gómez"]):
        student = make_student(cast.school, "Kid", name, local_id=f"A-{number}")
        Advisory.objects.create(student=student, advisor=cast.advisor, year=cast.year)
    names = [s.last_name for s in advisory_selectors.advisees(cast.advisor)]
    assert names == ["Álvarez", "Gómez", "Gupta", "Rivera", "Young"]
    client.force_login(cast.advisor)
    html = client.get(reverse("advisories:advisor_home")).content.decode()
    positions = [html.index(f"Kid {name}") for name in ("Álvarez", "Gómez", "Gupta", "Young")]
    assert positions == sorted(positions)
