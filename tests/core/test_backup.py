"""Backups (tandem/core/backups.py): `manage.py backup` and `manage.py restore`, for real.

The round trips back up the test database (Sam's shared plan, his mother's paper approval with
its photo, an access-log row), restore the archive in another process into a new, empty database
(SQLite: a file; PostgreSQL: a database made on the same throwaway server, through pg_dump and
pg_restore) with its own media folder, and compare everything a school must get back: each plan
version's SHA-256, each approval, the bytes of every uploaded file, the access log, and how many
rows every table holds. The tests that write rows another process reads are transactional.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from tandem.core import backups

ROOT = Path(__file__).resolve().parents[2]
ON_SQLITE = connection.vendor == "sqlite"
ON_POSTGRESQL = connection.vendor == "postgresql"

# Run in a process of its own: restore the archive, then write the fingerprint of what it holds.
RESTORE = """
import json, os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from django.core.management import call_command
call_command("restore", sys.argv[1])
from tests.core.test_backup import fingerprint
with open(sys.argv[2], "w") as out:
    json.dump(fingerprint(), out)
"""


def fingerprint() -> dict:
    """What a restore must give back, as plain JSON."""
    from django.apps import apps

    from tandem.core.models import AccessLog
    from tandem.plans.models import Approval, PlanVersion
    from tandem.plans.services import content_hash

    def sha256(name):
        with default_storage.open(name, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()

    data = {
        "versions": [
            {
                "id": version.pk,
                "plan": version.plan_id,
                "number": version.number,
                "content_hash": version.content_hash,
                "content_sha256": content_hash(version.content),
            }
            for version in PlanVersion.objects.order_by("pk")
        ],
        "approvals": [
            {**values, "attachment_sha256": sha256(values["attachment"])}
            for values in Approval.objects.order_by("pk").values()
        ],
        "files": {name: sha256(name) for name in backups._storage_files(default_storage)},
        "access_log": list(AccessLog.objects.order_by("pk").values()),
        "rows": {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy
        },
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def school_with_records(cast):
    from tandem.core.models import AccessLog
    from tests.core.test_access_matrix import recorded_approval_of

    approval = recorded_approval_of(cast)
    AccessLog.objects.create(
        user=cast.case_manager,
        school=cast.school,
        student=cast.student,
        record_type="evidence.iepgoal",
        record_id="1",
        purpose="Progress monitoring",
        ip_address="192.0.2.7",
    )
    data = fingerprint()
    assert data["versions"] and data["access_log"]
    assert approval.attachment and data["files"] == {
        approval.attachment.name: hashlib.sha256(b"\xff\xd8\xff photo").hexdigest()
    }
    return data


def restore_elsewhere(archive: Path, database_url: str, tmp_path: Path) -> dict:
    out = tmp_path / "restored.json"
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env = {**clean, "DATABASE_URL": database_url, "MEDIA_ROOT": str(tmp_path / "restored-media")}
    result = subprocess.run(
        [sys.executable, "-c", RESTORE, str(archive), str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Restored the " in result.stdout
    return json.loads(out.read_text())


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite round trip; PostgreSQL has its own")
@pytest.mark.django_db(transaction=True)
def test_sqlite_round_trip_into_a_new_database(cast, tmp_path):
    before = school_with_records(cast)
    archive = tmp_path / "tandem.tar"
    call_command("backup", str(archive))

    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames())[0] == "database.sqlite3"
    after = restore_elsewhere(archive, f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path)

    assert after == before


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump and pg_restore need a PostgreSQL server")
@pytest.mark.django_db(transaction=True)
def test_postgresql_round_trip_into_a_new_database(cast, tmp_path):
    before = school_with_records(cast)
    archive = tmp_path / "tandem.tar"
    call_command("backup", str(archive))

    # A new, empty database on the same server (bin/pgtmp.py's), as on a new machine.
    name = f"tandem_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    try:
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
        after = restore_elsewhere(archive, url, tmp_path)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    assert after == before


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_just_migrated_empty_database(cast, tmp_path, settings):
    """The other way in: `migrate` ran first (the database has Tandem's tables, no data)."""
    before = school_with_records(cast)
    archive = tmp_path / "tandem.tar"
    call_command("backup", str(archive))
    call_command("flush", interactive=False, verbosity=0)  # the tables stay, empty
    shutil.rmtree(settings.MEDIA_ROOT)

    call_command("restore", str(archive), stdout=io.StringIO())

    assert fingerprint() == before


@pytest.mark.django_db(transaction=True)
def test_what_backup_and_restore_refuse(cast, tmp_path):
    default_storage.save("plans/approvals/signed.jpg", ContentFile(b"the signed page"))
    archive = tmp_path / "tandem.tar"
    archive.write_bytes(b"yesterday's backup")

    # An existing archive is never overwritten, unless --force.
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(archive))
    assert archive.read_bytes() == b"yesterday's backup"
    call_command("backup", str(archive), "--force", stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", "--check", str(archive), stdout=out)
    assert "is intact" in out.getvalue()

    # A database with Tandem data in it is not restored into.
    with pytest.raises(CommandError, match="already holds Tandem data"):
        call_command("restore", str(archive), stdout=io.StringIO())

    # The same archive with one file's bytes changed (the manifest kept) is refused before
    # anything is touched, by --check too.
    changed = tmp_path / "changed.tar"
    with tarfile.open(archive) as source, tarfile.open(changed, "w") as target:
        for info in source:
            data = source.extractfile(info).read()
            if info.name == "media/plans/approvals/signed.jpg":
                data = b"another page!!!"
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    for args in (["--check"], []):
        with pytest.raises(CommandError, match="does not match its SHA-256"):
            call_command("restore", *args, str(changed), stdout=io.StringIO())
