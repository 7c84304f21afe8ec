"""On the demo school: for every combination of the desk's filters (hypothesis), every count on
the desk is the length of the list its link shows, and each student is counted as on their
advisor's (or case manager's) own due list."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.demo import generator
from tandem.outreach.due import due_for_school
from tandem.oversight import compliance
from tandem.schools.models import Role, StaffRole
from tandem.schools.selectors import advisors_of

pytestmark = pytest.mark.django_db

CELL = re.compile(r'<td><a href="/coordinator/desk/students/\?([^"]+)">(\d+)</a></td>')


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--students", "40", "--seed", "7", stdout=StringIO())
    school = generator.demo_school()
    coordinator = StaffRole.objects.filter(school=school, role=Role.COORDINATOR).first().user
    return school, coordinator


def filters_of(school):
    advisors = [str(a.pk) for a in advisors_of(school)]
    return st.builds(
        compliance.Filters,
        grade=st.sampled_from([None, *compliance.grades_of(school)]),
        advisor=st.sampled_from(["", compliance.NO_ADVISOR, *advisors]),
        support=st.sampled_from(["", *compliance.SUPPORTS]),
        language=st.sampled_from(["", *(code for code, _name in compliance.languages_of(school))]),
        households=st.sampled_from(["", *compliance.HOUSEHOLDS]),
    )


def test_every_count_is_the_length_of_its_list_for_every_filter(client, demo):
    school, coordinator = demo
    client.force_login(coordinator)
    year = compliance.calendar.current_year(school)
    terms = compliance.terms_of(year)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(filters=filters_of(school), term=st.sampled_from(terms), pick=st.randoms())
    def check(filters, term, pick):
        desk = compliance.desk_rows(school, filters=filters, term=term)
        lines, total = desk.table()
        # The selector: each advisor's cell is the length of the list the cell's link asks for
        # (the same filters with that advisor), and the total row is the list without it.
        for _advisor, key, cells in lines:
            narrowed = compliance.desk_rows(
                school,
                filters=compliance.Filters(**{**filters.__dict__, "advisor": key}),
                term=term,
            )
            for (item, state), count in cells.items():
                assert count == len(narrowed.of(item=item, state=state, advisor=key))
        for (item, state), count in total.items():
            assert count == len(desk.of(item=item, state=state))
        # The pages: the desk's links and a sample of the lists they open.
        query = {**filters.as_query(), "term": term.pk}
        html = client.get("/coordinator/desk/", query).content.decode()
        links = CELL.findall(html)
        assert sum(int(n) for _q, n in links) == 2 * len(desk.rows)  # advisors + the total row
        for cell_query, count in pick.sample(links, min(4, len(links))):
            listed = client.get("/coordinator/desk/students/?" + cell_query.replace("&amp;", "&"))
            found = re.search(r'<p id="list-count">(\d+) student', listed.content.decode())
            assert int(found.group(1)) == int(count), cell_query

    check()


def test_each_student_is_counted_as_on_the_advisors_own_due_list(demo):
    school, _coordinator = demo
    desk = compliance.desk_rows(school)
    review = compliance.calendar.review_term(desk.year, desk.today)
    kinds = {"first_contact": "first_contact", "quarterly": "meeting"}
    if review is not None and review == desk.term:
        kinds["conference"] = "conference"
    on_desk = {
        (row.student.pk, kinds[row.item], row.owner_id): row.state
        for row in desk.rows
        if row.item in kinds and row.state in ("due", "overdue")
    }
    staff = StaffRole.objects.filter(
        school=school, role__in=[Role.ADVISOR, Role.CASE_MANAGER, Role.COUNSELOR]
    ).select_related("user")
    on_due_lists = {}
    for user in {role.user for role in staff}:
        for item in due_for_school(user, school).items:
            if item.kind in kinds.values():
                on_due_lists[(item.student.pk, item.kind, user.pk)] = item.status
    assert on_desk
    assert on_desk == on_due_lists
