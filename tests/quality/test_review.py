"""A review reads the exact shared version beside the rubric; once submitted, the plan's
advisor reads it on their page and gets an e-mail (real SMTP); nobody else does, and the
overview's numbers are counts and averages of the reviews listed behind them."""

import pytest

from tandem.quality import selectors, services
from tandem.quality.models import Review
from tests.core.test_access_matrix import shared_plan_of
from tests.personas import make_school, make_staff
from tests.quality.helpers import advisees
from tests.smtp import Inbox

pytestmark = pytest.mark.django_db


def scores_form(rubric, level=3, **extra):
    form = {f"level_{c.pk}": level for c in rubric.criteria.filter(retired_at=None)}
    return form | extra


@pytest.fixture
def peer_sample(cast):
    """Peer review on; Sam's shared Fall plan (Alice's advisee) is dealt to Bob."""
    plan = shared_plan_of(cast)
    rubric = services.rubric_for(cast.school)
    rubric.peer_review = True
    rubric.save()
    sample = services.sample_draw(term=plan.term, by=cast.coordinator, seed=3)
    review = sample.reviews.get()
    assert review.plan == plan and review.reviewer == cast.other_advisor
    return review


def test_a_peer_review_reaches_the_advisor_on_their_page_and_by_mail(
    client, cast, peer_sample, smtp, django_capture_on_commit_callbacks
):
    review = peer_sample
    url = f"/quality/reviews/{review.pk}/"
    client.force_login(cast.other_advisor)
    assert "Samuel" not in client.get("/advisor/quality/feedback/").content.decode()
    queue = client.get("/advisor/quality/reviews/").content.decode()
    assert "Sam Rivera" in queue and "Review this plan" in queue
    page = client.get(url).content.decode()
    assert review.version.content_hash in page  # the exact version beside the rubric
    assert "Written." in page and "Specific goals" in page

    rubric = services.rubric_for(cast.school)
    incomplete = client.post(url, {"feedback": ""})
    assert incomplete.status_code == 400
    assert "Choose a level for Specific goals." in incomplete.content.decode()
    assert "Write the feedback for the advisor." in incomplete.content.decode()

    goals = rubric.criteria.get(name="Specific goals")
    form = scores_form(rubric, **{f"level_{goals.pk}": 2, f"comment_{goals.pk}": "Say how much."})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form | {"feedback": "Name the books and the dates."})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_submitted and review.submitted_by == cast.other_advisor

    smtp.wait_for(1)
    (mail,) = smtp.messages
    assert mail["To"] == "alice@harbor.test"
    assert "Plan quality feedback: Sam Rivera, Fall" in mail["Subject"]
    text = Inbox.text_of(mail)
    assert "Name the books and the dates." in text
    assert f"/advisor/quality/feedback/{review.pk}/" in text

    client.force_login(cast.advisor)
    mine = client.get("/advisor/quality/feedback/").content.decode()
    assert "Sam Rivera" in mine
    detail = client.get(f"/advisor/quality/feedback/{review.pk}/").content.decode()
    assert "Name the books and the dates." in detail
    assert "2 · Developing" in detail and "Say how much." in detail
    assert review.version.content_hash in detail

    # Submitted is final: a second post changes nothing.
    client.force_login(cast.other_advisor)
    client.post(url, scores_form(rubric, level=1) | {"feedback": "Changed."})
    assert Review.objects.get(pk=review.pk).feedback == "Name the books and the dates."


def test_nobody_else_reads_the_feedback_or_the_review(client, cast, peer_sample):
    review = peer_sample
    rubric = services.rubric_for(cast.school)
    services.review_submit(
        review=review,
        by=cast.other_advisor,
        levels={c.pk: 3 for c in rubric.criteria.all()},
        comments={},
        feedback="Good.",
    )
    bay, _ = make_school("Bay Middle")
    bay_coordinator = make_staff(bay, "cole@bay.test", "Cole", "coordinator")
    feedback = f"/advisor/quality/feedback/{review.pk}/"
    page = f"/quality/reviews/{review.pk}/"
    for user, url in [
        (cast.other_advisor, feedback),  # another advisor's feedback
        (cast.advisor, page),  # the advisor never reviews their own advisee's plan
        (cast.case_manager, page),
        (cast.caregiver.user, feedback),
        (cast.caregiver.user, page),
        (cast.student.user, feedback),
        (bay_coordinator, page),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == 404, (user, url)
    for user in [cast.coordinator, cast.school_admin, cast.other_advisor]:
        client.force_login(user)
        assert client.get(page).status_code == 200


def test_quality_averages_are_the_reviews_listed_behind_them(client, cast):
    fall = cast.year.terms.get(name="Fall")
    advisees(cast, cast.advisor, 3, term=fall, prefix="A")
    advisees(cast, cast.other_advisor, 2, term=fall, prefix="B")
    rubric = services.rubric_for(cast.school)
    rubric.per_advisor = 3
    rubric.save()
    sample = services.sample_draw(term=fall, by=cast.coordinator, seed=11)
    criteria = list(rubric.criteria.all())
    for n, review in enumerate(sample.reviews.order_by("pk")):
        services.review_submit(
            review=review,
            by=cast.coordinator,
            levels={c.pk: 1 + (n + i) % 4 for i, c in enumerate(criteria)},
            comments={},
            feedback=f"Feedback {n}.",
        )
    client.force_login(cast.coordinator)
    for advisor in ["", cast.advisor.pk, cast.other_advisor.pk]:
        page = client.get("/coordinator/quality/", {"advisor": advisor})
        data = page.context["data"]
        for criterion, cells in data.rows:
            for cell in cells:
                listed = client.get(
                    "/coordinator/quality/scores/",
                    {"criterion": criterion.pk, "term": cell.term_id, "advisor": advisor},
                )
                rows = listed.context["rows"]
                assert cell.count == len(rows)
                assert cell.average == selectors.average([row.level for row in rows])
                assert listed.context["average"] == cell.average
                text = listed.content.decode()
                for row in rows:
                    assert f"/quality/reviews/{row.review.pk}/" in text
                if cell.count:
                    link = f"criterion={criterion.pk}&amp;term={cell.term_id}" + (
                        f"&amp;advisor={advisor}" if advisor else ""
                    )
                    assert link in page.content.decode()
        expected = 5 if advisor == "" else (3 if advisor == cast.advisor.pk else 2)
        assert data.reviews_total == expected

    # The chart is a picture named for screen readers; the table has its numbers.
    page = client.get("/coordinator/quality/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    assert 'alt="Average level by criterion over terms; the table below has the numbers."' in page

    # A retired criterion keeps its scores on the overview, marked retired.
    services.criterion_retire(criterion=criteria[0], retire=True)
    page = client.get("/coordinator/quality/").content.decode()
    assert criteria[0].name in page and "(retired)" in page
