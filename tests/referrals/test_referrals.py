"""Referrals: restricted to the referrer, the support team, counselors and the coordinator;
every view logged; the team notified (without details); states move in order."""

import pytest
from django.core.exceptions import ValidationError

from tandem.core.models import AccessLog
from tandem.referrals import services
from tandem.referrals.models import Referral, SupportTeamMember
from tandem.schools.models import Role
from tests.personas import make_staff
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db

FORM = {
    "refer_to": "support_team",
    "category": "Emotional / mental health",
    "urgency": "soon",
    "observed": "Withdrawn in advisory for two weeks.",
    "strategies_tried": "Check-ins twice a week.",
    "family_told": "no",
    "family_not_told_reason": "",
}


@pytest.fixture
def team(cast):
    """Tess is on Harbor High's support team; Cole is a counselor; Greta is Spanish-speaking
    staff on the team too."""
    tess = make_staff(cast.school, "tess@harbor.test", "Tess Team", Role.ADVISOR)
    SupportTeamMember.objects.create(school=cast.school, user=tess)
    cole = make_staff(cast.school, "cole@harbor.test", "Cole Counselor", Role.COUNSELOR)
    return tess, cole


def refer(cast, **changes):
    values = {
        "student": cast.student,
        "referrer": cast.advisor,
        "refer_to": "support_team",
        "category": "Academic",
        "urgency": "routine",
        "observed": "Missed three assignments.",
        "family_told": True,
    }
    return services.referral_create(**(values | changes))


def test_advisor_refers_and_the_team_is_notified_without_details(
    client, cast, team, smtp, django_capture_on_commit_callbacks
):
    client.force_login(cast.advisor)
    url = f"/students/{cast.student.pk}/referrals/new/"
    missing = client.post(url, FORM).content.decode()
    assert "Say why the family has not been told." in missing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, FORM | {"family_not_told_reason": "Student asked to wait."})
    referral = Referral.objects.get()
    assert response["Location"] == f"/referrals/{referral.pk}/"
    smtp.wait_for(2)
    assert sorted(m["To"] for m in smtp.messages) == ["cole@harbor.test", "tess@harbor.test"]
    text = Inbox.text_of(smtp.messages[0])
    assert f"/referrals/{referral.pk}/" in text
    assert "Samuel" not in text and "Sam" not in text and "Withdrawn" not in text


def test_who_sees_a_referral_and_every_view_is_logged(client, cast, team):
    tess, cole = team
    referral = refer(cast)
    url = f"/referrals/{referral.pk}/"
    allowed = [cast.advisor, cast.coordinator, cast.school_admin, tess, cole]
    refused = [
        cast.other_advisor,
        cast.case_manager,
        cast.caregiver.user,
        cast.caregiver_no_rights.user,
        cast.student.user,
        cast.other_caregiver.user,
    ]
    for user in allowed:
        client.force_login(user)
        assert client.get(url).status_code == 200, user
    for user in refused:
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    logged = AccessLog.objects.filter(record_type="referrals.referral", record_id=str(referral.pk))
    assert sorted(log.user.email for log in logged) == sorted(u.email for u in allowed)
    assert {log.purpose for log in logged} == {"referral"}


def test_the_list_shows_only_visible_referrals_and_logs_them(client, cast, team):
    mine = refer(cast)
    other = refer(cast, student=cast.other_student, referrer=cast.other_advisor)
    client.force_login(cast.advisor)
    html = client.get("/referrals/").content.decode()
    assert f"/referrals/{mine.pk}/" in html and f"/referrals/{other.pk}/" not in html
    client.force_login(team[0])
    html = client.get("/referrals/").content.decode()
    assert f"/referrals/{mine.pk}/" in html and f"/referrals/{other.pk}/" in html
    assert AccessLog.objects.filter(purpose="referral list", user=team[0]).count() == 2


def test_states_move_in_order_with_notes(client, cast, team):
    tess, _cole = team
    referral = refer(cast)
    client.force_login(cast.advisor)  # the referrer adds notes but does not move it
    client.post(f"/referrals/{referral.pk}/", {"body": "Also tardy."})
    client.force_login(tess)
    client.post(f"/referrals/{referral.pk}/", {"body": "Looking at it.", "to_state": "in_review"})
    skip = client.post(f"/referrals/{referral.pk}/", {"body": "", "to_state": "actions_agreed"})
    assert "Write the agreed actions" in skip.content.decode()
    client.post(
        f"/referrals/{referral.pk}/",
        {"body": "Weekly counselor lunch.", "to_state": "actions_agreed"},
    )
    referral.refresh_from_db()
    assert referral.state == "actions_agreed"
    assert [n.body for n in referral.notes.all()] == [
        "Also tardy.",
        "Looking at it.",
        "Weekly counselor lunch.",
    ]
    with pytest.raises(ValidationError, match="cannot move"):
        services.referral_note(
            referral=referral, author=tess, body="x", to_state="in_review", may_move=True
        )
    with pytest.raises(ValidationError, match="Only the support team"):
        services.referral_note(
            referral=referral, author=cast.advisor, body="x", to_state="closed", may_move=False
        )


def test_categories_and_team_are_configured_per_school(client, cast, team):
    tess, cole = team
    client.force_login(cast.coordinator)
    page = client.get("/coordinator/referral-settings/").content.decode()
    assert "Basic needs" in page
    client.post(
        "/coordinator/referral-settings/",
        {"categories": "Wellbeing\nAttendance\n\nWellbeing", "members": [cole.pk]},
    )
    assert list(cast.school.referral_categories.values_list("name", flat=True)) == [
        "Wellbeing",
        "Attendance",
    ]
    assert list(SupportTeamMember.objects.values_list("user", flat=True)) == [cole.pk]
    with pytest.raises(ValidationError, match="concern categories"):
        refer(cast, category="Academic")
    client.force_login(tess)  # no longer on the team, and not the referrer
    referral = refer(cast, category="Wellbeing")
    assert client.get(f"/referrals/{referral.pk}/").status_code == 404
