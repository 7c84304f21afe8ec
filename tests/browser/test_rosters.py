"""Sid, the school admin, imports the roster in Chromium: upload, preview, confirm; on a phone,
and axe finds nothing on the two pages."""

import pytest
from playwright.sync_api import expect

from tandem.people.models import Student
from tests.rosters.packages import harbor

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_school_admin_previews_then_imports_the_roster(visitor, cast, tmp_path, phone):
    package = harbor().write(tmp_path / "export", zipped=True)
    page = visitor.page(user=cast.school_admin, phone=phone)
    visit(page, "/rosters/")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    page.get_by_label("OneRoster package (.zip)").set_input_files(package)
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_text("Nothing has been written yet.")).to_be_visible()
    assert not Student.objects.filter(sourced_id="s1").exists()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    if phone:
        assert page_width(page) <= 375, "the preview scrolls sideways on a phone"

    page.get_by_role("button", name="Import these changes").click()

    expect(page.get_by_text("The roster was imported.")).to_be_visible()
    assert Student.objects.filter(sourced_id__in=["s1", "s2"], school=cast.school).count() == 2
