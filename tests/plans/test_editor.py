"""The plan editor loses no text: sections save themselves as they are typed (htmx), the page's
Save and "Mark ready" send every section, and a conflict is another person's save only."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tandem.plans import services
from tandem.plans.models import PlanState

from .conftest import fill_required, make_ready

pytestmark = pytest.mark.django_db


def page_fields(plan, **bodies) -> dict:
    """What the editor's form sends: every section with the revision the page showed."""
    data = {}
    for section in plan.sections.all():
        data[f"{section.key}-revision"] = section.revision
        if section.kind == "text":
            data[f"{section.key}-body"] = bodies.get(section.key, section.body)
        elif section.kind == "competencies":
            data[f"{section.key}-competencies"] = section.items
        else:
            data[f"{section.key}-what"] = [s["what"] for s in section.items] + ["", ""]
            data[f"{section.key}-who"] = [s["who"] for s in section.items] + ["", ""]
            data[f"{section.key}-by"] = [s["by"] for s in section.items] + ["", ""]
    return data


def autosave(client, plan, key, body, revision):
    return client.post(
        reverse("plans:section_save", args=[plan.pk, key]),
        {f"{key}-revision": revision, f"{key}-body": body},
        headers={"HX-Request": "true"},
    )


def test_two_sections_typed_one_saved_then_mark_ready_keeps_both(client, cast, plan):
    """The issue's case: the page was opened, two sections typed, one saved (the autosave),
    and "Mark ready" clicked before the other was."""
    fill_required(plan, cast.advisor)
    client.force_login(cast.student.user)
    opened = page_fields(plan)  # what the page showed when Sam opened it
    autosave(client, plan, "learn_best", "With music on", opened["learn_best-revision"])
    sent = opened | {"learn_best-body": "With music on", "supports-body": "A quiet room"}
    response = client.post(reverse("plans:ready", args=[plan.pk]), sent | {"ready": "1"})
    assert response.status_code == 302
    assert plan.sections.get(key="learn_best").body == "With music on"
    assert plan.sections.get(key="supports").body == "A quiet room"
    plan.refresh_from_db()
    assert plan.student_ready_at is not None


def test_mark_ready_saves_the_text_before_checking_what_is_missing(client, cast, plan):
    client.force_login(cast.advisor)
    sent = page_fields(plan, hopes_goals="Pass algebra")
    response = client.post(reverse("plans:ready", args=[plan.pk]), sent | {"ready": "1"})
    assert response.status_code == 302
    assert plan.sections.get(key="hopes_goals").body == "Pass algebra"
    plan.refresh_from_db()
    assert plan.advisor_ready_at is None  # required sections still empty: said, not dropped
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Fill in the required sections first" in page
    assert "Still to write" in page and "My hopes and goals," not in page


def test_the_page_save_keeps_sections_someone_else_changed_and_the_person_did_not(
    client, cast, plan
):
    opened = page_fields(plan)
    services.section_save(
        plan=plan,
        key="supports",
        body="Alice's words",
        items=[],
        expected_revision=0,
        by=cast.advisor,
    )
    client.force_login(cast.student.user)
    response = client.post(
        reverse("plans:save", args=[plan.pk]), opened | {"hopes_goals-body": "Build a robot"}
    )
    assert response.status_code == 302
    assert plan.sections.get(key="supports").body == "Alice's words"
    assert plan.sections.get(key="hopes_goals").body == "Build a robot"


def test_the_page_save_shows_a_conflict_and_saves_the_rest(client, cast, plan):
    opened = page_fields(plan)
    services.section_save(
        plan=plan,
        key="supports",
        body="Alice's words",
        items=[],
        expected_revision=0,
        by=cast.advisor,
    )
    client.force_login(cast.student.user)
    sent = opened | {"hopes_goals-body": "Build a robot", "supports-body": "Sam's words"}
    response = client.post(reverse("plans:ready", args=[plan.pk]), sent | {"ready": "1"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Alice&#x27;s words" in html and "Sam&#x27;s words" in html
    assert plan.sections.get(key="hopes_goals").body == "Build a robot"
    assert plan.sections.get(key="supports").body == "Alice's words"
    plan.refresh_from_db()
    assert plan.student_ready_at is None  # not marked while a conflict is open
    # Saving again (the page carries Alice's revision now) keeps the merged text.
    revision = re.search(r'name="supports-revision" value="(\d+)"', html).group(1)
    client.post(
        reverse("plans:save", args=[plan.pk]),
        {"supports-revision": revision, "supports-body": "Both"},
    )
    assert plan.sections.get(key="supports").body == "Both"


def test_a_persons_own_autosave_is_no_conflict_with_their_save_button(client, cast, plan):
    client.force_login(cast.student.user)
    opened = page_fields(plan)
    autosave(client, plan, "hopes_goals", "Build", 0)  # the autosave went in ...
    client.post(  # ... while the page, still at revision 0, was sent with more words
        reverse("plans:save", args=[plan.pk]), opened | {"hopes_goals-body": "Build a robot"}
    )
    assert plan.sections.get(key="hopes_goals").body == "Build a robot"


def test_a_refused_page_save_writes_nothing_and_keeps_the_words(client, cast, plan):
    client.force_login(cast.advisor)
    sent = page_fields(plan, hopes_goals="Kept words") | {"competencies-competencies": ["NOPE"]}
    response = client.post(reverse("plans:save", args=[plan.pk]), sent)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Unknown competency: NOPE." in html and "Kept words" in html
    assert plan.sections.get(key="hopes_goals").body == ""


def test_autosave_answers_with_the_status_revision_and_plan_state(client, cast, shared_plan):
    section = shared_plan.sections.get(key="supports")
    client.force_login(cast.advisor)
    response = autosave(client, shared_plan, "supports", "More time on tests", section.revision)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-state="saved"' in html
    revision = section.revision + 1
    assert f'name="supports-revision" value="{revision}"' in html
    # The open page stops saying "Shared with family": the badge, the next step and the
    # workflow are redrawn out of band.
    assert re.search(r'<span id="plan-state" class="state state-draft" hx-swap-oob="true">', html)
    assert "Draft" in html and "Shared with family" not in html
    assert 'id="plan-workflow" hx-swap-oob="true"' in html and "Mark ready" in html
    assert "Record an approval" not in html
    shared_plan.refresh_from_db()
    assert shared_plan.state == PlanState.DRAFT


def test_autosave_redraws_still_to_write(client, cast, plan):
    client.force_login(cast.student.user)
    before = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert re.search(r"Still to write: [^<]*My hopes and goals", before)
    html = autosave(client, plan, "hopes_goals", "Build a robot", 0).content.decode()
    still = re.search(r"Still to write: ([^<]*)", html).group(1)
    assert "My hopes and goals" not in still and "How I learn best" in still


def test_autosave_conflict_is_answered_409_with_both_texts(client, cast, plan):
    services.section_save(
        plan=plan, key="supports", body="Alice", items=[], expected_revision=0, by=cast.advisor
    )
    client.force_login(cast.student.user)
    response = autosave(client, plan, "supports", "Sam", 0)
    html = response.content.decode()
    assert response.status_code == 409  # htmx swaps it (base.html's responseHandling)
    assert 'data-state="conflict"' in html and "Save the merged text" in html
    assert 'name="supports-revision" value="1"' in html
    assert plan.sections.get(key="supports").body == "Alice"


def test_the_meeting_room_save_goes_back_to_the_room_and_only_there(client, cast, plan):
    client.force_login(cast.advisor)
    room = f"/conferences/1/meeting/?open={plan.pk}"
    sent = page_fields(plan, hopes_goals="In the room")
    response = client.post(reverse("plans:save", args=[plan.pk]), sent | {"next": room})
    assert response["Location"] == room
    elsewhere = client.post(
        reverse("plans:save", args=[plan.pk]), sent | {"next": "https://evil.test/"}
    )
    assert elsewhere["Location"] == reverse("plans:detail", args=[plan.pk])


@pytest.mark.parametrize("persona", ["caregiver", "other_advisor", "coordinator"])
def test_only_the_authors_save_the_page(client, cast, shared_plan, persona):
    person = getattr(cast, persona)
    client.force_login(getattr(person, "user", person))
    sent = page_fields(shared_plan, hopes_goals="Forged")
    for name in ("plans:save", "plans:ready"):
        assert client.post(reverse(name, args=[shared_plan.pk]), sent).status_code == 404
    assert shared_plan.sections.get(key="hopes_goals").body != "Forged"


def test_advisor_actions_heading_only_with_actions(client, cast, plan):
    client.force_login(cast.advisor)
    draft = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Advisor actions" not in draft  # a draft has nothing to share yet
    make_ready(plan, cast)
    ready = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Advisor actions" in ready and "Share with the family" in ready


def test_editor_page_has_the_script_and_the_one_form(client, cast, plan):
    other = Client()
    other.force_login(cast.student.user)
    html = other.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert html.count('<form id="plan-form"') == 1 and "plans/editor.js" in html
    assert 'form="plan-form"' in html  # "Mark ready" submits the editor's form
