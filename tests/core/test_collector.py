"""The collector pause the desk's pages run under (tandem/core/collector.py): paused inside,
resumed after — also after an error — and left paused when the caller had paused it."""

import gc

import pytest

from tandem.core.collector import collection_paused


@pytest.fixture(autouse=True)
def _collector_enabled():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_inside_and_resumed_after():
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_resumes_after_an_error():
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("the view failed")
    assert gc.isenabled()


def test_a_pause_inside_a_pause_leaves_the_outer_one_paused():
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_as_a_decorator_it_pauses_each_call():
    seen = []

    @collection_paused()
    def view():
        seen.append(gc.isenabled())
        return "page"

    assert view() == "page" and view() == "page"
    assert seen == [False, False]
    assert gc.isenabled()
