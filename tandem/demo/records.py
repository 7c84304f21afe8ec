"""Conference preparations for the demo school: about half of the students who can sign in
have started theirs for this term (the three questions and a piece of work or two), and some
advisors have commented. Deterministic for a seed; no message sent."""

import random
from datetime import date

from django.utils import timezone

from tandem.advisories.models import Advisory
from tandem.people.models import Student
from tandem.plans.models import Competency
from tandem.portfolios.models import Piece, PieceKind, Portfolio
from tandem.records.models import Preparation, PreparationComment, WorkPiece
from tandem.schools import calendar

LEARNED = [
    "I can write an argument essay with evidence from two sources.",
    "I learned to solve systems of equations and check my answers.",
    "I finished my first lab report with a real data table and graph.",
    "I got better at asking for help when I am stuck.",
]
NEED = [
    "I need to finish my work on time and revise my drafts.",
    "I need to get better at word problems in math.",
    "I need to write stronger conclusions in science.",
    "I need to read more outside of school.",
]
HOW = [
    "I will go to office hours on Tuesdays and use a planner.",
    "I will practice on Khan Academy three times a week.",
    "I will ask my advisor to check my plan every Friday.",
    "I will read 20 minutes every night and keep a reading log.",
]
WORK = [
    ("Argument essay: school start times", "https://docs.example.org/essay-start-times"),
    ("Titration lab report", "https://docs.example.org/titration-lab"),
    ("Exhibition slides", "https://slides.example.org/exhibition"),
    ("Math portfolio problem", "https://docs.example.org/math-portfolio"),
]
REFLECTIONS = [
    "It shows I can back an argument with evidence; I chose it because I rewrote it twice.",
    "My first real lab: the graph shows what I found and what I would change.",
    "I chose it because I presented it to the class and answered questions.",
    "",
]
COMMENTS = [
    "Great start. Lead with your essay; your family will love the evidence you found.",
    "Add one sentence on who can help you with the plan.",
    "Bring the graph from the lab: it shows how much you grew.",
]


def seed_demo_records(school, *, seed: int, today: date | None = None) -> dict[str, int]:
    rng = random.Random(seed + 13)
    term = calendar.current_term(school, today)
    if term is None:
        return {}
    students = list(
        Student.objects.filter(school=school, user__isnull=False, is_active=True).order_by("pk")
    )
    chosen = [s for s in students if rng.random() < 0.5]
    now = timezone.now()
    preparations = Preparation.objects.bulk_create(
        Preparation(
            student=s,
            term=term,
            learned=rng.choice(LEARNED),
            need_to_learn=rng.choice(NEED),
            how_to_learn=rng.choice(HOW),
            revision=1,
            updated_by_id=s.user_id,
            updated_at=now,
        )
        for s in chosen
    )
    pieces, comments = [], []
    advisors = dict(
        Advisory.objects.current()
        .filter(student__in=chosen)
        .values_list("student_id", "advisor_id")
    )
    # The pieces are the students' portfolios' (tandem.portfolios); the conference chooses them.
    portfolios = {p.student_id: p for p in Portfolio.objects.filter(student__in=chosen)}
    made = Portfolio.objects.bulk_create(
        Portfolio(student=s) for s in chosen if s.pk not in portfolios
    )
    portfolios |= {p.student_id: p for p in made}
    competencies = list(Competency.objects.filter(school=school, is_active=True).order_by("code"))
    day = calendar.today(school, now)
    for prep in preparations:
        for order, (title, link) in enumerate(rng.sample(WORK, rng.choice([1, 2]))):
            piece = Piece(
                portfolio=portfolios[prep.student_id],
                title=title,
                kind=PieceKind.LINK,
                url=link,
                reflection=rng.choice(REFLECTIONS),
                date=day,
                in_graduation_portfolio=rng.random() < 0.5,
                created_by_id=prep.student.user_id,
            )
            pieces.append((prep, order, piece))
        advisor = advisors.get(prep.student_id)
        if advisor and rng.random() < 0.4:
            comments.append(
                PreparationComment(preparation=prep, author_id=advisor, body=rng.choice(COMMENTS))
            )
    Piece.objects.bulk_create(piece for _prep, _order, piece in pieces)
    if competencies:
        Piece.competencies.through.objects.bulk_create(
            Piece.competencies.through(piece_id=piece.pk, competency_id=c.pk)
            for _prep, _order, piece in pieces
            for c in rng.sample(competencies, min(2, len(competencies)))
        )
    pieces = [
        WorkPiece(preparation=prep, piece=piece, order=order, added_by_id=prep.student.user_id)
        for prep, order, piece in pieces
    ]
    WorkPiece.objects.bulk_create(pieces)
    PreparationComment.objects.bulk_create(comments)
    return {
        "conference preparations": len(preparations),
        "portfolio pieces chosen for a conference": len(pieces),
        "advisor comments on them": len(comments),
    }
