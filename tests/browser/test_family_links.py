"""Issue 15, families first, in Chromium on a 375 px phone, in Spanish: the share e-mail's link
opened three days later signs Carla in on Sam's plan — in Spanish, the school's section headings
and competency statements too; she approves; her home says what the plan still waits on; she
books Sam's and Mia's conferences by day; the confirmation is in the school's time (the phone
is set to Tokyo's). The same link, eight days later: one button, a new link, the same plan.

The labels are looked up through the Spanish catalog (gettext under "es"), so the test passes
before the strings are translated (English fallback) and after.
"""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tandem.advisories.models import Advisory
from tandem.conferences import services as conference_services
from tandem.conferences.models import Conference, Status
from tandem.core.dates import format_time, format_weekday_month_day
from tandem.people.models import Guardianship
from tandem.plans import services as plan_services
from tandem.plans.models import Competency, PlanKind, TemplateSection
from tests.personas import make_student
from tests.plans.conftest import make_ready

from .conftest import PHONE
from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser

HEADING_ES = "Mis esperanzas y metas"  # the school's Spanish for "My hopes and goals"
STATEMENT_ES = "Lee con atención para encontrar evidencia"


def es(text: str) -> str:
    with translation.override("es"):
        return gettext(text)


def spanish_family(cast):
    """Carla reads Spanish; Ned (Sam's father, the other household) has his rights back; Mia,
    Sam's sister, is advised by Bob. The school has translated its plan template."""
    for person in (cast.caregiver, cast.caregiver.user):
        person.preferred_language = "es"
        person.save()
    cast.caregiver_no_rights.guardianships.update(has_educational_rights=True)
    mia = make_student(cast.school, "Mia", "Rivera", grade=9, local_id="S-101")
    Guardianship.objects.create(
        student=mia,
        caregiver=cast.caregiver,
        household=cast.caregiver.guardianships.get(student=cast.student).household,
        relationship="mother",
    )
    Advisory.objects.create(student=mia, advisor=cast.other_advisor, year=cast.year)
    template = plan_services.template_for(cast.school)
    TemplateSection.objects.filter(template=template, key="hopes_goals").update(title_es=HEADING_ES)
    Competency.objects.create(
        school=cast.school,
        code="ELA-1",
        statement_en="Reads closely to find evidence",
        statement_es=STATEMENT_ES,
    )
    Competency.objects.create(
        school=cast.school, code="MATH-2", statement_en="Models a situation with equations"
    )
    return mia


def phone(visitor):
    """A phone in Spanish whose clock is set to Tokyo's: the page must show the school's."""
    context = visitor.browser.new_context(
        base_url=visitor.base_url, locale="es-ES", timezone_id="Asia/Tokyo", **PHONE
    )
    visitor.contexts.append(context)
    page = context.new_page()
    page.on("response", visitor._watch)
    return page


def link_for(smtp, address: str, count: int) -> str:
    messages = [m for m in smtp.wait_for(count) if address in m["To"]]
    return re.search(r"https?://\S+/signin/link/open/\?t=[\w-]+", smtp.text_of(messages[-1]))[0]


def sign_in_by(page, link):
    visit(page, link)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name=es("Sign in to Tandem"))).to_be_visible()
    page.get_by_role("button", name=es("Sign in"), exact=True).click()


def no_violations(page, where):
    violations = axe_violations(page)
    assert not violations, f"axe on {where}:\n{describe(violations)}"


def test_a_spanish_family_from_the_share_email_to_two_conferences(visitor, smtp, cast):
    fall = cast.year.terms.get(name="Fall")
    shared_at = datetime.combine(fall.ends_on - timedelta(days=12), time(14), tzinfo=UTC)
    with time_machine.travel(shared_at, tick=True):
        mia = spanish_family(cast)
        window = conference_services.window_for_term(term=fall)
        plan = plan_services.plan_create(
            student=cast.student, term=fall, kind=PlanKind.TERM, by=cast.advisor
        )
        make_ready(plan, cast)
        plan_services.plan_share(plan=plan, by=cast.advisor)
        link = link_for(smtp, "carla@family.test", 2)  # Carla's and Ned's e-mails
        text = smtp.text_of(smtp.to("carla@family.test")[0])
        assert "7" in text and "/signin/link/open/" in text

    # Three days later, on her phone: the link still works and opens the plan, in Spanish.
    with time_machine.travel(shared_at + timedelta(days=3), tick=True):
        page = phone(visitor)
        sign_in_by(page, link)
        expect(page).to_have_url(f"{visitor.base_url}/plans/{plan.pk}/")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_role("heading", name=HEADING_ES)).to_be_visible()
        expect(page.get_by_text(STATEMENT_ES)).to_be_visible()
        assert page_width(page) <= 375, "the plan page scrolls sideways on a phone"
        no_violations(page, "the family's plan page")

        page.get_by_label(es("Type your full name")).fill("Carla Rivera")
        page.get_by_label(es("I have read this plan and I approve it.")).check()
        page.get_by_role("button", name=es("Approve the plan")).click()
        expect(page.get_by_text(es("Thank you. Your approval is recorded."))).to_be_visible()
        with translation.override("es"):
            waiting = gettext(
                "You approved %(name)s's plan. Waiting for %(name)s's other household."
            ) % {"name": "Sam"}
        expect(page.get_by_text(waiting)).to_be_visible()

        # The family home says what the plan waits on, and what waits for her: two bookings.
        visit(page, "/family/")
        expect(page.get_by_text(waiting)).to_be_visible()
        expect(page.get_by_role("heading", name=es("What waits for you"))).to_have_count(2)
        assert page_width(page) <= 375, "the family home scrolls sideways on a phone"
        no_violations(page, "the family home")
        page.get_by_role("button", name=es("Choose a time")).first.click()

        # Booking by day: the days first, then one day's times, both children back to back.
        expect(page.get_by_role("heading", level=1)).to_have_text(es("Choose a time"))
        days = page.locator(".day-list a")
        assert days.count() >= 2
        expect(days.first).to_have_attribute("aria-current", "date")
        days.nth(1).click()  # htmx swaps the day's times in
        expect(days.nth(1)).to_have_attribute("aria-current", "date")
        expect(page).to_have_url(re.compile(r"[?&]day=\d{4}-\d\d-\d\d"))
        assert page_width(page) <= 375, "the booking page scrolls sideways on a phone"
        no_violations(page, "the booking page")
        choice = page.locator("input[name=starts_at]").first
        chosen_day = choice.get_attribute("value")[:10]
        choice.check()
        page.get_by_role("button", name=es("Book this time")).click()

        expect(
            page.get_by_text(es("Booked. A calendar invitation is on its way by e-mail."))
        ).to_be_visible()
        booked = sorted(
            Conference.objects.filter(window=window, status=Status.BOOKED),
            key=lambda c: c.starts_at,
        )
        assert {c.student for c in booked} == {cast.student, mia}
        zone = cast.school.zone
        assert booked[0].starts_at.astimezone(zone).date().isoformat() == chosen_day
        assert booked[0].ends_at <= booked[1].starts_at
        with translation.override("es"):
            for conference in booked:
                when = format_time(conference.starts_at, zone)  # 24-hour, New York's clock
                day = format_weekday_month_day(conference.starts_at, zone)
                expect(page.locator("main")).to_contain_text(day)
                expect(page.locator("main")).to_contain_text(when)
        assert page_width(page) <= 375

    # Eight days after the e-mail: the same link offers a new one, by one button.
    with time_machine.travel(shared_at + timedelta(days=8), tick=True):
        other = phone(visitor)
        sign_in_by(other, link)
        expect(other.get_by_role("heading", name=es("This link no longer works"))).to_be_visible()
        expect(other.locator("html")).to_have_attribute("lang", "es")
        before = len(smtp.messages)
        other.get_by_role("button", name=es("Send me a new link")).click()
        expect(other.get_by_role("heading", name=es("Check your e-mail"))).to_be_visible()
        assert page_width(other) <= 375
        fresh = link_for(smtp, "carla@family.test", before + 1)
        assert fresh != link
        sign_in_by(other, fresh)
        expect(other).to_have_url(f"{visitor.base_url}/plans/{plan.pk}/")
        expect(other.get_by_role("heading", name=HEADING_ES)).to_be_visible()
