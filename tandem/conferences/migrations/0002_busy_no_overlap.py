"""No person is held by two conferences at once, enforced by PostgreSQL itself: an exclusion
constraint over (person, time range) with btree_gist. SQLite has no such constraint; there the
write transactions are IMMEDIATE (config/settings.py), so bookings run one at a time and the
service's check cannot be raced. The extension needs a role allowed to create it (README)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE conferences_busy ADD CONSTRAINT busy_no_overlap
       EXCLUDE USING gist (person WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)""",
]
BACKWARD = ["ALTER TABLE conferences_busy DROP CONSTRAINT IF EXISTS busy_no_overlap"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("conferences", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
