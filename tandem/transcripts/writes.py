"""Writing course records: the one writer both sources (the roster, a transcript CSV) use.

Records are keyed by (student, course code, school year, term). The writer takes each
student's courses a few thousand students at a time, loads what those students already have
(one query), and works out what to create, update or leave alone in Python, so a district's
1.5 million enrollments never sit in memory as model instances. New rows go in with COPY on
PostgreSQL (bulk_create elsewhere), changed ones with bulk_update.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import NamedTuple

from django.db import connection

from tandem.rosters.report import Report

from .models import CourseRecord

STUDENTS_PER_CHUNK = 2000
BATCH = 1000
TWO_PLACES = Decimal("0.01")
VALUES = ("title", "subject_area", "grade", "credits_attempted", "credits_earned")
COLUMNS = ("student_id", "course_code", "school_year", "term", *VALUES, "source")


class CourseLine(NamedTuple):
    """One course a student took, as either source says it (no student: the caller knows).
    A tuple: a district's import makes a million and a half of them."""

    course_code: str
    title: str
    subject_area: str
    school_year: int
    term: str
    grade: str
    credits_attempted: Decimal
    credits_earned: Decimal

    @property
    def key(self) -> tuple[str, int, str]:
        return (self[0], self[3], self[4])

    @property
    def values(self) -> tuple:
        return (self[1], self[2], self[5], self[6], self[7])


def credits(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES)


@dataclass
class Prune:
    """Which of a student's records the source no longer listing removes: in progress (no grade
    yet), from this source, in these school years. A finished course stays on the transcript
    whatever a later roster says."""

    source: str
    years: frozenset[int]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def write_courses(
    by_student: Iterable[tuple[int, list[CourseLine]]],
    *,
    source: str,
    report: Report,
    kind: str = "course_records",
    prune: Prune | None = None,
) -> None:
    """Bring each student's course records in step with `by_student` ((student id, lines);
    a student's lines have distinct keys). Counts go to `report` under `kind`."""
    for chunk in _chunks(by_student, STUDENTS_PER_CHUNK):
        _write_chunk(chunk, source=source, report=report, kind=kind, prune=prune)


def _write_chunk(chunk, *, source, report, kind, prune) -> None:
    ids = [student_id for student_id, _lines in chunk]
    have: dict[int, dict[tuple, tuple]] = defaultdict(dict)
    for pk, student_id, code, year, term, *values, was in CourseRecord.objects.filter(
        student_id__in=ids
    ).values_list("pk", "student_id", "course_code", "school_year", "term", *VALUES, "source"):
        have[student_id][(code, year, term)] = (pk, tuple(values), was)
    new, changed, gone, unchanged = [], [], [], 0
    for student_id, lines in chunk:
        mine = have.pop(student_id, {})
        for line in lines:
            found = mine.pop(line.key, None)
            if found is None:
                new.append((student_id, *line.key, *line.values, source))
            elif found[1] != line.values:
                changed.append(
                    CourseRecord(
                        pk=found[0],
                        **dict(zip(VALUES, line.values, strict=True)),
                        source=source,
                    )
                )
            else:  # the same values from the other source too: the same record, unchanged
                unchanged += 1
        if prune is not None:  # what is left of the student's records was not listed
            gone += [
                pk
                for (_code, year, _term), (pk, values, was) in mine.items()
                if was == prune.source and not values[2] and year in prune.years
            ]  # values[2]: the grade; none yet means the course is still in progress
    _insert(new)
    CourseRecord.objects.bulk_update(changed, [*VALUES, "source"], batch_size=BATCH)
    for part in _chunks(gone, BATCH):
        CourseRecord.objects.filter(pk__in=part).delete()
    report.count(kind, "created", len(new))
    report.count(kind, "updated", len(changed))
    report.count(kind, "unchanged", unchanged)
    report.count(kind, "deactivated", len(gone))


def _insert(rows: list[tuple]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        table = CourseRecord._meta.db_table
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"  # noqa: S608 - our names
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    CourseRecord.objects.bulk_create(
        [CourseRecord(**dict(zip(COLUMNS, row, strict=True))) for row in rows], batch_size=BATCH
    )


def drop_courses(keys: list[tuple[int, str, int, str]], *, source: str, report: Report) -> None:
    """Remove the courses still in progress with these (student id, code, year, term) keys that
    `source` made: the student left the class."""
    gone = []
    for part in _chunks(sorted(set(keys)), BATCH):
        students = {key[0] for key in part}
        wanted = set(part)
        rows = CourseRecord.objects.filter(student_id__in=students, source=source, grade="")
        for pk, *key in rows.values_list("pk", "student_id", "course_code", "school_year", "term"):
            if tuple(key) in wanted:
                gone.append(pk)
    for part in _chunks(gone, BATCH):
        CourseRecord.objects.filter(pk__in=part).delete()
    report.count("course_records", "deactivated", len(gone))
