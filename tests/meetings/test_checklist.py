"""The school's conference checklist: the guide's list by default (made once, lazily), and the
coordinator's edits."""

import pytest
from django.urls import reverse

from tandem.meetings import services
from tandem.meetings.models import ChecklistItem, Evidence, ItemKind
from tests.personas import make_school, make_staff

pytestmark = pytest.mark.django_db


def test_default_is_the_guides_must_do_list_with_tips(cast):
    checklist = services.checklist_for(cast.school)
    items = list(checklist.items.all())
    must = [i for i in items if i.kind == ItemKind.MUST]
    assert len(must) == 8
    assert [i.evidence for i in must] == [
        Evidence.NONE,
        Evidence.CREDIT_REPORT,
        Evidence.NARRATIVE,
        Evidence.GROWTH,
        Evidence.IEP,
        Evidence.PLAN,
        Evidence.APPROVAL,
        Evidence.REVISION,
    ]
    assert "Notes and feedback from the exhibition panel." in must[1].guidance_lines
    assert "Focus first on the student's growth over time." in must[3].guidance_lines
    assert [i.kind for i in items if i.is_tip] == [ItemKind.SHOULD] * 4 + [ItemKind.NICE] * 2
    # Made once: asking again (or for another page) adds nothing.
    services.checklist_for(cast.school)
    assert ChecklistItem.objects.filter(checklist__school=cast.school).count() == 14


def test_each_school_has_its_own(cast):
    other, _year = make_school("Bayside High")
    services.checklist_for(cast.school)
    services.checklist_for(other)
    assert ChecklistItem.objects.filter(checklist__school=other).count() == 14


def test_coordinator_adds_edits_reorders_removes_and_resets(client, cast):
    client.force_login(cast.coordinator)
    url = reverse("meetings:checklist")
    page = client.get(url).content.decode()
    assert "Review the credit report from the previous term" in page
    assert "Nice to do (a tip for the advisor)" in page

    # A tip cannot open evidence.
    bad = client.post(
        url,
        {
            "new-kind": "should",
            "new-title_en": "Ask about siblings",
            "new-guidance_en": "",
            "new-evidence": "growth",
        },
    )
    assert bad.status_code == 400
    assert "A tip for the advisor opens nothing" in bad.content.decode()

    response = client.post(
        url,
        {
            "new-kind": "must",
            "new-title_en": "Celebrate one success",
            "new-guidance_en": "Start here.",
            "new-evidence": "none",
        },
    )
    assert response.status_code == 302
    added = ChecklistItem.objects.get(title="Celebrate one success")
    assert added.order == 14

    edit = reverse("meetings:checklist_item", args=[added.pk])
    client.post(
        edit,
        {
            "item-kind": "must",
            "item-title_en": "Celebrate two successes",
            "item-guidance_en": "",
            "item-evidence": "none",
        },
    )
    added.refresh_from_db()
    assert added.title == "Celebrate two successes"

    move = reverse("meetings:checklist_move", args=[added.pk])
    client.post(move, {"direction": "up"})
    titles = list(added.checklist.items.values_list("title", flat=True))
    assert titles[-2] == "Celebrate two successes"

    remove = reverse("meetings:checklist_remove", args=[added.pk])
    confirm = client.get(remove).content.decode()
    assert "Remove “Celebrate two successes”" in confirm
    assert ChecklistItem.objects.filter(pk=added.pk).exists()  # asking is not removing
    client.post(remove)
    assert not ChecklistItem.objects.filter(pk=added.pk).exists()

    first = added.checklist.items.first()
    client.post(reverse("meetings:checklist_remove", args=[first.pk]))
    assert added.checklist.items.count() == 13
    reset = reverse("meetings:checklist_reset") + f"?school={cast.school.pk}"
    assert "Yes, go back to the guide" in client.get(reset).content.decode()
    assert added.checklist.items.count() == 13
    client.post(reset, {"school": cast.school.pk})
    assert added.checklist.items.count() == 14
    assert added.checklist.items.first().title == "Everyone is here"


def test_only_the_schools_oversight_keeps_it(client, cast):
    item = services.checklist_for(cast.school).items.first()
    other, _year = make_school("Bayside High")
    other_coordinator = make_staff(other, "olga@bayside.test", "Olga", "coordinator")
    for user in (cast.advisor, cast.case_manager, cast.caregiver.user, cast.student.user):
        client.force_login(user)
        assert client.get(reverse("meetings:checklist")).status_code == 404
        assert client.get(reverse("meetings:checklist_item", args=[item.pk])).status_code == 404
        assert client.post(reverse("meetings:checklist_remove", args=[item.pk])).status_code == 404
    client.force_login(other_coordinator)
    assert client.get(reverse("meetings:checklist")).status_code == 200  # her own school's
    assert client.get(reverse("meetings:checklist_item", args=[item.pk])).status_code == 404
    assert client.post(reverse("meetings:checklist_remove", args=[item.pk])).status_code == 404
    assert (
        client.post(reverse("meetings:checklist_reset"), {"school": cast.school.pk}).status_code
        == 404
    )
    assert ChecklistItem.objects.filter(pk=item.pk).exists()
    client.force_login(cast.school_admin)
    assert client.get(reverse("meetings:checklist_item", args=[item.pk])).status_code == 200
