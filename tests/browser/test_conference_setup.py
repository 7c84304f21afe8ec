"""The conference setup pages on a 375 px phone: no sideways scrolling and axe clean — the
window's settings, an advisor's hours, the interpreter pool and one interpreter, how a family
meets, the family's times form and a home's address."""

import pytest

from tandem.conferences import services
from tandem.conferences.models import Interpreter

from .support import axe_violations, describe, page_width, visit

pytestmark = pytest.mark.browser


def check(page, path):
    visit(page, path)
    assert page_width(page) <= 375, f"{path} scrolls sideways on a phone"
    violations = axe_violations(page)
    assert not violations, f"axe on {path}:\n{describe(violations)}"


def test_setup_pages_on_a_phone(visitor, cast):
    window = services.window_for_term(term=cast.year.terms.get(name="Fall"))
    ana = Interpreter.objects.create(school=cast.school, name="Ana Lima", languages="pt,es")
    home = cast.caregiver.guardianships.first().household_id
    coordinator = visitor.page(user=cast.coordinator, phone=True)
    for path in (
        f"/coordinator/terms/{window.term_id}/conferences/",
        f"/coordinator/conferences/{window.pk}/settings/",
        f"/coordinator/conferences/{window.pk}/advisors/{cast.advisor.pk}/",
        f"/coordinator/conferences/{window.pk}/interpreters/",
        f"/coordinator/conferences/{window.pk}/interpreters/{ana.pk}/",
        f"/coordinator/conferences/{window.pk}/interpreters/{ana.pk}/deactivate/",
        f"/conferences/{window.pk}/students/{cast.student.pk}/how/",
    ):
        check(coordinator, path)
    advisor = visitor.page(user=cast.advisor, phone=True)
    check(advisor, f"/advisor/conferences/{window.pk}/availability/")
    family = visitor.page(user=cast.caregiver.user, phone=True)
    check(family, f"/conferences/{window.pk}/availability/")
    check(family, f"/households/{home}/address/")
