"""axe (WCAG 2.1 A and AA rules) finds nothing on the main pages, for each role that opens them."""

from dataclasses import dataclass

import pytest

from .support import axe_violations, describe, visit

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Visit:
    who: str | None  # a Cast attribute; None is someone not signed in
    path: str  # {sam} and {olive} are the two students' ids
    status: int = 200
    phone: bool = False
    dark: bool = False  # the device prefers a dark colour scheme

    def __str__(self):
        extras = "".join(f" {flag}" for flag in ("phone", "dark") if getattr(self, flag))
        return f"{self.who or 'anonymous'} {self.path}{extras}"


VISITS = [
    Visit(None, "/signin/"),
    Visit(None, "/signin/link/"),
    Visit(None, "/signin/link/", phone=True),
    Visit(None, "/signin/link/open/?t=not-a-real-token"),
    Visit("coordinator", "/coordinator/"),
    Visit("advisor", "/advisor/"),
    Visit("case_manager", "/caseload/"),
    Visit("caregiver", "/family/"),
    Visit("caregiver", "/family/", phone=True, dark=True),
    Visit("student_user", "/me/"),
    Visit("advisor", "/students/{sam}/"),
    Visit("caregiver", "/students/{sam}/"),
    Visit("caregiver", "/students/{olive}/", status=404),
    Visit("coordinator", "/students/{sam}/advisory/"),
]


@pytest.mark.parametrize("case", VISITS, ids=str)
def test_no_axe_violations(visitor, cast, case):
    user = getattr(cast, case.who) if case.who else None
    page = visitor.page(user=getattr(user, "user", user), phone=case.phone, dark=case.dark)
    path = case.path.format(sam=cast.student.pk, olive=cast.other_student.pk)
    visit(page, path, status=case.status)
    # Contrast rules only mean something once Tandem's own colours are applied.
    primary = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--pico-primary').trim()"
    )
    assert primary == "#1d5c8c", "tandem.css is not applied"

    violations = axe_violations(page)

    assert not violations, f"axe found problems on {path}:\n{describe(violations)}"
