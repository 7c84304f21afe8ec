"""The quality overview, the list behind a number, the sample and the advisor's feedback run
the same number of queries for a few reviews as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tandem.quality import services
from tandem.quality.models import Sample
from tests.quality.helpers import advisees, advisor

pytestmark = pytest.mark.django_db


def add_reviews(cast, advisors: int, start: int) -> None:
    """`advisors` more advisors with three shared plans in each of Fall and Winter, every
    sampled plan reviewed; Alice gets one more advisee reviewed each time."""
    rubric = services.rubric_for(cast.school)
    criteria = list(rubric.criteria.all())
    staff = [
        advisor(cast, f"adv{n}@harbor.test", f"Advisor {n}") for n in range(start, start + advisors)
    ]
    for term in cast.year.terms.filter(name__in=["Fall", "Winter"]):
        for person in staff:
            advisees(cast, person, 3, term=term, prefix=f"{term.name}{person.pk}")
        advisees(cast, cast.advisor, 1, term=term, prefix=f"{term.name}A{start}")
        sample = _draw(cast, term)
        for n, review in enumerate(sample.reviews.filter(submitted_at=None)):
            services.review_submit(
                review=review,
                by=cast.coordinator,
                levels={c.pk: 1 + (n + i) % 4 for i, c in enumerate(criteria)},
                comments={},
                feedback="Feedback.",
            )


def _draw(cast, term):
    """Draw the term's sample, or draw again (the reviews submitted stay)."""
    exists = Sample.objects.filter(term=term).exists()
    return services.sample_draw(term=term, by=cast.coordinator, redraw=exists)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/coordinator/quality/",
        "/coordinator/quality/?advisor={alice}",
        "/coordinator/quality/scores/?criterion={criterion}",
        "/coordinator/quality/terms/{fall}/",
        "/advisor/quality/feedback/",
    ],
)
def test_the_quality_pages_do_not_grow_with_the_school(client, cast, url):
    rubric = services.rubric_for(cast.school)
    url = url.format(
        alice=cast.advisor.pk,
        criterion=rubric.criteria.first().pk,
        fall=cast.year.terms.get(name="Fall").pk,
    )
    add_reviews(cast, 1, start=0)
    client.force_login(cast.advisor if url.startswith("/advisor/") else cast.coordinator)
    small = queries_for(client, url)
    add_reviews(cast, 8, start=100)
    large = queries_for(client, url)
    assert small == large, f"{url}: {small} queries with 2 advisors, {large} with 10"
