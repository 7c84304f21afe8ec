"""Every CSV Tandem writes opens as text in a spreadsheet: a cell that would start a formula
(`=`, `+`, `-`, `@`, tab, carriage return) gets a leading `'` (OWASP), in the IEP-access
export, the school's access-log export and the admin's; ordinary names and numbers are
unchanged."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tandem.accounts.models import User
from tandem.core.csv_export import safe_cell
from tandem.core.policy import log_access

pytestmark = pytest.mark.django_db

SAM = '=HYPERLINK("http://x")'


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def hostile(cast):
    """Names as a student information system might send them."""
    cast.student.first_name, cast.student.preferred_name = SAM, ""
    cast.student.save(update_fields=["first_name", "preferred_name"])
    for user, name in [(cast.coordinator, "+1"), (cast.case_manager, "@SUM(A1)")]:
        user.full_name = name
        user.save(update_fields=["full_name"])
    cast.advisor.full_name = "-2+3"
    cast.advisor.save(update_fields=["full_name"])
    request = RequestFactory().get("/")
    request.user = cast.case_manager
    return log_access(request, student=cast.student, record=cast.student, purpose="IEP review")


def test_the_iep_access_export_writes_names_as_text(client, cast, hostile):
    client.force_login(cast.coordinator)
    rows = rows_of(client.get(reverse("evidence:iep_access")))
    assert rows[0] == ["student", "local_id", "person", "email", "why"]
    people = {row[3]: row for row in rows[1:]}
    assert people["casey@harbor.test"][0] == "'" + SAM + " Rivera"
    assert people["casey@harbor.test"][2] == "'@SUM(A1)"
    assert people[cast.advisor.email][2] == "'-2+3"
    assert people[cast.coordinator.email][2] == "'+1"
    # Ordinary values are as they were.
    assert people["carla@family.test"][2] == cast.caregiver.full_name
    assert people["casey@harbor.test"][1] == cast.student.local_id


def test_the_schools_access_log_export_writes_names_as_text(client, cast, hostile):
    client.force_login(cast.coordinator)
    rows = rows_of(client.get(reverse("evidence:access_log")))
    (entry,) = rows[1:]
    assert entry[1] == "casey@harbor.test" and entry[2] == "'" + SAM + " Rivera"
    assert entry[4] == str(hostile.record_id) and entry[5] == "IEP review"


def test_the_admins_access_log_export_writes_names_as_text(client, cast, hostile):
    it = User.objects.create_superuser(email="it@harbor.test", password="x", full_name="IT")
    client.force_login(it)
    response = client.post(
        "/admin/core/accesslog/", {"action": "export_csv", "_selected_action": [hostile.pk]}
    )
    (entry,) = rows_of(response)[1:]
    assert entry[2] == "'" + SAM + " Rivera" and entry[5] == "IEP review"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Sam Rivera", "Sam Rivera"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-2, -2),
        (3, 3),
        (Decimal("-0.5"), Decimal("-0.5")),
    ],
)
def test_a_cell_that_would_be_a_formula_is_text(value, written):
    assert safe_cell(value) == written
