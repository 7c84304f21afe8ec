"""Advisor expectations (seed 001) acknowledged per version, and the first-weeks checklist."""

import pytest
from django.urls import reverse

from tandem.onboarding.models import Acknowledgement, StartTaskDone
from tests.personas import make_school, make_staff

pytestmark = pytest.mark.django_db

EXPECTATIONS = "/advisor/expectations/"
COORDINATOR = "/coordinator/onboarding/"
EDIT = "/coordinator/onboarding/edit/"


def acknowledge(client, page):
    version = page.context["page"].version
    return client.post(
        "/advisor/expectations/acknowledge/",
        {"school": version.school_id, "version": version.pk},
        follow=True,
    )


def test_the_advisor_reads_the_seed_list_and_acknowledges_it(client, cast):
    client.force_login(cast.advisor)
    home = client.get(reverse("advisories:advisor_home")).content.decode()
    assert "Please read the advisor expectations of Harbor High" in home
    page = client.get(EXPECTATIONS)
    text = page.content.decode()
    assert "Contact parents within the first two weeks of school" in text
    assert "Meet with students at least once a quarter" in text
    assert "version 1" in text
    done = acknowledge(client, page).content.decode()
    assert "You acknowledged version 1 of these expectations on" in done
    ack = Acknowledgement.objects.get()
    assert (ack.advisor, ack.version.number) == (cast.advisor, 1)
    home = client.get(reverse("advisories:advisor_home")).content.decode()
    assert "Please read the advisor expectations" not in home
    # Bob has not: his home still asks him.
    client.force_login(cast.other_advisor)
    home = client.get(reverse("advisories:advisor_home")).content.decode()
    assert "Please read the advisor expectations of Harbor High" in home


def test_an_edit_makes_a_new_version_to_acknowledge_again(client, cast):
    client.force_login(cast.advisor)
    acknowledge(client, client.get(EXPECTATIONS))
    client.force_login(cast.coordinator)
    form = client.get(EDIT).context["form"]
    items = form.initial["expectations"] + "\nAnswer families' e-mails within two school days."
    response = client.post(
        EDIT,
        {"school": cast.school.pk, "expectations": items, "tasks": form.initial["tasks"]},
        follow=True,
    )
    assert "Saved as version 2" in response.content.decode()
    # Saving the same text again makes no version 3.
    client.post(EDIT, {"school": cast.school.pk, "expectations": items, "tasks": ""})
    assert cast.school.expectations_versions.count() == 2

    client.force_login(cast.advisor)
    assert "Please read the advisor expectations" in client.get("/advisor/").content.decode()
    page = client.get(EXPECTATIONS)
    text = page.content.decode()
    assert "Answer families&#x27; e-mails within two school days." in text
    assert "The expectations changed since you acknowledged version 1" in text
    assert "You acknowledged version 2" in acknowledge(client, page).content.decode()
    assert sorted(
        Acknowledgement.objects.filter(advisor=cast.advisor).values_list(
            "version__number", flat=True
        )
    ) == [1, 2]


def test_acknowledging_an_old_version_is_refused(client, cast):
    client.force_login(cast.advisor)
    page = client.get(EXPECTATIONS)
    client.force_login(cast.coordinator)
    client.post(EDIT, {"school": cast.school.pk, "expectations": "Be kind.", "tasks": ""})
    client.force_login(cast.advisor)
    response = acknowledge(client, page).content.decode()
    assert "The expectations changed while you were reading them" in response
    assert not Acknowledgement.objects.exists()


def test_an_empty_list_of_expectations_is_refused(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(EDIT, {"school": cast.school.pk, "expectations": " \n ", "tasks": ""})
    assert response.status_code == 400
    assert cast.school.expectations_versions.count() == 1


def test_the_checklist_is_ticked_by_each_advisor_and_the_coordinator_sees_who_has_not(client, cast):
    client.force_login(cast.advisor)
    page = client.get(EXPECTATIONS)
    tasks = [task for task, _done in page.context["page"].tasks]
    assert "Contact every advisee's family within the first two weeks of school." in [
        t.text for t in tasks
    ]
    for task in tasks:
        response = client.post(f"/advisor/expectations/tasks/{task.pk}/", {"done": "1"})
        assert response.status_code == 302
    # htmx: the checklist section comes back, with the tick undone.
    partial = client.post(
        f"/advisor/expectations/tasks/{tasks[0].pk}/", {"done": "0"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="checklist"' in partial and "<html" not in partial
    assert f"{len(tasks) - 1} of {len(tasks)} done" in partial
    client.post(f"/advisor/expectations/tasks/{tasks[0].pk}/", {"done": "1"})
    acknowledge(client, client.get(EXPECTATIONS))
    assert StartTaskDone.objects.filter(advisor=cast.advisor).count() == len(tasks)

    client.force_login(cast.coordinator)
    lists = {}
    for show in ["all", "not_acknowledged", "checklist_unfinished", "done"]:
        response = client.get(COORDINATOR, {"show": show})
        lists[show] = [row.advisor for row in response.context["rows"]]
        assert response.context["counts"][show] == len(lists[show])
    assert lists["all"] == [cast.advisor, cast.other_advisor]  # Alice, Bob
    assert lists["not_acknowledged"] == [cast.other_advisor]
    assert lists["checklist_unfinished"] == [cast.other_advisor]
    assert lists["done"] == [cast.advisor]
    text = client.get(COORDINATOR, {"show": "not_acknowledged"}).content.decode()
    assert "Bob Advisor" in text and "Alice Advisor" not in text
    assert "Not acknowledged (1)" in text


def test_a_changed_task_is_ticked_again_and_a_kept_one_keeps_its_tick(client, cast):
    client.force_login(cast.advisor)
    tasks = [t for t, _ in client.get(EXPECTATIONS).context["page"].tasks]
    for task in tasks[:2]:
        client.post(f"/advisor/expectations/tasks/{task.pk}/", {"done": "1"})
    client.force_login(cast.coordinator)
    texts = [tasks[0].text, "Visit each advisee's classes once.", *[t.text for t in tasks[2:]]]
    client.post(
        EDIT,
        {
            "school": cast.school.pk,
            "expectations": "\n".join(cast.school.expectations_versions.first().items),
            "tasks": "\n".join(texts),
        },
    )
    assert cast.school.expectations_versions.count() == 1  # the expectations did not change
    client.force_login(cast.advisor)
    page = client.get(EXPECTATIONS).context["page"]
    assert [t.text for t, _ in page.tasks] == texts
    assert [bool(done) for _, done in page.tasks][:2] == [True, False]


def test_a_coordinator_of_another_school_sees_nothing_of_harbor(client, cast):
    bay, _ = make_school("Bay Middle")
    bay_coordinator = make_staff(bay, "bea@bay.test", "Bea Coordinator", "coordinator")
    client.force_login(bay_coordinator)
    assert client.get(COORDINATOR, {"school": cast.school.pk}).status_code == 404
    assert client.get(EDIT, {"school": cast.school.pk}).status_code == 404
    response = client.get(COORDINATOR)  # her own school: none of Harbor's advisors
    assert "Alice Advisor" not in response.content.decode()
    # Nor may an advisor of Bay tick Harbor's tasks.
    bay_advisor = make_staff(bay, "abe@bay.test", "Abe Advisor", "advisor")
    client.force_login(cast.advisor)
    task = client.get(EXPECTATIONS).context["page"].tasks[0][0]
    client.force_login(bay_advisor)
    assert client.post(f"/advisor/expectations/tasks/{task.pk}/", {"done": "1"}).status_code == 404
    assert client.get(EXPECTATIONS, {"school": cast.school.pk}).status_code == 404
    version = cast.school.expectations_versions.get()
    for school in [cast.school.pk, bay.pk]:
        response = client.post(
            "/advisor/expectations/acknowledge/", {"school": school, "version": version.pk}
        )
        assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_the_school_admin_oversees_onboarding_too(client, cast):
    client.force_login(cast.school_admin)
    assert client.get(COORDINATOR).status_code == 200
    assert client.get(EDIT).status_code == 200
