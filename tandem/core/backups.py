"""Backups: the database and the uploaded files in one archive, and their restore.

    manage.py backup PATH            (`make backup`: var/backups/tandem-<UTC time>.tar)
    manage.py restore PATH           into an empty database
    manage.py restore --check PATH   verify an archive, change nothing

An archive is a tar file (gzip-compressed when PATH ends in .tar.gz or .tgz) holding

    database.sqlite3   SQLite: a copy made with SQLite's online backup API, consistent while
                       Tandem runs (readers and writers go on)
    database.dump      PostgreSQL: `pg_dump --format=custom`, restored by `pg_restore`
    media/<name>       every file of the default storage (approval photos, pieces of work,
                       roster uploads, the years' archives), by its storage name
    manifest.json      written last: the format, Tandem's version, the database vendor, the
                       applied migrations, and each member's size and SHA-256

The database is copied before the files, so every file a row names is in the archive (a file
uploaded in between is an orphan, which is harmless). A restore verifies every member against
the manifest before it changes anything, and refuses a database that already holds Tandem data.
"""

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import tomllib
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "tandem-backup/1"
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEDIA = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the operator must fix; the message says what. Nothing was changed."""


def tandem_version() -> str:
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


# Writing an archive


def backup_create(*, path: Path, force: bool = False, files: bool = True, using="default"):
    """Write the archive at `path` (never half-written: it is made beside it and renamed into
    place, readable by its owner only) and return its manifest."""
    path = Path(path)
    if path.exists() and not force:
        raise BackupError(f"{path} exists; choose another name, or pass --force to replace it.")
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "tandem_version": tandem_version(),
        "database": {"vendor": vendor, "member": DATABASE_MEMBER[vendor]},
        "files": {"included": files, "storage": _storage_backend()},
        "members": {},
    }
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".tandem-backup-") as work:
        dump = Path(work) / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            _sqlite_copy(connection, dump)
        else:
            manifest["database"]["server_version"] = _pg_dump(connection, dump)
        manifest["migrations"] = sorted(
            [app, name] for app, name in MigrationRecorder(connection).applied_migrations()
        )
        partial = Path(work) / "archive"
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        mode = "w:gz" if path.name.endswith((".tar.gz", ".tgz")) else "w"
        with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode=mode) as tar:
            with open(dump, "rb") as file:
                _add(tar, DATABASE_MEMBER[vendor], file, dump.stat().st_size, manifest)
            dump.unlink()  # the archive holds it now; do not need the room twice
            if files:
                for name in _storage_files(default_storage):
                    with default_storage.open(name, "rb") as file:
                        _add(tar, MEDIA + name, file, default_storage.size(name), manifest)
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            _add(tar, MANIFEST, io.BytesIO(data), len(data), None)
        os.replace(partial, path)
    return manifest


class _Hashing:
    """A file that hashes what tarfile reads from it, so each file is read once."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def _add(tar, name: str, file, size: int, manifest: dict | None):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    info.mode = 0o600
    reader = _Hashing(file)
    tar.addfile(info, reader)
    if manifest is not None:
        manifest["members"][name] = {"size": size, "sha256": reader.sha256.hexdigest()}


def _storage_backend() -> str:
    return f"{type(default_storage).__module__}.{type(default_storage).__qualname__}"


def _storage_files(storage, directory: str = ""):
    """Every file of the storage, by name, in a fixed order (through the storage's own API, so
    an S3 bucket is walked as the media folder is)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # no upload yet: the media folder does not exist
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from _storage_files(storage, f"{directory}/{name}" if directory else name)


def _outside_transactions(connection):
    # SQLite's backup API waits, for ever, for a connection's own write transaction to end.
    if connection.in_atomic_block:
        raise BackupError("Backups and restores run outside a transaction.")
    connection.ensure_connection()


def _sqlite_copy(connection, target: Path):
    _outside_transactions(connection)
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file (the live database is in WAL mode).
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()


# PostgreSQL: pg_dump and pg_restore, connected through the environment (libpq's PG*
# variables), so the password never appears on a command line.


def _pg_env(settings_dict) -> dict:
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGPASSFILE": options.get("passfile"),
        "PGSERVICE": options.get("service"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _pg_tool(name: str, connection) -> str:
    """The client tool of the server's major version or later (pg_dump refuses a server newer
    than itself; Debian keeps each version's tools in /usr/lib/postgresql/N/bin)."""
    connection.ensure_connection()
    server = connection.pg_version // 10000
    candidates = [
        f"/usr/lib/postgresql/{server}/bin/{name}",
        f"/usr/pgsql-{server}/bin/{name}",
        shutil.which(name),
    ]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK) and _tool_major(candidate) >= server:
            return candidate
    raise BackupError(
        f"{name} {server} or later is needed for this PostgreSQL {server} server: install its "
        f"client tools (Debian and Ubuntu: apt-get install postgresql-client-{server})."
    )


def _tool_major(tool: str) -> int:
    result = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    found = re.search(r"\)\s+(\d+)", result.stdout)
    return int(found.group(1)) if found else 0


def _pg_dump(connection, target: Path) -> str:
    tool = _pg_tool("pg_dump", connection)
    result = subprocess.run(  # noqa: S603
        [tool, "--format=custom", f"--file={target}"],
        env=_pg_env(connection.settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def _pg_restore(connection, dump: Path, tables: list[str]):
    if tables:
        # Migrated but empty (checked): drop its tables, so the dump makes them as they were.
        quote = connection.ops.quote_name
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(map(quote, tables))} CASCADE")
    tool = _pg_tool("pg_restore", connection)
    result = subprocess.run(  # noqa: S603
        [
            tool,
            "--no-owner",
            "--no-privileges",
            "--no-comments",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        env=_pg_env(connection.settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(f"pg_restore failed (the database is left empty): {result.stderr}")


# Reading an archive


def backup_verify(*, path: Path) -> dict:
    """Check every member of the archive against its manifest; return the manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    try:
        tar = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by the `with tar` below
    except (tarfile.TarError, OSError):
        raise BackupError(f"{path} is not a Tandem backup (not a tar archive).") from None
    with tar:
        members = _members(tar, path)
        if MANIFEST not in members:
            raise BackupError(f"{path} has no {MANIFEST}: it is not a Tandem backup.")
        manifest = json.load(tar.extractfile(members[MANIFEST]))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path} is not a {FORMAT} archive.")
        listed = manifest["members"]
        if set(listed) != set(members) - {MANIFEST}:
            different = sorted(set(listed) ^ (set(members) - {MANIFEST}))
            raise BackupError(
                f"{path} does not hold what its manifest lists ({', '.join(different[:5])}): "
                "the archive is damaged or was changed."
            )
        for name, expected in listed.items():
            sha256 = hashlib.sha256()
            with tar.extractfile(members[name]) as file:
                while chunk := file.read(CHUNK):
                    sha256.update(chunk)
            if sha256.hexdigest() != expected["sha256"]:
                raise BackupError(
                    f"{name} in {path} does not match its SHA-256 in the manifest: the "
                    "archive is damaged or was changed. Nothing was restored."
                )
    return manifest


def _members(tar, path: Path) -> dict:
    members = {}
    for info in tar:
        name = PurePosixPath(info.name)
        allowed = info.name in (MANIFEST, *DATABASE_MEMBER.values()) or (
            info.name.startswith(MEDIA) and not name.is_absolute() and ".." not in name.parts
        )
        if not info.isfile() or not allowed or info.name in members:
            raise BackupError(f"{path} holds {info.name!r}, which no Tandem backup holds.")
        members[info.name] = info
    return members


def backup_restore(*, path: Path, using="default") -> dict:
    """Restore the archive into the configured database, which must be empty (new, or just
    migrated), and its files into the default storage. Returns the manifest, with
    "pending_migrations": this Tandem's migrations the backup predates (run `migrate`)."""
    path = Path(path)
    manifest = backup_verify(path=path)
    connection = connections[using]
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"{path} is a backup of a {VENDOR_NAMES[vendor]} database; the configured database "
            f"(DATABASE_URL) is {VENDOR_NAMES.get(connection.vendor, connection.vendor)}. "
            f"Restore it into {VENDOR_NAMES[vendor]}."
        )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    backed_up = {tuple(item) for item in manifest["migrations"]}
    if newer := sorted(backed_up - known):
        raise BackupError(
            f"{path} was made by a newer Tandem ({manifest['tandem_version']}): this one does "
            f"not know its migrations {', '.join('.'.join(m) for m in newer[:3])}. Install "
            "that version and restore with it."
        )
    tables = _tables_of_empty_database(connection)
    with tarfile.open(path, "r:*") as tar:
        member = tar.getmember(manifest["database"]["member"])
        if vendor == "sqlite":
            name = str(connection.settings_dict["NAME"])
            room = Path(name).parent if os.path.isabs(name) else None
        else:
            room = None  # TMPDIR
        with tempfile.TemporaryDirectory(dir=room, prefix=".tandem-restore-") as work:
            dump = Path(work) / member.name
            with tar.extractfile(member) as source, open(dump, "wb") as target:
                shutil.copyfileobj(source, target, CHUNK)
            if vendor == "sqlite":
                _sqlite_restore(connection, dump)
            else:
                _pg_restore(connection, dump, tables)
        for name in sorted(manifest["members"]):
            if name.startswith(MEDIA):
                _restore_file(tar, name)
    manifest["pending_migrations"] = sorted(known - backed_up)
    return manifest


def _tables_of_empty_database(connection) -> list[str]:
    """The database's tables, after checking it holds no Tandem data (no user, no school)."""
    tables = connection.introspection.table_names()
    for model in (apps.get_model(settings.AUTH_USER_MODEL), apps.get_model("schools", "School")):
        if model._meta.db_table in tables and model.objects.using(connection.alias).exists():
            raise BackupError(
                "The configured database (DATABASE_URL) already holds Tandem data (people or "
                "schools). Restore only into an empty database: a new one, or one just made by "
                "`manage.py migrate`. Nothing was changed."
            )
    return tables


def _sqlite_restore(connection, dump: Path):
    """Through the backup API into Tandem's own connection: the database file (with its WAL)
    is replaced page by page under SQLite's locks, whatever the configured NAME."""
    _outside_transactions(connection)
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_file(tar, name: str):
    storage_name = name[len(MEDIA) :]
    if default_storage.exists(storage_name):
        default_storage.delete(storage_name)  # an orphan of the empty database: replaced
    with tar.extractfile(name) as file:
        saved = default_storage.save(storage_name, File(file, name=storage_name))
    if saved != storage_name:
        raise BackupError(f"The storage saved {storage_name} as {saved}; restore it by hand.")
