"""The coordinator's onboarding overview and inbox run the
same number of queries for a small staff as for a large one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.onboarding import services
from tests.personas import make_staff

pytestmark = pytest.mark.django_db


def add_advisors(cast, count: int, start: int) -> None:
    services.expectations_for(cast.school)
    version = cast.school.expectations_versions.first()
    tasks = list(cast.school.start_tasks.all())
    for n in range(start, start + count):
        advisor = make_staff(cast.school, f"adv{n}@harbor.test", f"Advisor {n}", "advisor")
        if n % 2:
            services.expectations_acknowledge(advisor=advisor, version=version)
        services.start_task_tick(
            advisor=advisor, task=tasks[n % len(tasks)], year=cast.year, done=True
        )
        services.suggestion_send(
            author=advisor, school=cast.school, kind="concern", subject=f"S{n}", text="Text."
        )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/coordinator/onboarding/",
        "/coordinator/onboarding/?show=not_acknowledged",
        "/coordinator/suggestions/",
    ],
)
def test_the_coordinators_pages_do_not_grow_with_the_staff(client, cast, url):
    client.force_login(cast.coordinator)
    add_advisors(cast, 2, start=0)
    small = queries_for(client, url)
    add_advisors(cast, 25, start=100)
    large = queries_for(client, url)
    assert small == large, f"{url}: {small} queries with 4 advisors, {large} with 29"
