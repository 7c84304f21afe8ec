"""Handing the advisor's device to the caregivers in the room (issue 13): while it is handed
over, the advisor's session shows only the approval screen — every other page of the school
answers with that screen or a 404 — and it goes back only with the advisor's password, or their
authenticator's code when they have one. Several caregivers approve one after another."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.advisories.models import Advisory
from tandem.meetings import services
from tandem.plans.models import Approval, PlanState
from tests.personas import PASSWORD, make_student

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPad) Safari"


@pytest.fixture
def meeting(cast, conference, plan, ned_has_rights):
    """Sam's meeting with both his caregivers (each with rights, in two households) present."""
    meeting = services.meeting_for(conference=conference, by=cast.advisor)
    present = meeting.attendees.filter(caregiver__in=[cast.caregiver, ned_has_rights])
    services.attendance_save(
        meeting=meeting, present_ids=list(present.values_list("pk", flat=True)), by=cast.advisor
    )
    return meeting


@pytest.fixture
def handed_over(client, cast, conference, meeting):
    """Alice has handed her device over: the response is the approval screen."""
    client.force_login(cast.advisor)
    response = client.post(reverse("meetings:hand_over", args=[conference.pk]), follow=True)
    assert response.redirect_chain[-1][0] == sign_url(conference)
    return response


def sign_url(conference):
    return reverse("meetings:sign", args=[conference.pk])


def give_back_url(conference):
    return reverse("meetings:give_back", args=[conference.pk])


def approve(client, conference, caregiver, version=1, language=""):
    return client.post(
        sign_url(conference) + (f"?language={language}" if language else ""),
        {
            "version": version,
            "caregiver": caregiver.pk,
            "typed_name": caregiver.full_name,
            "confirm": "on",
        },
        HTTP_USER_AGENT=BROWSER,
        follow=True,
    )


def destinations(html: str) -> set[str]:
    """Every place a link or a form on the page leads to."""
    hrefs = re.findall(r'<a\b[^>]*\bhref="([^"]*)"', html)
    actions = re.findall(r'<form\b[^>]*\baction="([^"]*)"', html)
    forms = len(re.findall(r"<form\b", html))
    assert forms == len(actions), "a form without an action posts to wherever it is shown"
    return {place.split("?")[0] for place in hrefs + actions}


def test_the_approval_screen_shows_nothing_but_the_approval(cast, conference, handed_over):
    page = handed_over.content.decode()
    assert "Who is approving" in page and "Type your full name" in page
    assert "I have read this plan and I approve it." in page
    assert "Fingerprint (SHA-256)" in page
    assert "<nav" not in page and "Sign out" not in page and "Account" not in page
    assert destinations(page) == {sign_url(conference), give_back_url(conference)}


def test_the_caregiver_reads_and_approves_in_their_language(
    client, cast, conference, plan, handed_over
):
    page = client.get(sign_url(conference) + "?language=es").content.decode()
    assert '<html lang="es"' in page and "Aprobar el plan" in page and "Quién aprueba" in page
    assert f'action="{sign_url(conference)}?language=es"' in page  # the approval stays in Spanish
    response = client.post(
        sign_url(conference) + "?language=es",
        {"version": 1, "caregiver": cast.caregiver.pk, "typed_name": "Carla", "confirm": "on"},
    )
    assert response.status_code == 400 and "Aprobar el plan" in response.content.decode()
    response = approve(client, conference, cast.caregiver, language="es")
    assert response.redirect_chain[-1][0] == sign_url(conference) + "?language=es"
    assert Approval.objects.filter(caregiver=cast.caregiver, method="meeting").exists()
    # The advisor's own pages keep her language.
    assert (
        "Give the device back to the advisor"
        in client.get(give_back_url(conference)).content.decode()
    )


def test_every_other_page_answers_with_the_approval_screen_or_404(
    client, cast, conference, handed_over
):
    another = make_student(cast.school, "Ada", "Lopez", local_id="S-300")
    Advisory.objects.create(student=another, advisor=cast.advisor, year=cast.year)
    for path in (
        reverse("advisories:advisor_home"),  # Alice's advisees
        reverse("people:student_detail", args=[another.pk]),  # another advisee of hers
        reverse("people:student_detail", args=[cast.student.pk]),
        reverse("meetings:agenda", args=[conference.pk]),
        reverse("accounts:account"),
        "/admin/",
        "/admin/people/student/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == sign_url(conference), path
        assert "Ada Lopez" not in client.get(path, follow=True).content.decode()
    # htmx partials and writes elsewhere: a 404 that shows nothing of the school.
    item = services.checklist_for(cast.school).items.first()
    for response in (
        client.get(reverse("outreach:due"), headers={"HX-Request": "true"}),
        client.post(
            reverse("meetings:cover", args=[conference.pk, item.pk]),
            {f"item-{item.pk}-covered": "on"},
            headers={"HX-Request": "true"},
        ),
        client.post(reverse("meetings:finish", args=[conference.pk])),
    ):
        assert response.status_code == 404
        page = response.content.decode()
        assert "Not available during the hand-over" in page and "Ada Lopez" not in page
        assert destinations(page) == {sign_url(conference), give_back_url(conference)}
    assert not meeting_covered(conference) and not meeting_finished(conference)


def meeting_covered(conference):
    return conference.meeting.coverage.filter(covered=True).exists()


def meeting_finished(conference):
    conference.meeting.refresh_from_db()
    return conference.meeting.is_finished


def test_caregivers_approve_one_after_another_on_the_device(
    client, cast, conference, plan, ned_has_rights, handed_over
):
    response = approve(client, conference, cast.caregiver)
    page = response.content.decode()
    assert "Thank you, Carla Rivera. Your approval is recorded." in page
    assert response.redirect_chain[-1][0] == sign_url(conference)  # still the approval screen
    plan.refresh_from_db()
    assert plan.state == PlanState.SHARED  # Ned's household has not approved yet
    response = approve(client, conference, ned_has_rights)
    page = response.content.decode()
    assert "Thank you, Ned Rivera." in page and "The plan is approved." in page
    assert destinations(page) == {sign_url(conference), give_back_url(conference)}
    approvals = Approval.objects.filter(plan=plan, version__number=1)
    assert {(a.caregiver, a.method, a.recorded_by) for a in approvals} == {
        (cast.caregiver, "meeting", cast.advisor),
        (ned_has_rights, "meeting", cast.advisor),
    }
    # Approved, yet still handed over: the meeting page waits for the advisor's password.
    assert client.get(reverse("meetings:agenda", args=[conference.pk]))["Location"] == (
        sign_url(conference)
    )


def test_a_wrong_password_keeps_the_device_locked_the_right_one_gives_it_back(
    client, cast, conference, handed_over
):
    page = client.get(give_back_url(conference)).content.decode()
    assert "Alice Advisor, enter your password to return to the meeting." in page
    assert destinations(page) == {sign_url(conference), give_back_url(conference)}
    wrong = client.post(give_back_url(conference), {"secret": "carla guesses"})
    assert wrong.status_code == 400
    assert "That password is not right." in wrong.content.decode()
    assert "4 more tries before this browser is signed out." in wrong.content.decode()
    student = reverse("people:student_detail", args=[cast.student.pk])
    assert client.get(student)["Location"] == sign_url(conference)  # still locked

    response = client.post(give_back_url(conference), {"secret": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("meetings:agenda", args=[conference.pk]))
    page = client.get(response["Location"]).content.decode()
    assert "The device is back with you." in page and "<nav" in page
    assert client.get(student).status_code == 200
    assert client.get(sign_url(conference)).status_code == 302  # the screen is closed too


def test_too_many_wrong_passwords_sign_the_browser_out(client, cast, conference, handed_over):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(give_back_url(conference), {"secret": "nope"}).status_code == 400
    response = client.post(give_back_url(conference), {"secret": "nope"}, follow=True)
    assert "Too many wrong tries: this browser is signed out." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("accounts:signin")
    student = client.get(reverse("people:student_detail", args=[cast.student.pk]))
    assert student["Location"].startswith(reverse("accounts:signin"))  # not the advisor's any more


def test_an_advisor_with_an_authenticator_gives_the_code(client, cast, conference, meeting):
    device = TOTPDevice.objects.create(user=cast.advisor, name="phone", confirmed=True)
    client.force_login(cast.advisor)
    client.post(reverse("meetings:hand_over", args=[conference.pk]))
    page = client.get(give_back_url(conference)).content.decode()
    assert "enter the code your authenticator app shows" in page and "Six-digit code" in page
    wrong = client.post(give_back_url(conference), {"secret": PASSWORD})  # the password: no
    assert wrong.status_code == 400 and "That code is not right." in wrong.content.decode()
    assert client.get(reverse("advisories:advisor_home"))["Location"] == sign_url(conference)
    # A moment later (django-otp slows down guessing after a wrong code), the right code.
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        response = client.post(give_back_url(conference), {"secret": code})
    assert response["Location"].startswith(reverse("meetings:agenda", args=[conference.pk]))
    assert client.get(reverse("advisories:advisor_home")).status_code == 200


def test_signing_out_ends_the_hand_over(client, cast, conference, handed_over):
    client.post(reverse("accounts:signout"))
    client.force_login(cast.advisor)
    assert client.get(reverse("advisories:advisor_home")).status_code == 200


def test_the_hand_over_is_the_advisors_and_only_while_someone_is_waiting(
    client, cast, conference, meeting
):
    hand_over = reverse("meetings:hand_over", args=[conference.pk])
    for user in (cast.coordinator, cast.case_manager, cast.caregiver.user, cast.other_advisor):
        client.force_login(user)
        assert client.post(hand_over).status_code == 404, user
        assert client.get(give_back_url(conference)).status_code == 404, user
        assert client.get(reverse("advisories:advisor_home")).status_code in (200, 404)
    client.force_login(cast.advisor)
    # Without a hand-over, the approval screen is not on offer: back to the meeting page.
    assert client.get(sign_url(conference))["Location"].startswith(
        reverse("meetings:agenda", args=[conference.pk])
    )
    meeting.attendees.update(present=False)  # nobody of the family is here to approve
    response = client.post(hand_over, follow=True)
    assert "This plan is not waiting for the family&#x27;s approval." in (response.content.decode())
    assert client.get(reverse("advisories:advisor_home")).status_code == 200
