"""Writing what an evidence file says, in bulk: every existing record of the school is loaded
once, compared in Python, and written with bulk_create/bulk_update, so an unchanged file is
read and compared, never written. Called inside `imports.evidence_apply`'s transaction."""

from __future__ import annotations

import json

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


RESULT_FIELDS = ("score", "percentile", "level", "term_name", "growth")


def apply_results(parsed: ResultsFile, *, school: School, report: Report) -> None:
    students = student_index(school)
    source = parsed.format
    column = "StudentID" if source == "nwea" else "student_id"
    assessments = {row.assessment for row in parsed.rows}
    existing = {}
    query = AssessmentResult.objects.filter(student__school=school, assessment__in=assessments)
    for pk, student, assessment, subject, taken_on, *values in query.values_list(
        "pk", "student_id", "assessment", "subject", "taken_on", *RESULT_FIELDS
    ):
        existing[(student, assessment, subject.lower(), taken_on)] = (pk, values)
    seen: dict[tuple, int] = {}
    new, changed, unchanged = [], [], 0
    for row in parsed.rows:
        student = students.get(row.student_key.strip().lower())
        if student is None:
            report.errors.append(
                Problem(
                    parsed.name,
                    row.row,
                    column,
                    _("No student of %(school)s has the local or state id “%(id)s”.")
                    % {"school": school.name, "id": row.student_key},
                )
            )
            continue
        key = (student, row.assessment, row.subject.lower(), row.taken_on)
        if key in seen:
            report.errors.append(
                Problem(
                    parsed.name,
                    row.row,
                    "",
                    _("Row %(row)s has the same student, test, subject and date.")
                    % {"row": seen[key]},
                )
            )
            continue
        seen[key] = row.row
        values = [row.score, row.percentile, row.level, row.term_name, row.growth]
        found = existing.get(key)
        if found is None:
            new.append((student, row.assessment, row.subject, row.taken_on, source, *values))
        elif found[1] != values:
            result = AssessmentResult(pk=found[0], **dict(zip(RESULT_FIELDS, values, strict=True)))
            changed.append(result)
        else:
            unchanged += 1
    _insert_results(new)
    AssessmentResult.objects.bulk_update(changed, RESULT_FIELDS, batch_size=BATCH)
    report.count("results", "created", len(new))
    report.count("results", "updated", len(changed))
    report.count("results", "unchanged", unchanged)


INSERT_COLUMNS = ("student", "assessment", "subject", "taken_on", "source", *RESULT_FIELDS)


def _insert_results(rows: list[tuple]) -> None:
    """A district's export is tens of thousands of rows: insert them without building a model
    instance per row (bulk_create spends most of its time doing that) — by COPY on PostgreSQL,
    by executemany on SQLite (in-process, so a statement per row costs no round trip)."""
    if not rows:
        return
    meta = AssessmentResult._meta
    fields = [meta.get_field(name) for name in INSERT_COLUMNS]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    growth = INSERT_COLUMNS.index("growth")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([*row[:growth], json.dumps(row[growth]), *row[growth + 1 :]])
            return
        # Only the model's own table and column names are in the SQL; values are parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        prepare = [
            (lambda value, field=field: field.get_db_prep_save(value, connection))
            if field.name in ("taken_on", "score", "growth")
            else None
            for field in fields
        ]
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    [p(v) if p else v for p, v in zip(prepare, row, strict=True)]
                    for row in rows[start : start + BATCH]
                ],
            )
