"""The sign-in link in a document e-mail (tandem/accounts/links.py): bound to its page, working
once for the school's `family_link_days` (7 by default), saying so in the e-mail; once it has
expired or been used, one button e-mails a new link to the same page. Staff never get one.

Sam's plan is shared with Carla (tests.personas); the clock is moved with time-machine.
"""

import re
import urllib.parse
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from tandem.accounts import links
from tandem.accounts.models import SignInLink, SignInLinkRequest
from tandem.outreach.models import OutreachSettings
from tandem.plans import services
from tandem.plans.models import PlanKind
from tandem.schools.models import Role, StaffRole
from tests.plans.conftest import make_ready

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/signin/link/open/\?t=[\w-]+")
TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')


@pytest.fixture
def plan(cast):
    from tandem.plans.models import Competency

    for code in ("ELA-1", "MATH-2"):
        Competency.objects.create(school=cast.school, code=code, statement=f"Statement {code}")
    return services.plan_create(
        student=cast.student,
        term=cast.year.terms.get(name="Fall"),
        kind=PlanKind.TERM,
        by=cast.advisor,
    )


def share(cast, plan, smtp, capture):
    make_ready(plan, cast)
    with capture(execute=True):
        services.plan_share(plan=plan, by=cast.advisor)
    (message,) = smtp.wait_for(1)
    return message


def link_in(smtp, message) -> str:
    found = LINK.findall(smtp.text_of(message))
    assert len(found) == 1, smtp.text_of(message)
    return found[0]


def local(link: str) -> str:
    parts = urllib.parse.urlsplit(link)
    return f"{parts.path}?{parts.query}"


def token_of(link: str) -> str:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["t"][0]


def open_and_sign_in(client, link):
    """What a person does: open the link (a page that asks to confirm), press Sign in."""
    confirm = client.get(local(link))
    assert confirm.status_code == 200
    assert "_auth_user_id" not in client.session  # a mail scanner's GET signs nobody in
    return client.post(reverse("accounts:signin_link_open"), {"t": token_of(link)})


def test_the_share_link_opened_three_days_later_lands_on_the_plan(
    client, cast, plan, smtp, django_capture_on_commit_callbacks
):
    message = share(cast, plan, smtp, django_capture_on_commit_callbacks)
    text = smtp.text_of(message)
    assert "It works once, for 7 days" in text
    link = link_in(smtp, message)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        response = open_and_sign_in(client, link)
        assert response.status_code == 302
        assert response["Location"] == reverse("plans:detail", args=[plan.pk])
        page = client.get(response["Location"])
    assert page.status_code == 200
    assert "own words" in page.content.decode()  # the plan's text (tests.plans.conftest)


def test_after_eight_days_one_button_mails_a_new_link_to_the_same_plan(
    client, cast, plan, smtp, django_capture_on_commit_callbacks
):
    link = link_in(smtp, share(cast, plan, smtp, django_capture_on_commit_callbacks))
    later = timezone.now() + timedelta(days=8)
    with time_machine.travel(later):
        expired = open_and_sign_in(client, link)
        assert expired.status_code == 400
        html = expired.content.decode()
        assert "This link no longer works" in html
        assert "Send me a new link" in html
        assert "carla@family.test" not in html  # the page names nobody
        assert "_auth_user_id" not in client.session
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post(reverse("accounts:signin_link_renew"), {"t": token_of(link)})
        assert sent.status_code == 200
        assert "A new link is on its way" in sent.content.decode()
        new = smtp.wait_for(2)[1]
        assert new["To"] == "carla@family.test"
        assert "It opens the same page as before" in smtp.text_of(new)
        assert "It works once, for 7 days" in smtp.text_of(new)
        response = open_and_sign_in(client, link_in(smtp, new))
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])


def test_a_link_works_once(client, cast, plan, smtp, django_capture_on_commit_callbacks):
    link = link_in(smtp, share(cast, plan, smtp, django_capture_on_commit_callbacks))
    assert open_and_sign_in(client, link).status_code == 302
    client.logout()
    again = open_and_sign_in(client, link)
    assert again.status_code == 400
    assert "Send me a new link" in again.content.decode()  # used: a new one, same page
    assert "_auth_user_id" not in client.session
    assert SignInLink.objects.filter(used_at__isnull=False).count() == 1


def test_the_school_sets_how_many_days_and_the_email_says_so(
    client, cast, plan, smtp, django_capture_on_commit_callbacks
):
    OutreachSettings.objects.create(school=cast.school, family_link_days=3)
    message = share(cast, plan, smtp, django_capture_on_commit_callbacks)
    assert "It works once, for 3 days" in smtp.text_of(message)
    link = link_in(smtp, message)
    with time_machine.travel(timezone.now() + timedelta(days=3, minutes=1)):
        assert open_and_sign_in(client, link).status_code == 400


def test_the_school_admin_edits_the_number_of_days(client, cast):
    client.force_login(cast.school_admin)
    page = client.get(reverse("outreach:settings"))
    assert "days a sign-in link in an e-mail to a family works" in page.content.decode().lower()
    answer = client.post(
        reverse("outreach:settings"),
        {
            "checkin_days": 14,
            "quiet_start": "20:00",
            "quiet_end": "08:00",
            "no_rights_messages": "nothing",
            "family_link_days": 10,
        },
    )
    assert answer.status_code == 302
    assert OutreachSettings.for_school(cast.school).family_link_days == 10
    too_long = client.post(
        reverse("outreach:settings"),
        {
            "checkin_days": 14,
            "quiet_start": "20:00",
            "quiet_end": "08:00",
            "no_rights_messages": "nothing",
            "family_link_days": 90,
        },
    )
    assert too_long.status_code == 200
    assert OutreachSettings.for_school(cast.school).family_link_days == 10


def test_staff_never_get_a_link_their_email_leads_through_the_password(
    client, cast, plan, smtp, django_capture_on_commit_callbacks
):
    # Carla works at the school too: her address is a staff address now.
    StaffRole.objects.create(user=cast.caregiver.user, school=cast.school, role=Role.ADVISOR)
    message = share(cast, plan, smtp, django_capture_on_commit_callbacks)
    text = smtp.text_of(message)
    assert "/signin/link/open/" not in text
    assert f"/plans/{plan.pk}/" in text
    assert "It works once" not in text
    assert not SignInLink.objects.exists()
    # The plain address asks a visitor to sign in with a password, then goes to the plan.
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response["Location"].startswith(reverse("accounts:signin") + "?next=")


def test_a_link_made_before_someone_became_staff_offers_only_the_password(
    client, cast, plan, smtp, django_capture_on_commit_callbacks
):
    link = link_in(smtp, share(cast, plan, smtp, django_capture_on_commit_callbacks))
    StaffRole.objects.create(user=cast.caregiver.user, school=cast.school, role=Role.ADVISOR)
    refused = open_and_sign_in(client, link)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Send me a new link" not in html
    assert "Staff sign in with their password." in html
    assert f"?next=/plans/{plan.pk}/" in html
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("accounts:signin_link_renew"), {"t": token_of(link)})
    assert callbacks == []
    assert len(smtp.messages) == 1


def test_new_links_are_limited_as_sign_in_requests_are(
    client, cast, plan, smtp, settings, django_capture_on_commit_callbacks
):
    settings.TANDEM_SIGNIN_LINKS_PER_ADDRESS = 2
    link = link_in(smtp, share(cast, plan, smtp, django_capture_on_commit_callbacks))
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        answers = []
        for _n in range(4):
            with django_capture_on_commit_callbacks(execute=True):
                answer = client.post(reverse("accounts:signin_link_renew"), {"t": token_of(link)})
            answers.append(answer.content.decode())
        # The same answer every time; two new links went out, the others were held back.
        assert len({TOKENS.sub("", a) for a in answers}) == 1
        assert len(smtp.wait_for(3)) == 3
        assert len(smtp.messages) == 3
        # The address's count is the sign-in page's: asking there is held back too.
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            client.post(reverse("accounts:signin_link"), {"email": "carla@family.test"})
        assert callbacks == []
    assert SignInLinkRequest.objects.count() == 4  # 2 × (address, client)


def test_a_forged_token_gets_the_sign_in_page_offer_and_no_mail(
    client, cast, django_capture_on_commit_callbacks
):
    response = client.post(reverse("accounts:signin_link_open"), {"t": "forged"})
    assert response.status_code == 400
    assert "Get a new link" in response.content.decode()
    assert "Send me a new link" not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("accounts:signin_link_renew"), {"t": "forged"})
    assert callbacks == []


def test_a_new_password_or_signing_out_everywhere_ends_the_link(client, cast):
    user = cast.caregiver.user
    link = links.issue(user=user, next="/family/", lifetime=timedelta(days=7))
    user.set_password("another horse battery staple")
    user.save()
    assert open_and_sign_in(client, link.url).status_code == 400
    user.refresh_from_db()
    second = links.issue(user=user, next="/family/", lifetime=timedelta(days=7))
    from tandem.accounts.services import user_sign_out_everywhere

    user_sign_out_everywhere(user=user)
    assert open_and_sign_in(client, second.url).status_code == 400


def test_two_links_to_two_pages_both_work(client, cast):
    """Each link is its own: using one does not spend the other (a family with the plan's
    e-mail and the booking invitation in the same week)."""
    user = cast.caregiver.user
    first = links.issue(user=user, next="/family/", lifetime=timedelta(days=7))
    second = links.issue(user=user, next="/conferences/", lifetime=timedelta(days=7))
    assert open_and_sign_in(client, first.url)["Location"] == "/family/"
    client.logout()
    assert open_and_sign_in(client, second.url)["Location"] == "/conferences/"


def test_a_link_only_leads_to_a_page_of_this_site(client, cast):
    link = links.issue(
        user=cast.caregiver.user, next="https://evil.example/", lifetime=timedelta(1)
    )
    assert open_and_sign_in(client, link.url)["Location"] == reverse("core:home")


def test_the_page_a_spanish_email_opens_is_in_spanish(
    client, cast, plan, smtp, django_capture_on_commit_callbacks
):
    for person in (cast.caregiver, cast.caregiver.user):
        person.preferred_language = "es"
        person.save()
    link = link_in(smtp, share(cast, plan, smtp, django_capture_on_commit_callbacks))
    with translation.override("es"):
        sign_in, no_longer = gettext("Sign in to Tandem"), gettext("This link no longer works")
    # The browser asks for English; the link's e-mail was Spanish.
    page = client.get(local(link), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="es"' in page.content.decode()
    assert sign_in in page.content.decode()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        expired = client.post(
            reverse("accounts:signin_link_open"), {"t": token_of(link)}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert '<html lang="es"' in expired.content.decode()
    assert no_longer in expired.content.decode()
    response = open_and_sign_in(client, link)
    landed = client.get(response["Location"])
    assert '<html lang="es"' in landed.content.decode()


def test_a_link_asked_for_on_the_sign_in_page_keeps_its_page(
    client, cast, smtp, django_capture_on_commit_callbacks
):
    """ "Get a sign-in link" from a page that asked to sign in: the link goes back there."""
    target = reverse("conferences:family")
    start = client.get(target)
    assert start["Location"] == f"{reverse('accounts:signin')}?next={target}"
    signin = client.get(start["Location"]).content.decode()
    assert f"{reverse('accounts:signin_link')}?next={target}" in signin
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signin_link"), {"email": "carla@family.test", "next": target})
    (message,) = smtp.wait_for(1)
    assert "It works once, for 15 minutes" in smtp.text_of(message)
    assert open_and_sign_in(client, link_in(smtp, message))["Location"] == target
