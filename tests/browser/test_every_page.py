"""Every page of the access matrix on a 375 px phone: nothing scrolls sideways, axe (WCAG 2.1
A and AA) finds nothing and no list offers Django's "---------", for each kind of person who
may open it.

The pages come from tests/core/test_access_matrix.py (EXPECTED and params_for), so a URL added
there is checked here too. To keep the run short, each page is opened once per audience (the
school's staff, a family, a student, someone not signed in) by the first persona of that audience
the matrix lets in, and every persona opens their own home; each persona's pages share one
browser context.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.core.test_access_matrix import EXPECTED, params_for, persona_user

from .conftest import PHONE, session_cookie
from .support import axe_violations, describe, page_width

pytestmark = pytest.mark.browser

# Within an audience, the persona whose page shows the most (Sam's advisor edits his plan, the
# coordinator oversees, his mother has rights) comes first.
AUDIENCES = {
    "staff": ["advisor", "coordinator", "case_manager", "school_admin", "other_advisor"],
    "family": ["caregiver", "other_caregiver", "caregiver_no_rights"],
    "student": ["student", "other_student"],
    "anonymous": ["anonymous"],
}
PHONE_WIDTH = PHONE["viewport"]["width"]
# Not pages of Tandem's: django-ninja's Swagger UI, the API's reference for developers, is drawn
# by Swagger's own script and stylesheet (a desktop tool with its own markup), not by Tandem's
# templates; the API's JSON answers are not pages either (they are skipped by content type).
NOT_TANDEMS_PAGES = {"api:openapi-view"}


def pages_by_persona() -> dict[str, list[str]]:
    """URL names each persona opens: per audience, the first persona the matrix admits; and
    every signed-in persona's home (core:home redirects each to their own)."""
    chosen: dict[str, list[str]] = {p: [] for members in AUDIENCES.values() for p in members}
    for name, expected in sorted(EXPECTED.items()):
        if name in NOT_TANDEMS_PAGES:
            continue
        for members in AUDIENCES.values():
            admitted = [p for p in members if expected.get(p) == 200]
            if admitted:
                chosen[admitted[0]].append(name)
    for persona, names in chosen.items():
        if persona != "anonymous":
            names.insert(0, "core:home")
    return chosen


PAGES = pages_by_persona()


@dataclass
class Problem:
    path: str
    text: str

    def __str__(self):
        return f"{self.path}: {self.text}"


@pytest.mark.parametrize("persona", list(PAGES), ids=str)
def test_every_page_fits_a_phone_without_axe_violations(browser, site, cast, persona):
    user = persona_user(cast, persona)
    context = browser.new_context(base_url=site, locale="en-US", **PHONE)
    if user is not None:
        context.add_cookies([session_cookie(user, site)])
    page = context.new_page()
    problems: list[Problem] = []
    opened = 0
    try:
        for name in PAGES[persona]:
            path = reverse(name, kwargs=params_for(name, cast))
            try:
                response = page.goto(path)
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue  # a PDF, CSV, zip or calendar file: not a page
                raise
            if response is None or response.status != 200:
                problems.append(Problem(path, f"HTTP {response and response.status}"))
                continue
            if not (response.headers.get("content-type") or "").startswith("text/html"):
                continue
            opened += 1
            width = page_width(page)
            if width > PHONE_WIDTH:
                problems.append(Problem(path, f"{width} px wide ({name}){widest(page)}"))
            if "---------" in page.content():
                problems.append(Problem(path, f"a '---------' choice ({name})"))
            violations = axe_violations(page)
            if violations:
                problems.append(Problem(path, f"axe ({name}):\n{describe(violations)}"))
    finally:
        context.close()
    assert opened, f"{persona} opened no page"
    assert not problems, f"{persona} on a {PHONE_WIDTH} px phone:\n" + "\n".join(
        str(p) for p in problems
    )


WIDEST = f"""() => {{
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {{
    const box = el.getBoundingClientRect();
    if (box.right > {PHONE_WIDTH} + 0.5 && box.width > 0) {{
      const classes = typeof el.className === 'string' ? el.className.trim() : '';
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (classes ? '.' + classes.split(/\\s+/).join('.') : '');
      out.push(name + ' ' + Math.round(box.right) + 'px');
    }}
  }}
  return out.slice(-4);
}}"""


def widest(page) -> str:
    """The innermost elements that reach past the phone's edge, to say where to look."""
    found = page.evaluate(WIDEST)
    return f" — past the edge: {', '.join(found)}" if found else ""
