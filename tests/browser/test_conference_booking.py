"""A Spanish-speaking caregiver with two children books both conferences back to back, on a
375 px phone; axe finds nothing on either page.

The labels are looked up through the Spanish catalog (gettext under "es"), so the test passes
before the strings are translated (English fallback) and after."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tandem.advisories.models import Advisory
from tandem.conferences import services
from tandem.conferences.models import Conference, Status
from tandem.people.models import Guardianship
from tests.personas import make_student

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def es(text: str) -> str:
    with translation.override("es"):
        return gettext(text)


def test_spanish_caregiver_books_two_children_back_to_back_on_a_phone(visitor, cast):
    # The cast's Fall term ends nine days from today; the clock stops at 09:00 New York time
    # a week before the window opens, so every time in it is bookable.
    fall = cast.year.terms.get(name="Fall")
    morning = datetime.combine(fall.ends_on - timedelta(days=6), time(14), tzinfo=UTC)
    with time_machine.travel(morning, tick=True):
        carla = cast.caregiver
        carla.preferred_language = "es"
        carla.save()
        carla.user.preferred_language = "es"
        carla.user.save()
        mia = make_student(cast.school, "Mia", "Rivera", grade=9, local_id="S-101")
        Guardianship.objects.create(
            student=mia,
            caregiver=carla,
            household=carla.guardianships.first().household,
            relationship="mother",
        )
        Advisory.objects.create(student=mia, advisor=cast.other_advisor, year=cast.year)
        window = services.window_for_term(term=cast.year.terms.get(name="Fall"))

        page = visitor.page(user=carla.user, phone=True, locale="es-ES")
        visit(page, "/conferences/")
        assert page.locator("html").get_attribute("lang") == "es"
        violations = axe_violations(page)
        assert not violations, f"axe on the family's conferences page:\n{describe(violations)}"
        page.get_by_role("button", name=es("Book all conferences together")).click()

        expect(page.get_by_role("heading", level=1)).to_have_text(es("Choose a time"))
        assert page_width(page) <= 375, "the booking page scrolls sideways on a phone"
        violations = axe_violations(page)
        assert not violations, f"axe on the booking page:\n{describe(violations)}"
        first = page.locator("input[name=starts_at]").first
        first.check()
        page.get_by_role("button", name=es("Book this time")).click()

        expect(
            page.get_by_text(es("Booked. A calendar invitation is on its way by e-mail."))
        ).to_be_visible()
        assert page_width(page) <= 375
        booked = sorted(
            Conference.objects.filter(status=Status.BOOKED, window=window),
            key=lambda c: c.starts_at,
        )
        assert {c.student for c in booked} == {mia, cast.student}
        assert booked[0].ends_at == booked[1].starts_at
        zone = window.school.zone
        assert (
            booked[0].starts_at.astimezone(zone).date()
            == booked[1].starts_at.astimezone(zone).date()
        )
        violations = axe_violations(page)
        assert not violations, f"axe after booking:\n{describe(violations)}"
