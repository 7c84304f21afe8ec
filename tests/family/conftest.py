"""The family's side starts from the conference tests' world: the clock frozen on Monday
4 January 2027 (09:00 in New York), Harbor High's Fall term ending on Wednesday 13 January, its
conference window open from the 14th; Mia is Sam's sister, advised by Bob."""

import pytest

from tandem.plans.models import Competency
from tests.conferences.conftest import frozen, mia, window  # noqa: F401 - the fixtures
from tests.records.conftest import sam_plan


@pytest.fixture
def fall(cast):
    return cast.year.terms.get(name="Fall")


@pytest.fixture
def plan(cast, fall):
    """Sam's Fall plan, shared with his family (version 1): the Fall conference presents it."""
    Competency.objects.create(school=cast.school, code="ELA-1", statement="Reads closely")
    return sam_plan(cast, fall)


@pytest.fixture
def ned_has_rights(cast):
    """Ned, Sam's father in the second household, gets his educational rights back."""
    cast.caregiver_no_rights.guardianships.update(has_educational_rights=True)
    return cast.caregiver_no_rights
