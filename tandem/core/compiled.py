"""Querysets compiled once, run many times: for the few reads every request of a rush makes.

A booking's CPU went mostly to the ORM building and compiling the same handful of querysets
again and again (filters, subqueries, joins: 2–5 ms each), not to the database. `Compiled`
keeps the rule where it lives — the queryset, written with the ORM as everywhere else (STYLE
habit 11) — and skips only the repeated work: it builds the queryset once per database and
language with stand-in values, compiles it, remembers where each stand-in landed among the
SQL's parameters, and afterwards substitutes the values of the call and runs that SQL. Rows
become what the queryset itself would give (model instances with their select_related and
annotations, or values_list tuples): the queryset's own iterable reads them from a copy of the
compiler that was set up at the first compile.

    window_of = Compiled(
        lambda user, window, today: ConferenceWindow.objects.filter(
            pk=window, ends_on__gte=today, ...
        )[:1]
    )
    found = window_of.all(user=request.user.pk, window=window_id, today=local_today())

What may vary between calls is only what `build` takes as arguments: whole numbers (ids),
dates, and lists of ids (one SQL per length: `id__in=` a list). The SQL must not depend on
their values (no None), and nothing else may vary either — a date or time baked into the
queryset (`timezone.now()`, `localdate()` inside `build`) would be frozen at the first call,
so preparing refuses any date, time or ISO-dated text among the parameters that is not one of
the call's values.
"""

import copy
import datetime as dt
import re
import threading
from dataclasses import dataclass

from django.db import connections, router
from django.db.models.sql.constants import MULTI
from django.utils import translation

# Stand-ins no real id or school date takes; each argument gets its own.
_INT_STANDIN = -7_340_032_000
_DATE_STANDIN = dt.date(1111, 1, 1)
_ISO_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}")
# A list longer than this is not compiled (one SQL is kept per length; a handful of lengths
# is what the rush asks for).
LONGEST_LIST = 16


@dataclass(frozen=True)
class _Slot:
    position: int
    name: str
    as_text: bool  # SQLite's backend passes dates as text


@dataclass(frozen=True)
class _Entry:
    queryset: object  # the stand-in queryset, never evaluated
    compiler: object  # set up by the first compile: select, klass_info, annotation_col_map
    sql: str
    params: tuple
    slots: tuple[_Slot, ...]


class Compiled:
    """`build(**values)` -> a QuerySet; `all(**values)` -> its rows, compiled once per
    database alias and language."""

    def __init__(self, build):
        self.build = build
        self._entries: dict[tuple, _Entry] = {}
        self._lock = threading.Lock()
        self._model = None  # learnt from the first stand-in queryset: it routes the read

    def all(self, **values) -> list:
        flat = {}
        for name, value in values.items():
            if isinstance(value, list | tuple | set | frozenset):
                if not value:
                    raise ValueError(f"{name}: an empty list (the caller knows the answer)")
                if len(value) > LONGEST_LIST:  # rare (the scheduler's whole school): as is
                    return list(self.build(**values))
                for n, item in enumerate(sorted(value)):
                    flat[f"{name}\0{n}"] = _checked(name, item)
            else:
                flat[name] = _checked(name, value)
        entry = self._entry(values, flat)
        params = list(entry.params)
        for slot in entry.slots:
            value = flat[slot.name]
            params[slot.position] = str(value) if slot.as_text else value
        queryset = entry.queryset._chain()
        queryset.query.get_compiler = _Runner(entry, tuple(params))
        return list(queryset)

    def _entry(self, values: dict, flat: dict) -> _Entry:
        # One SQL per database, language and shape (the names, and each list's length).
        shape = tuple(sorted(flat))
        if self._model is None:
            self._model = self._standin_queryset(values, flat)[0].model
        using = router.db_for_read(self._model)
        key = (using, translation.get_language(), shape)
        entry = self._entries.get(key)
        if entry is None:
            with self._lock:
                entry = self._entries.get(key) or self._prepare(using, values, flat)
                self._entries[key] = entry
        return entry

    def _standin_queryset(self, values: dict, flat: dict):
        """The queryset built with stand-ins, and the stand-in of each flat name."""
        standins = {}
        for n, name in enumerate(sorted(flat)):
            standins[name] = (
                _DATE_STANDIN + dt.timedelta(days=n)
                if isinstance(flat[name], dt.date)
                else _INT_STANDIN - n
            )
        arguments = {}
        for name, value in values.items():
            if isinstance(value, list | tuple | set | frozenset):
                arguments[name] = [standins[f"{name}\0{n}"] for n in range(len(value))]
            else:
                arguments[name] = standins[name]
        return self.build(**arguments), standins

    def _prepare(self, using: str, values: dict, flat: dict) -> _Entry:
        names = list(flat)
        queryset, standins = self._standin_queryset(values, flat)
        queryset = queryset.using(using)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        by_value = {}
        for name, standin in standins.items():
            by_value[standin] = (name, False)
            if isinstance(standin, dt.date):
                by_value[str(standin)] = (name, True)
        slots, seen = [], set()
        for position, param in enumerate(params):
            hit = by_value.get(param) if isinstance(param, int | str | dt.date) else None
            if hit is not None:
                slots.append(_Slot(position, hit[0], hit[1]))
                seen.add(hit[0])
            elif isinstance(param, dt.date | dt.time) or (
                isinstance(param, str) and _ISO_DATED.match(param)
            ):
                raise ValueError(
                    f"{param!r} is baked into the query: pass it as a value of the call"
                )
        missing = set(names) - seen
        if missing:
            raise ValueError(f"{sorted(missing)} did not reach the SQL as parameters")
        return _Entry(queryset, compiler, sql, tuple(params), tuple(slots))


def _checked(name, value):
    if isinstance(value, bool) or not isinstance(value, int | dt.date):
        raise TypeError(f"{name}: a Compiled query takes ids and dates, not {value!r}")
    if isinstance(value, dt.datetime):
        raise TypeError(f"{name}: a Compiled query takes dates, not date-times")
    return value


class _Runner:
    """Stands in for Query.get_compiler on one evaluation: a copy of the prepared compiler
    whose execute_sql runs the prepared SQL with this call's parameters, on this thread's
    connection."""

    def __init__(self, entry: _Entry, params: tuple):
        self.entry, self.params = entry, params

    def __call__(self, using=None, connection=None, elide_empty=True):
        entry, params = self.entry, self.params
        runner = copy.copy(entry.compiler)
        runner.connection = connection = connections[using or entry.queryset.db]
        runner.using = using or entry.queryset.db

        def execute_sql(result_type=MULTI, chunked_fetch=False, chunk_size=None):
            if result_type != MULTI:
                raise NotImplementedError("a Compiled query is read as rows")
            with connection.cursor() as cursor:
                cursor.execute(entry.sql, params)
                return [cursor.fetchall()]

        runner.execute_sql = execute_sql
        return runner
