import pytest

from .stage import build_stage


@pytest.fixture
def stage(cast):
    return build_stage(cast)
