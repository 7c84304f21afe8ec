"""People who moved, against every URL pattern of the project.

Staff move between schools every week. Alice (Sam's advisor), Casey (his case manager), Connie
(his counselor, from the roster) and Tess (on Harbor's student support team) leave Harbor High:
Alice and Casey now work at Bay Middle, Tess is a counselor there, and Connie's role was dropped
by a roster import. Each must see of Harbor exactly what a stranger with the same roles at Bay
sees: the same status on every URL (a 404 where a record is asked for, as for a missing id),
and never Sam's name. In the second scenario Sam moves from Alice's advisory to Bob's while
Alice stays at Harbor: she then sees what an advisor of Harbor who never advised Sam sees,
except the message and the referral she wrote herself.

The URL names come from the resolver, as in test_access_matrix: a new view is covered here
without anyone remembering to add it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.people.models import Student
from tandem.referrals.models import SupportTeamMember
from tandem.rosters.oneroster import read_package
from tandem.rosters.services import roster_import
from tandem.schools.models import Role, StaffRole
from tests.core.test_access_matrix import all_url_names, outcome, params_for
from tests.personas import make_school, make_staff
from tests.rosters.packages import Package

SAM = ("Samuel", "Rivera")


def _fetch(client, user, url):
    client.logout()
    client.force_login(user)
    response = client.get(url)
    body = b"".join(response) if response.streaming else response.content
    shows_sam = any(part.encode() in body for part in SAM) if response.status_code == 200 else False
    return outcome(response), shows_sam


def _drop_by_roster(tmp_path, cast, user, sourced_id):
    """A delta roster import that marks the person's staff record tobedeleted."""
    package = Package(delta=True)
    package.org("sch1", cast.school.name)
    package.user(
        sourced_id, "counselor", "Connie", "Counselor", email=user.email, status="tobedeleted"
    )
    report = roster_import(package=read_package(package.write(tmp_path / "drop")))
    assert not report.errors, report.errors
    assert not StaffRole.objects.filter(user=user, school=cast.school).exists()


@pytest.fixture
def departed(cast, tmp_path):
    """Alice, Casey, Connie and Tess leave Harbor; each comes with a stranger at Bay who holds
    the same roles and never knew Sam."""
    bay, _ = make_school("Bay Middle")
    connie = make_staff(cast.school, "connie@harbor.test", "Connie Counselor")
    StaffRole.objects.create(user=connie, school=cast.school, role=Role.COUNSELOR, sourced_id="t9")
    tess = make_staff(cast.school, "tess@harbor.test", "Tess Team", Role.ADVISOR)
    SupportTeamMember.objects.create(school=cast.school, user=tess)
    Student.objects.filter(pk=cast.student.pk).update(counselor=connie)

    def leave(user, *bay_roles):
        StaffRole.objects.filter(user=user, school=cast.school).delete()
        for role in bay_roles:
            StaffRole.objects.create(user=user, school=bay, role=role)

    def moved():
        leave(cast.advisor, Role.ADVISOR)
        leave(cast.case_manager, Role.CASE_MANAGER)
        leave(tess, Role.COUNSELOR)
        _drop_by_roster(tmp_path, cast, connie, "t9")
        return {
            "advisor": (cast.advisor, make_staff(bay, "ann@bay.test", "Ann", Role.ADVISOR)),
            "case_manager": (
                cast.case_manager,
                make_staff(bay, "cam@bay.test", "Cam", Role.CASE_MANAGER),
            ),
            "counselor": (connie, make_staff(bay, "nobody@bay.test", "Nobody")),
            "support_team": (tess, make_staff(bay, "cole@bay.test", "Cole", Role.COUNSELOR)),
        }

    return moved


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in all_url_names() if not n.startswith("admin:")])
def test_staff_who_left_the_school_see_nothing_of_it(client, cast, departed, name):
    url = reverse(name, kwargs=params_for(name, cast))
    pairs = departed()
    for who, (moved, stranger) in pairs.items():
        got, shows_sam = _fetch(client, moved, url)
        expected, _ = _fetch(client, stranger, url)
        assert got == expected, f"{who} after leaving: {name} ({url}) {got} != {expected}"
        assert not shows_sam, f"{who} after leaving still sees Sam on {name} ({url})"


AUTHORED = {  # Alice wrote them; still at Harbor
    "outreach:message_detail",
    "referrals:detail",
    "onboarding:suggestion",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", [n for n in all_url_names() if not n.startswith("admin:")])
def test_an_advisor_whose_advisee_moved_sees_what_any_advisor_sees(client, cast, name):
    from tandem.advisories.services import advisory_assign

    url = reverse(name, kwargs=params_for(name, cast))
    advisory_assign(
        student=cast.student, advisor=cast.other_advisor, year=cast.year, by=cast.coordinator
    )
    stranger = make_staff(cast.school, "rita@harbor.test", "Rita Advisor", Role.ADVISOR)
    got, alice_sees_sam = _fetch(client, cast.advisor, url)
    expected, rita_sees_sam = _fetch(client, stranger, url)
    if name in AUTHORED:
        assert got == 200
        return
    assert got == expected, f"{name} ({url}): Alice {got}, an unrelated advisor {expected}"
    assert alice_sees_sam == rita_sees_sam, f"{name} ({url}): Alice still sees Sam's name"
