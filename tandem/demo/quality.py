"""Plan quality for the demo school: this term's sample drawn (two shared plans per advisor,
the demo's seed) and about two thirds of it reviewed by the coordinator, so the overview, the
sample page and the advisors' feedback have something to show. Deterministic for a seed; no
message sent."""

import random
from datetime import date

from tandem.accounts.models import User
from tandem.quality import services
from tandem.schools import calendar

from .generator import COORDINATOR_EMAIL

FEEDBACK = [
    "Clear goals. Give each action step a date and a name beside it.",
    "The family's hopes are in the plan: say which step answers them.",
    "Name the supports (who and when) so the family knows who to ask.",
    "Strong plan. Tie each competency to the goal it serves.",
]


def seed_demo_quality(school, *, seed: int, today: date | None = None) -> dict[str, int]:
    term = calendar.current_term(school, today)
    if term is None:
        return {}
    rng = random.Random(seed + 17)
    coordinator = User.objects.get(email=COORDINATOR_EMAIL)
    rubric = services.rubric_for(school)
    criteria = list(rubric.criteria.filter(retired_at=None))
    sample = services.sample_draw(term=term, by=coordinator, seed=seed)
    reviewed = 0
    for review in sample.reviews.order_by("pk"):
        if rng.random() < 0.35:
            continue  # still to review
        services.review_submit(
            review=review,
            by=coordinator,
            levels={c.pk: rng.choice([2, 3, 3, 4]) for c in criteria},
            comments={},
            feedback=rng.choice(FEEDBACK),
            notify=False,
        )
        reviewed += 1
    return {"plans sampled for quality": sample.reviews.count(), "quality reviews": reviewed}
