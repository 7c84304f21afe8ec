"""A household's address, for home visits: staff with access to a student of the household
and the household's own caregivers see and edit it; nobody else does; a roster import keeps
it."""

import pytest
from django.urls import reverse

from tandem.people.models import Household
from tandem.rosters.oneroster import read_package
from tandem.rosters.services import roster_import
from tests.rosters.packages import harbor


def homes(cast):
    carla_home = cast.caregiver.guardianships.get().household
    ned_home = cast.caregiver_no_rights.guardianships.get().household
    return carla_home, ned_home


def test_staff_and_the_households_caregiver_edit_the_address(client, cast):
    carla_home, _ned_home = homes(cast)
    url = reverse("people:household_address", args=[carla_home.pk])
    client.force_login(cast.caregiver.user)
    form = client.get(url).content.decode()
    assert 'for="id_street"' in form and 'for="id_postal_code"' in form
    back = reverse("people:student_detail", args=[cast.student.pk])
    response = client.post(
        url,
        {
            "street": "14 Elm St",
            "unit": "Apt 2",
            "city": "Boston",
            "state": "ma",
            "postal_code": "02118",
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    carla_home.refresh_from_db()
    assert carla_home.address == "14 Elm St, Apt 2, Boston, MA 02118"
    client.force_login(cast.advisor)
    assert "14 Elm St, Apt 2, Boston, MA 02118" in client.get(back).content.decode()


def test_the_address_is_validated(client, cast):
    carla_home, _ned_home = homes(cast)
    client.force_login(cast.coordinator)
    url = reverse("people:household_address", args=[carla_home.pk])
    response = client.post(url, {"street": "", "city": "Boston", "postal_code": "2118"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a ZIP code like 02118 or 02118-1234." in html
    assert "Give at least the street and the city" in html
    response = client.post(url, {"street": "1 A St", "city": "Boston", "state": "M1"})
    assert "two-letter state code" in response.content.decode()


def test_who_sees_the_address_on_the_students_page(client, cast):
    carla_home, ned_home = homes(cast)
    Household.objects.filter(pk=carla_home.pk).update(street="14 Elm St", city="Boston")
    Household.objects.filter(pk=ned_home.pk).update(street="9 Oak Ave", city="Quincy")
    page = reverse("people:student_detail", args=[cast.student.pk])
    for staff in (cast.advisor, cast.coordinator, cast.case_manager):
        client.force_login(staff)
        html = client.get(page).content.decode()
        assert "14 Elm St" in html and "9 Oak Ave" in html
    client.force_login(cast.caregiver.user)  # Carla: her own home only
    html = client.get(page).content.decode()
    assert "14 Elm St" in html and "9 Oak Ave" not in html
    client.force_login(cast.student_user)  # Sam sees his record, not addresses
    html = client.get(page).content.decode()
    assert "14 Elm St" not in html and "9 Oak Ave" not in html
    # Ned (no rights) may still edit his own home's address; Carla may not edit his.
    client.force_login(cast.caregiver_no_rights.user)
    assert client.get(reverse("people:household_address", args=[ned_home.pk])).status_code == 200
    client.force_login(cast.caregiver.user)
    assert client.get(reverse("people:household_address", args=[ned_home.pk])).status_code == 404
    client.force_login(cast.other_advisor)
    assert client.get(reverse("people:household_address", args=[carla_home.pk])).status_code == 404


@pytest.mark.django_db
def test_a_roster_import_keeps_the_address(tmp_path):
    def run():
        folder = harbor().write(tmp_path / f"p{len(list(tmp_path.iterdir()))}")
        return roster_import(package=read_package(folder))

    run()
    home = Household.objects.order_by("pk").first()
    Household.objects.filter(pk=home.pk).update(
        street="3 Harbor Way", city="Boston", state="MA", postal_code="02110"
    )
    run()
    home.refresh_from_db()
    assert home.address == "3 Harbor Way, Boston, MA 02110"
