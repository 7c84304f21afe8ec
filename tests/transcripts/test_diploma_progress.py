"""The credit report's progress toward the diploma, against a case worked out by hand, and the
same words on the credit report page (staff and family), the review packet and its PDF.

Harbor High's diploma: 24 credits in all, among them English 4, Mathematics 4 and Science 2
(Science also counts "Life and Physical Sciences"). The term under review is the first half of
the school year (it ends on day 100 of 200), and Sam is in grade 10, so he should have 1.5 of
the 4 high-school years' share of every requirement: 9 of 24, 1.5 of English or Mathematics,
0.75 of Science.

Sam's transcript:            area                         grade  earned/attempted
  2025–26  ENG-9   English   English                      A      1 / 1
  2025–26  MATH-9  Algebra   Mathematics                  C      1 / 1
  2025–26  BIO-1   Biology   Life and Physical Sciences   D      1 / 1   (counts for Science)
  2025–26  PE-1    PE        Physical Education           P      0.5 / 0.5   (an elective)
  2025–26  SPAN-1  Spanish   World Languages              F      0 / 1
  2026–27  ENG-10  English   English, Semester 1          —      in progress (0.5)
  2026–27  MATH-10 Geometry  Mathematics, Semester 1      B      0.5 / 0.5
and one mastered competency worth 2 credits.

  English      1 of 4    expected 1.5  → behind by 0.5; 3 still needed; 0.5 in progress
  Mathematics  1.5 of 4  expected 1.5  → on track; 2.5 still needed
  Science      1 of 2    expected 0.75 → on track; 1 still needed
  electives    0.5; competencies 2; courses 4
  All credits  6 of 24   expected 9    → behind by 3; 18 still needed
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tandem.evidence import selectors
from tandem.evidence.models import CompetencyRating, GraduationRule
from tandem.plans.models import Competency
from tandem.schools.models import AcademicYear, Term
from tandem.transcripts.models import CourseRecord, DiplomaRequirement

pytestmark = pytest.mark.django_db

TRANSCRIPT = [
    ("ENG-9", "English", "English", 2026, "", "A", "1", "1"),
    ("MATH-9", "Algebra", "Mathematics", 2026, "", "C", "1", "1"),
    ("BIO-1", "Biology", "Life and Physical Sciences", 2026, "", "D", "1", "1"),
    ("PE-1", "PE", "Physical Education", 2026, "", "P", "0.5", "0.5"),
    ("SPAN-1", "Spanish", "World Languages", 2026, "", "F", "1", "0"),
    ("ENG-10", "English", "English", 2027, "Semester 1", "", "0.5", "0"),
    ("MATH-10", "Geometry", "Mathematics", 2027, "Semester 1", "B", "0.5", "0.5"),
]
WORDS = [
    "Behind on credits.",
    "6 of 24 credits earned; 9 expected by the end of this term.",
    "0.5 credits more in English would put the student on track.",
    "3 more credits would put the student on track.",
    "Still needed to graduate: 3 credits in English; 2.5 credits in Mathematics; "
    "1 credit in Science; 18 credits in all.",
]


@pytest.fixture
def semester(cast):
    school, sam = cast.school, cast.student
    sam.grade = 10
    sam.save()
    year = AcademicYear.objects.create(
        school=school, name="Test year", starts_on=date(2026, 9, 1), ends_on=date(2027, 3, 20)
    )
    term = Term.objects.create(
        year=year, name="Semester 1", starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 10)
    )
    GraduationRule.objects.create(school=school, credits_required=24)
    for position, (name, credits, areas) in enumerate(
        [("English", 4, []), ("Mathematics", 4, []), ("Science", 2, ["Life and Physical Sciences"])]
    ):
        DiplomaRequirement.objects.create(
            school=school, name=name, credits=credits, areas=areas, position=position
        )
    for code, title, area, year_end, term_name, grade, attempted, earned in TRANSCRIPT:
        CourseRecord.objects.create(
            student=sam,
            course_code=code,
            title=title,
            subject_area=area,
            school_year=year_end,
            term=term_name,
            grade=grade,
            credits_attempted=Decimal(attempted),
            credits_earned=Decimal(earned),
            source="csv",
        )
    competency = Competency.objects.create(
        school=school, code="CIV.1", statement="Civic voice", counts_toward_graduation=True,
        credits=2,
    )  # fmt: skip
    CompetencyRating.objects.create(
        student=sam, competency=competency, term=term, level="mastered", rated_by=cast.advisor
    )
    return term


def test_the_progress_matches_the_hand_computed_case(cast, semester):
    report = selectors.credit_report(cast.student, semester)
    d = report.diploma
    by_name = {p.name: p for p in d.areas}
    assert [
        (p.name, p.earned, p.expected, p.on_track, p.missing, p.short, p.in_progress)
        for p in d.areas
    ] == [
        ("English", 1, Decimal("1.50"), False, 3, Decimal("0.50"), Decimal("0.5")),
        ("Mathematics", Decimal("1.5"), Decimal("1.50"), True, Decimal("2.5"), 0, 0),
        ("Science", 1, Decimal("0.75"), True, 1, 0, 0),
    ]
    assert (d.electives, d.competency_credits, d.course_credits) == (Decimal("0.5"), 2, 4)
    total = d.total
    assert (total.earned, total.required, total.expected) == (6, 24, Decimal("9.00"))
    assert (total.on_track, total.short, total.missing) == (False, 3, 18)
    assert d.on_track is False and report.on_track is False
    assert [p.name for p in d.behind] == ["English", ""]
    assert [p.name for p in d.missing] == ["English", "Mathematics", "Science", ""]
    assert [c.course_code for c in by_name["Science"].courses] == ["BIO-1"]
    assert report.credits_earned == 6


def test_the_same_words_on_the_page_the_family_page_the_packet_and_the_pdf(
    client, cast, semester, monkeypatch
):
    term = {"term": semester.pk}
    sam = cast.student.pk
    pages = {}
    client.force_login(cast.advisor)
    pages["credit report"] = client.get(reverse("evidence:credit_report", args=[sam]), term)
    pages["packet"] = client.get(reverse("evidence:packet", args=[sam]), term)

    import weasyprint

    rendered = {}

    class Capture:
        def __init__(self, string, base_url):
            rendered["pdf"] = string

        def write_pdf(self):
            return b"%PDF-1.7"

    monkeypatch.setattr(weasyprint, "HTML", Capture)
    assert client.get(reverse("evidence:packet_pdf", args=[sam]), term).status_code == 200
    client.force_login(cast.caregiver.user)
    pages["family"] = client.get(reverse("evidence:credit_report", args=[sam]), term)

    texts = {name: page.content.decode() for name, page in pages.items()} | rendered
    for name, text in texts.items():
        for words in WORDS:
            assert words in text, f"{name}: {words}"
    assert "MATH-10" in texts["credit report"]  # staff read course codes; families do not
    assert "MATH-10" not in texts["family"] and "Geometry" in texts["family"]
    assert "Plan an intervention" in texts["credit report"]
    assert "Plan an intervention" not in texts["family"] + texts["pdf"]
