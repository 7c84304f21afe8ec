"""Writing what an evidence file says, in bulk: every existing record of the school is loaded
once, compared in Python, and written with bulk_create/bulk_update, so an unchanged file is
read and compared, never written. Called inside `imports.evidence_apply`'s transaction."""

from __future__ import annotations

import json
from operator import attrgetter

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.core import content
from tandem.people.models import Student
from tandem.plans.models import Competency
from tandem.rosters.oneroster import Problem
from tandem.rosters.report import Report
from tandem.schools.models import School

from .assessment_files import ResultsFile
from .framework_files import FrameworkFile
from .models import AssessmentResult, Framework, FrameworkItem

BATCH = 2000


def apply_framework(parsed: FrameworkFile, *, school: School, report: Report) -> None:
    framework = Framework.objects.filter(school=school, identifier=parsed.identifier).first()
    header = {"title": parsed.title[:300], "creator": parsed.creator[:300]}
    header |= {"version": parsed.version[:60], "source": parsed.source}
    if framework is None:
        framework = Framework.objects.create(
            school=school, identifier=parsed.identifier[:255], **header
        )
        report.count("frameworks", "created")
    elif any(getattr(framework, k) != v for k, v in header.items()):
        for key, value in header.items():
            setattr(framework, key, value)
        framework.imported_at = timezone.now()
        framework.save()
        report.count("frameworks", "updated")
    else:
        report.count("frameworks", "unchanged")

    existing = {item.identifier: item for item in framework.items.all()}
    new, changed = [], set()
    fields = ("code", "statement", "item_type", "sequence")
    for node in parsed.nodes:
        values = {
            "code": node.code,
            "statement": node.statement,
            "item_type": node.item_type[:100],
            "sequence": node.sequence,
        }
        item = existing.get(node.identifier)
        if item is None:
            item = FrameworkItem(framework=framework, identifier=node.identifier, **values)
            new.append(item)
            existing[node.identifier] = item
        elif any(getattr(item, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(item, key, value)
            changed.add(node.identifier)
    FrameworkItem.objects.bulk_create(new, batch_size=BATCH)
    created = {item.identifier for item in new}
    for node in parsed.nodes:  # parents, once every item has a primary key
        item = existing[node.identifier]
        parent_id = existing[node.parent].pk if node.parent in existing else None
        if item.parent_id != parent_id:
            item.parent_id = parent_id
            changed.add(node.identifier)
    FrameworkItem.objects.bulk_update(
        [existing[i] for i in changed], [*fields, "parent"], batch_size=BATCH
    )
    report.count("items", "created", len(created))
    report.count("items", "updated", len(changed - created))
    report.count("items", "unchanged", len(parsed.nodes) - len(created | changed))
    _place_competencies(parsed, existing, school=school, report=report)


def _place_competencies(parsed, items: dict, *, school, report) -> None:
    """Every coded item is a competency a student can target and be rated on. A CASE file
    sets the statement; a CSV's `credits` column also sets the graduation credit."""
    competencies = {c.code: c for c in Competency.objects.filter(school=school)}
    # The file's statement is the school's language's (its translations stay the school's).
    statement = content.column("statement", content.school_language(school))
    new, changed = [], []
    for node in parsed.nodes:
        if not node.code:
            continue  # a grouping node (a strand, a domain): part of the tree only
        values = {statement: node.statement[:500], "framework_item_id": items[node.identifier].pk}
        if node.credits is not None:
            values |= {"credits": node.credits, "counts_toward_graduation": node.credits > 0}
        competency = competencies.get(node.code)
        if competency is None:
            competency = Competency(school=school, code=node.code, **values)
            competencies[node.code] = competency
            new.append(competency)
        elif any(getattr(competency, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(competency, key, value)
            changed.append(competency)
        else:
            report.count("competencies", "unchanged")
    Competency.objects.bulk_create(new, batch_size=BATCH)
    Competency.objects.bulk_update(
        changed,
        [statement, "statement", "framework_item", "credits", "counts_toward_graduation"],
        batch_size=BATCH,
    )
    report.count("competencies", "created", len(new))
    report.count("competencies", "updated", len(changed))


def student_index(school: School) -> dict[str, int]:
    """Local id and state id → student id; a local id wins over another student's state id."""
    index = {}
    rows = Student.objects.filter(school=school).values_list("pk", "local_id", "state_id")
    for pk, _local, state in rows:
        if state:
            index[state.strip().lower()] = pk
    for pk, local, _state in rows:
        index[local.strip().lower()] = pk
    return index


# What an event says, in the order it is compared with what Tandem has.
RESULT_FIELDS = (
    "subject",
    "test",
    "scale",
    "taken_on",
    "term_name",
    "score",
    "standard_error",
    "percentile",
    "growth_measure",
    "level",
    "growth",
)


def apply_results(parsed: ResultsFile, *, school: School, report: Report) -> None:
    """Every event in the file is kept: a new event id is created, a known one updated (or
    left alone when unchanged). A result without an event id (entered by hand, or imported
    before ids were kept) is taken over by the file's event of the same student, assessment,
    subject and date. One read of the students and one of the results; no query per row."""
    students = student_index(school)
    source = parsed.format
    assessments = {row.assessment for row in parsed.rows}
    by_event, without_event = {}, {}
    query = AssessmentResult.objects.filter(student__school=school, assessment__in=assessments)
    for found in query.values_list("pk", "student_id", "assessment", "event_id", *RESULT_FIELDS):
        pk, student, assessment, event_id = found[:4]
        if event_id:
            by_event[(student, assessment, event_id)] = (pk, found[4:])
        else:
            key = (student, assessment, found[4].lower(), found[7])  # subject and date
            without_event[key] = (pk, found[4:])
    values_of = attrgetter(*RESULT_FIELDS)  # a Row's values, as a tuple in RESULT_FIELDS order
    seen: dict[tuple, int] = {}
    new, changed, unchanged = [], [], 0
    for row in parsed.rows:
        student = students.get(row.student_key.lower())
        if student is None and row.state_key:
            student = students.get(row.state_key.lower())
        if student is None:
            report.errors.append(
                Problem(
                    parsed.name,
                    row.row,
                    parsed.student_column,
                    _("No student of %(school)s has the local or state id “%(id)s”.")
                    % {"school": school.name, "id": row.student_key},
                )
            )
            continue
        key = (student, row.assessment, row.event_id)
        if key in seen:
            report.errors.append(
                Problem(
                    parsed.name,
                    row.row,
                    "",
                    _("Row %(row)s is the same test event (%(event)s).")
                    % {"row": seen[key], "event": row.event_id},
                )
            )
            continue
        seen[key] = row.row
        values = values_of(row)
        found = by_event.get(key)
        if found is None:
            found = without_event.pop(
                (student, row.assessment, row.subject.lower(), row.taken_on), None
            )
            if found is None:
                new.append((student, row.assessment, row.event_id, source, *values))
                continue
            found = (found[0], None)  # an older result of this event: it takes the event's id
        if found[1] == values:
            unchanged += 1
            continue
        result = AssessmentResult(pk=found[0], event_id=row.event_id, source=source)
        for name, value in zip(RESULT_FIELDS, values, strict=True):
            setattr(result, name, value)
        changed.append(result)
    # Updates first: an event-less result taken over frees its (student, subject, date) slot.
    now = timezone.now()  # bulk_update does not stamp auto_now fields (the API's sync reads it)
    for result in changed:
        result.updated_at = now
    AssessmentResult.objects.bulk_update(
        changed, [*RESULT_FIELDS, "event_id", "source", "updated_at"], batch_size=BATCH
    )
    _insert_results(new)
    report.count("results", "created", len(new))
    report.count("results", "updated", len(changed))
    report.count("results", "unchanged", unchanged)


INSERT_COLUMNS = ("student", "assessment", "event_id", "source", *RESULT_FIELDS)


def _insert_results(rows: list[tuple]) -> None:
    """A district's export is tens of thousands of rows: insert them without building a model
    instance per row (bulk_create spends most of its time doing that) — by COPY on PostgreSQL,
    by executemany on SQLite (in-process, so a statement per row costs no round trip)."""
    if not rows:
        return
    meta = AssessmentResult._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(meta.get_field(name).column) for name in INSERT_COLUMNS)
    growth, taken_on = INSERT_COLUMNS.index("growth"), INSERT_COLUMNS.index("taken_on")
    dumps = json.dumps
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([*row[:growth], dumps(row[growth]), *row[growth + 1 :]])
            return
        # What Django's SQLite backend does for these fields (a date as ISO text, JSON as
        # text; decimals are adapted by the driver), without a field's method call per value.
        # Only the model's own table and column names are in the SQL; values are parameters.
        marks = ", ".join(["%s"] * len(INSERT_COLUMNS))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(rows), BATCH):
            batch = []
            for row in rows[start : start + BATCH]:
                row = list(row)
                row[taken_on] = row[taken_on].isoformat()
                row[growth] = dumps(row[growth])
                batch.append(row)
            cursor.executemany(sql, batch)
