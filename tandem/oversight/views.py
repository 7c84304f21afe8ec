"""The coordinator's compliance desk: the table by advisor, the students behind each cell, their
export, and the nudge. Every page reads compliance.desk_rows with the same filters."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tandem.advisories.access import oversight_school
from tandem.core.collector import collection_paused
from tandem.schools import calendar
from tandem.schools.selectors import advisors_of

from . import compliance, exports, services

PAGE_SIZE = 50


class Context:
    """What every desk page parses from the request: the school, the term, the filters and
    the cell (item, state, advisor row)."""

    def __init__(self, request, source, *, whole=False, named=True):
        self.school = oversight_school(request.user, source.get("school"))
        self.today = calendar.today(self.school)
        year = calendar.current_year(self.school, self.today)
        if year is None:
            raise Http404
        self.year = year
        self.terms = compliance.terms_of(year)
        chosen = source.get("term", "")
        self.term = None
        if chosen:
            self.term = next((t for t in self.terms if str(t.pk) == chosen), None)
            if self.term is None:
                raise Http404
        self.filters = compliance.Filters.from_query(source)
        item, state = source.get("item", ""), source.get("state", "")
        self.item = item if item in compliance.ITEMS else None
        self.state = state if self.item and state in compliance.ITEMS[item][1] else None
        # A list, its export and its nudge need only their item's rows.
        self.desk = compliance.desk_rows(
            self.school,
            filters=self.filters,
            term=self.term,
            today=self.today,
            items=[self.item] if self.item and not whole else None,
            year=year,
            named=named,
        )
        self.term = self.desk.term

    def base_query(self) -> dict:
        query = self.filters.as_query()
        if self.term is not None:
            query["term"] = str(self.term.pk)
        return query

    def advisor_key(self):
        if self.filters.advisor == compliance.NO_ADVISOR:
            return compliance.NO_ADVISOR
        return int(self.filters.advisor) if self.filters.advisor else None

    def rows(self):
        return self.desk.of(item=self.item, state=self.state, advisor=self.advisor_key())

    def cell_query(self) -> dict:
        query = self.base_query()
        if self.item:
            query["item"] = self.item
        if self.state:
            query["state"] = self.state
        return query


def _filter_choices(school):
    return {
        # (value, name) pairs: the select lists every advisor of the school on every page.
        "advisors": [
            (str(pk), name) for pk, name in advisors_of(school).values_list("pk", "full_name")
        ],
        "grades": compliance.grades_of(school),
        "supports": [
            ("iep", _("IEP")),
            ("504", _("504 plan")),
            ("est", _("EST")),
            ("none", _("No support plan")),
        ],
        "languages": compliance.languages_of(school),
        "household_choices": [("one", _("One household")), ("two", _("Two households"))],
    }


def _cell_links(columns):
    """Each cell's "&item=…&state=…" query suffix, HTML-escaped, with its (item, state): the
    same for every row of the table, so built once per page."""
    return [
        ((item, state), escape(f"item={item}&state={state}"))
        for item, _label, states in columns
        for state, _state_label in states
    ]


def _row(links, counts, base, key, list_url, heading, *, total=False):
    """A table row as HTML: its heading, then its cells, each count a link to its list; a zero
    is plain text, there being no student behind it (built here rather than in the template: a
    large school's table has thousands of cells, many of them zeros, and 200 rows)."""
    if key:
        base = dict(base, advisor=key)
    prefix = urlencode(base)
    start = '<td><a href="' + escape(list_url + "?" + (f"{prefix}&" if prefix else ""))
    get = counts.get
    cells = "".join(
        [
            f'{start}{suffix}">{n}</a></td>' if (n := get(cell)) else "<td>0</td>"
            for cell, suffix in links
        ]
    )
    opening = '<tr class="desk-total">' if total else "<tr>"
    return f'{opening}<th scope="row">{escape(heading)}</th>{cells}</tr>'


@login_required
@collection_paused()  # a whole school's rows: they die with the request (tandem/core/collector.py)
def desk(request):
    ctx = Context(request, request.GET, whole=True, named=False)  # counts only
    lines, total = ctx.desk.table()
    base = ctx.base_query()
    columns = ctx.desk.columns()
    links, list_url = _cell_links(columns), reverse("oversight:desk_list")
    no_advisor = _("No advisor")
    rows = [
        _row(links, cells, base, key, list_url, advisor.full_name if advisor else no_advisor)
        for advisor, key, cells in lines
    ]
    rows.append(_row(links, total, base, "", list_url, _("All advisors"), total=True))
    table = mark_safe("\n".join(rows))  # noqa: S308 - each row escapes its parts
    overdue_first = total[(compliance.FIRST_CONTACT, compliance.OVERDUE)]
    return render(
        request,
        "oversight/desk.html",
        {
            "school": ctx.school,
            "year": ctx.year,
            "terms": ctx.terms,
            "term": ctx.term,
            "quarter": ctx.desk.quarter,
            "filters": ctx.filters,
            "columns": columns,
            "table": table,
            "first_contacts_overdue": overdue_first,
            "first_contacts_overdue_query": urlencode(
                dict(base, item=compliance.FIRST_CONTACT, state=compliance.OVERDUE)
            ),
            "query": urlencode(base),
            **_filter_choices(ctx.school),
        },
    )


@login_required
@collection_paused()  # a whole school's rows: they die with the request (tandem/core/collector.py)
def desk_list(request):
    ctx = Context(request, request.GET)
    rows = ctx.rows()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/desk_list.html",
        {
            "school": ctx.school,
            "term": ctx.term,
            "terms": ctx.terms,
            "filters": ctx.filters,
            "item": ctx.item,
            "state": ctx.state,
            "title": _list_title(ctx),
            "count": len(rows),
            "page": page,
            "entries": [(row, ctx.desk.advisors.get(row.advisor_id)) for row in page],
            "cell_query": urlencode(ctx.cell_query()),
            "desk_query": urlencode(ctx.base_query()),
            "hidden": sorted(ctx.cell_query().items()),
            **_filter_choices(ctx.school),
        },
    )


def _list_title(ctx) -> str:
    if ctx.item and ctx.state:
        return f"{compliance.item_label(ctx.item)}: {compliance.state_label(ctx.item, ctx.state)}"
    if ctx.item:
        return str(compliance.item_label(ctx.item))
    return _("Every item")


@login_required
@collection_paused()  # a whole school's rows: they die with the request (tandem/core/collector.py)
def desk_export(request):
    ctx = Context(request, request.GET)
    name = "compliance"
    if ctx.item:
        name += f"-{ctx.item}" + (f"-{ctx.state}" if ctx.state else "")
    if request.GET.get("format") == "xlsx":
        return exports.as_xlsx(ctx.desk, ctx.rows(), name)
    return exports.as_csv(ctx.desk, ctx.rows(), name)


@login_required
@require_POST
def desk_nudge(request):
    """Step one (no `confirm`): show what would be sent; step two: send it."""
    ctx = Context(request, request.POST)
    rows = ctx.rows()
    if request.POST.get("all") != "1":
        chosen = set(request.POST.getlist("row"))
        rows = [row for row in rows if row.key in chosen]
    back = reverse("oversight:desk_list") + "?" + urlencode(ctx.cell_query())
    if not rows:
        messages.error(request, _("Choose at least one student."))
        return redirect(back)
    if request.POST.get("confirm") != "1":
        people, families = {}, []
        for row in rows:
            if row.for_family:
                families.append(row)
            else:
                people.setdefault(row.owner_id, []).append(row)
        return render(
            request,
            "oversight/nudge_confirm.html",
            {
                "school": ctx.school,
                "people": [
                    (ctx.desk.advisors.get(owner), items) for owner, items in people.items()
                ],
                "families": families,
                "rows": rows,
                "hidden": sorted(ctx.cell_query().items()),
                "back": back,
            },
        )
    try:
        result = services.nudge_send(by=request.user, school=ctx.school, rows=rows)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "Nudge sent: %(people)s staff message and %(families)s family message(s) about "
            "%(items)s item.",
            "Nudge sent: %(people)s staff messages and %(families)s family message(s) about "
            "%(items)s items.",
            result.items,
        )
        % {"people": result.people, "families": result.families, "items": result.items},
    )
    if result.skipped:
        messages.warning(
            request,
            ngettext(
                "%(n)s item was not sent: nobody to write to.",
                "%(n)s items were not sent: nobody to write to.",
                len(result.skipped),
            )
            % {"n": len(result.skipped)},
        )
    return redirect(back)
