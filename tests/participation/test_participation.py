"""Participation on the coordinator's desk (issue 16): rates on a small school whose outcomes
are known, the students behind every number, breakdowns, the target line, access and queries."""

import base64
import datetime
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.advisories.models import Advisory
from tandem.conferences.models import Conference, ConferenceWindow, Status
from tandem.meetings.models import Attendee, AttendeeKind, Meeting
from tandem.participation import selectors
from tandem.people.models import Guardianship, Household
from tandem.schools.models import AcademicYear, Role, Term
from tests.personas import make_caregiver, make_school, make_staff, make_student

NY = zoneinfo.ZoneInfo("America/New_York")


def at(day: datetime.date, hour=16):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=NY)


class Town:
    """Two years of three terms. Fall 2026 ends Friday 27 November; its window runs to
    18 December; the school holds reviews within 14 days (by 11 December).

    Fall 2026, Alice advises Ann, Ben, Cal; Bob advises Dee, Fay; Eve has no conference:
    - Ann (grade 9, IEP, Spanish-speaking mother): held 1 Dec, her mother present;
    - Ben (grade 9, two households): no-show 2 Dec, booked again for 9 Dec;
    - Cal (grade 10, 504): held 3 Dec, one of his two caregivers absent;
    - Dee (grade 10): held 18 Dec, three weeks after the term ended;
    - Fay (grade 11): her conference was cancelled.
    Fall 2025: Ann's review was held.
    """

    def __init__(self, school, n_extra=0):
        self.school = school
        self.coordinator = make_staff(school, f"cora{school.pk}@t.test", "Cora C", Role.COORDINATOR)
        self.alice = make_staff(school, f"alice{school.pk}@t.test", "Alice A", Role.ADVISOR)
        self.bob = make_staff(school, f"bob{school.pk}@t.test", "Bob B", Role.ADVISOR)
        self.years = []
        for start in (2025, 2026):
            year = AcademicYear.objects.create(
                school=school,
                name=f"{start}–{start + 1}",
                starts_on=datetime.date(start, 9, 1),
                ends_on=datetime.date(start + 1, 6, 30),
            )
            self.years.append(year)
        self.fall25 = self.term(self.years[0], "Fall", (2025, 9, 1), (2025, 11, 28))
        self.term(self.years[0], "Winter", (2025, 12, 1), (2026, 3, 6))
        self.term(self.years[0], "Spring", (2026, 3, 9), (2026, 6, 30))
        self.fall = self.term(self.years[1], "Fall", (2026, 9, 1), (2026, 11, 27))
        self.term(self.years[1], "Winter", (2026, 11, 30), (2027, 3, 5))
        self.window25 = ConferenceWindow.objects.create(
            term=self.fall25,
            starts_on=datetime.date(2025, 12, 1),
            ends_on=datetime.date(2025, 12, 19),
        )
        self.window = ConferenceWindow.objects.create(
            term=self.fall,
            starts_on=datetime.date(2026, 11, 30),
            ends_on=datetime.date(2026, 12, 18),
        )
        n = [0]

        def kid(first, grade, advisor, language="en", homes=1, parents=1, **flags):
            n[0] += 1
            s = make_student(
                school, first, "Town", grade=grade, local_id=f"{school.pk}-{n[0]}", **flags
            )
            Advisory.objects.create(student=s, advisor=advisor, year=self.years[1])
            s.parents = []
            for i in range(parents):
                home = Household.objects.create(
                    school=school, name=f"{first} {i if homes > 1 else 0}"
                )
                c = make_caregiver(
                    school,
                    f"P{i}",
                    first,
                    email=f"{first}{i}-{school.pk}-{n[0]}@f.test",
                    language=language,
                )
                Guardianship.objects.create(
                    student=s,
                    caregiver=c,
                    household=home if homes > 1 or i == 0 else s.home,
                    relationship="mother" if i == 0 else "father",
                )
                s.home = home if i == 0 else s.home
                s.parents.append(c)
            return s

        self.ann = kid("Ann", 9, self.alice, language="es", has_iep=True)
        self.ben = kid("Ben", 9, self.alice, homes=2, parents=2)
        self.cal = kid("Cal", 10, self.alice, parents=2, has_504=True)
        self.dee = kid("Dee", 10, self.bob)
        self.fay = kid("Fay", 11, self.bob)
        self.eve = kid("Eve", 11, self.bob)
        self.meet(self.ann, self.alice, datetime.date(2026, 12, 1), Status.HELD, present=[True])
        self.meet(self.ben, self.alice, datetime.date(2026, 12, 2), Status.NO_SHOW)
        self.meet(self.ben, self.alice, datetime.date(2026, 12, 9), Status.BOOKED)
        self.meet(
            self.cal, self.alice, datetime.date(2026, 12, 3), Status.HELD, present=[True, False]
        )
        self.meet(self.dee, self.bob, datetime.date(2026, 12, 18), Status.HELD, present=[True])
        self.meet(self.fay, self.bob, datetime.date(2026, 12, 4), Status.CANCELLED)
        self.meet(
            self.ann,
            self.alice,
            datetime.date(2025, 12, 2),
            Status.HELD,
            present=[True],
            window=self.window25,
        )
        for i in range(n_extra):
            extra = kid(f"X{i}", 12, self.bob, language="fr", homes=2, parents=2, has_est=True)
            self.meet(
                extra, self.bob, datetime.date(2026, 12, 7), Status.HELD, present=[True, True]
            )

    def term(self, year, name, start, end):
        return Term.objects.create(
            year=year, name=name, starts_on=datetime.date(*start), ends_on=datetime.date(*end)
        )

    def meet(self, student, advisor, day, status, present=(), window=None):
        c = Conference.objects.create(
            window=window or self.window,
            student=student,
            advisor=advisor,
            starts_at=at(day),
            ends_at=at(day) + datetime.timedelta(minutes=30),
            status=status,
        )
        if present:
            m = Meeting.objects.create(conference=c)
            for caregiver, here in zip(student.parents, present, strict=True):
                Attendee.objects.create(
                    meeting=m,
                    kind=AttendeeKind.CAREGIVER,
                    caregiver=caregiver,
                    name=caregiver.first_name,
                    invited=True,
                    present=here,
                )
        return c


@pytest.fixture
def town(db):
    school, _year = make_school("Town High")
    school.academic_years.all().delete() if hasattr(school, "academic_years") else None
    AcademicYear.objects.filter(school=school).delete()
    return Town(school)


def names(rows):
    return sorted(r.student.first_name for r in rows)


def test_rates_on_a_school_with_known_outcomes(town):
    data = selectors.participation(town.school, term=town.fall)
    fall = data.current
    assert names(fall.of(selectors.INVITED)) == ["Ann", "Ben", "Cal", "Dee", "Fay"]
    assert names(fall.of(selectors.HELD)) == ["Ann", "Cal", "Dee"]
    assert names(fall.of(selectors.ALL_PRESENT)) == ["Ann", "Dee"]
    assert names(fall.of(selectors.IN_TIME)) == ["Ann", "Cal"]
    assert names(fall.of(selectors.NO_SHOW)) == ["Ben"]
    assert names(fall.of(selectors.REBOOKED)) == ["Ben"]
    rates = [fall.rate(m) for m in selectors.MEASURES]
    assert [(r.numerator, r.denominator) for r in rates] == [(3, 5), (2, 3), (2, 3), (1, 1)]
    assert rates[0].percent == 60
    # This term against the terms before it and the same term a year earlier.
    assert data.year_before == town.fall25
    assert [t.term.name for t in data.compared()] == ["Fall", "Winter", "Spring", "Fall"]
    last_year = data.terms[town.fall25.pk]
    assert (
        last_year.rate(selectors.MEASURES[0]).numerator,
        last_year.rate(selectors.MEASURES[0]).denominator,
    ) == (1, 1)


def test_breakdowns_by_each_dimension(town):
    fall = selectors.participation(town.school, term=town.fall).current

    def held_of(dimension):
        return {
            k: (c[selectors.HELD], c[selectors.INVITED]) for k, c in fall.counts(dimension).items()
        }

    assert held_of("advisor") == {str(town.alice.pk): (2, 3), str(town.bob.pk): (1, 2)}
    assert held_of("grade") == {"9": (1, 2), "10": (2, 2), "11": (0, 1)}
    assert held_of("language") == {"es": (1, 1), "en": (2, 4)}
    assert held_of("support") == {"iep": (1, 1), "504": (1, 1), "none": (1, 3)}
    assert held_of("households") == {"one": (3, 4), "two": (0, 1)}


def login(client, user):
    client.force_login(user)


def numbers(html):
    """(numerator url, numerator, denominator url, denominator) for every cell on the page."""
    return re.findall(
        r'<a href="([^"]+)" class="numerator">(\d+)</a> / '
        r'<a href="([^"]+)" class="denominator">(\d+)</a>',
        html,
    )


@pytest.mark.parametrize("filters", [{}, {"grade": "9"}, {"households": "one"}])
def test_every_number_links_to_its_students(client, town, filters):
    login(client, town.coordinator)
    page = client.get(reverse("participation:page"), {"term": town.fall.pk, **filters})
    assert page.status_code == 200
    html = page.content.decode().replace("&amp;", "&")
    cells = numbers(html)
    assert len(cells) > 20
    if filters == {"grade": "9"}:  # Ann held, Ben not: 1 of 2 in the Fall row
        fall = html.split('<tr class="desk-total">')[1]
        assert numbers(fall)[0][1::2] == ("1", "2")
    for url_n, n, url_d, d in cells:
        for url, count in ((url_n, n), (url_d, d)):
            listed = client.get(url)
            assert listed.status_code == 200
            rows = listed.content.decode().count('<th scope="row">')
            assert rows == int(count), url


def test_target_line_is_the_schools_setting(client, town):
    login(client, town.coordinator)
    response = client.post(
        reverse("participation:target"), {"target": 85, "school": town.school.pk}
    )
    assert response.status_code == 302
    town.school.refresh_from_db()
    assert town.school.participation_target == 85
    html = client.get(reverse("participation:page"), {"term": town.fall.pk}).content.decode()
    assert "Target: 85 %." in html  # the table's caption
    images = re.findall(
        r'<img class="chart-image" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html
    )
    assert len(images) == 6
    for data, alt in images:
        assert "target at 85 %" in alt
        svg = base64.b64decode(data).decode()
        assert 'id="target"' in svg and "Target 85 %" in svg
    refused = client.post(reverse("participation:target"), {"target": 120})
    assert refused.status_code == 302
    town.school.refresh_from_db()
    assert town.school.participation_target == 85


@pytest.mark.parametrize("persona", ["advisor", "caregiver", "student", "other_coordinator"])
def test_outsiders_get_404(client, town, persona):
    from tests.personas import make_user

    if persona == "advisor":
        user = town.alice
    elif persona == "caregiver":
        user = town.ann.parents[0].user
    elif persona == "student":
        user = make_user("ann@s.test", "Ann Town")
        town.ann.user = user
        town.ann.save()
    else:
        other, _year = make_school("Elsewhere")
        user = make_staff(other, "x@else.test", "X", Role.COORDINATOR)
        response = client.get(reverse("participation:page"), {"school": town.school.pk})
        login(client, user)
        for name in ("page", "students"):
            response = client.get(
                reverse(f"participation:{name}"),
                {"school": town.school.pk, "term": town.fall.pk, "group": "held"},
            )
            assert response.status_code == 404
        response = client.get(reverse("participation:page"), {"term": town.fall.pk})
        assert response.status_code == 404  # not a term of their school
        return
    login(client, user)
    for name in ("page", "students"):
        response = client.get(
            reverse(f"participation:{name}"), {"term": town.fall.pk, "group": "held"}
        )
        assert response.status_code == 404
    assert client.post(reverse("participation:target"), {"target": 10}).status_code == 404


def test_school_admin_sees_the_page(client, town):
    admin = make_staff(town.school, "sid@t.test", "Sid", Role.SCHOOL_ADMIN)
    login(client, admin)
    response = client.get(reverse("participation:page"), {"term": town.fall.pk})
    assert response.status_code == 200
    assert b"Participation in family review conferences" in response.content


def _queries(client, town):
    login(client, town.coordinator)
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("participation:page"), {"term": town.fall.pk}).status_code == 200
    with CaptureQueriesContext(connection) as listed:
        url = reverse("participation:students")
        assert client.get(url, {"term": town.fall.pk, "group": "invited"}).status_code == 200
    return len(page), len(listed)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_school(client):
    small_school, _y = make_school("Small")
    AcademicYear.objects.filter(school=small_school).delete()
    small = _queries(client, Town(small_school))
    client.logout()
    big_school, _y = make_school("Big")
    AcademicYear.objects.filter(school=big_school).delete()
    big = _queries(client, Town(big_school, n_extra=12))
    assert small == big
