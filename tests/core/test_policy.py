"""The one access policy, asked directly."""

import pytest
from django.test import RequestFactory

from tandem.core.models import AccessLog
from tandem.core.policy import Reach, log_access, reach
from tandem.schools.models import Role
from tests.personas import make_school, make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("coordinator", Reach.FULL),
        ("advisor", Reach.FULL),
        ("case_manager", Reach.FULL),
        ("other_advisor", Reach.DIRECTORY),
    ],
)
def test_staff_reach(cast, persona, expected):
    assert reach(getattr(cast, persona), cast.student) == expected


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("caregiver", Reach.FULL),
        ("caregiver_no_rights", Reach.NONE),
        ("other_caregiver", Reach.NONE),
    ],
)
def test_family_reach(cast, persona, expected):
    assert reach(getattr(cast, persona).user, cast.student) == expected


def test_students_reach_only_themselves(cast):
    assert reach(cast.student.user, cast.student) == Reach.FULL
    assert reach(cast.other_student.user, cast.student) == Reach.NONE


def test_counselor_of_the_student_has_full_reach(cast):
    counselor = make_staff(cast.school, "gia@harbor.test", "Gia Counselor", Role.COUNSELOR)
    assert reach(counselor, cast.student) == Reach.DIRECTORY
    cast.student.counselor = counselor
    cast.student.save()
    assert reach(counselor, cast.student) == Reach.FULL


def test_staff_of_another_school_have_no_reach(cast):
    other, _ = make_school("Hilltop Middle")
    outsider = make_staff(other, "hal@hilltop.test", "Hal", Role.COORDINATOR)
    assert reach(outsider, cast.student) == Reach.NONE


def test_inactive_account_has_no_reach(cast):
    cast.advisor.is_active = False
    cast.advisor.save()
    assert reach(cast.advisor, cast.student) != Reach.FULL


def test_access_log_records_who_what_when_why(cast):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = cast.case_manager
    entry = log_access(
        request, student=cast.student, record=cast.student, purpose="IEP progress review"
    )
    assert entry.user == cast.case_manager and entry.student == cast.student
    assert entry.record_type == "people.student" and entry.record_id == str(cast.student.pk)
    assert entry.ip_address == "10.1.2.3" and entry.at is not None
    assert AccessLog.objects.filter(school=cast.school).count() == 1
