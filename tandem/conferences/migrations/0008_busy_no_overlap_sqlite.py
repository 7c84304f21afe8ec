"""No person is held by two conferences at once, enforced by SQLite itself too: a trigger
refuses a Busy row that overlaps another of the same person (an insert, or an update of its
person or times), as PostgreSQL's exclusion constraint does (0002). The booking service then
needs no check of its own before writing on either database; the refusal is an
IntegrityError (SQLITE_CONSTRAINT), as PostgreSQL's is."""

from django.db import migrations

OVERLAP = """EXISTS (SELECT 1 FROM conferences_busy b WHERE b.person = NEW.person
    AND b.starts_at < NEW.ends_at AND b.ends_at > NEW.starts_at AND b.id IS NOT NEW.id)"""
FORWARD = [
    f"""CREATE TRIGGER busy_no_overlap_insert BEFORE INSERT ON conferences_busy
        WHEN {OVERLAP}
        BEGIN SELECT RAISE(ABORT, 'busy_no_overlap'); END""",
    f"""CREATE TRIGGER busy_no_overlap_update
        BEFORE UPDATE OF person, starts_at, ends_at ON conferences_busy
        WHEN {OVERLAP}
        BEGIN SELECT RAISE(ABORT, 'busy_no_overlap'); END""",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS busy_no_overlap_insert",
    "DROP TRIGGER IF EXISTS busy_no_overlap_update",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("conferences", "0007_content_languages")]

    operations = [migrations.RunPython(forward, backward)]
