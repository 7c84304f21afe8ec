"""Where a package comes from: a zip (uploaded, so read with care) or a folder of CSV files."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .reader import Reader
from .records import Package, Problem


@dataclass(frozen=True)
class Limits:
    """What an uploaded zip may hold: guards against zip bombs. Each member may unpack to at
    most `member_bytes` and to at most `ratio` times its compressed size, whatever its size;
    all the members read together to at most `total_bytes`."""

    member_bytes: int = 200 * 1024 * 1024
    total_bytes: int = 500 * 1024 * 1024
    ratio: int = 200


class PackageError(Exception):
    """The package cannot be read at all (not a zip, unsafe, no manifest)."""


# -- Sources: a zip or a folder, read by file name ---------------------------------------------

CHUNK = 64 * 1024


def _too_large(name: str, limit: int) -> PackageError:
    return PackageError(
        _("%(name)s unpacks to more than %(limit)s; it was not opened.")
        % {"name": name, "limit": filesizeformat(limit)}
    )


def _over_total(name: str, limit: int) -> PackageError:
    return PackageError(
        _(
            "The files in the zip archive unpack to more than %(limit)s together (passed at "
            "%(name)s); nothing was imported."
        )
        % {"name": name, "limit": filesizeformat(limit)}
    )


def _bomb(name: str) -> PackageError:
    return PackageError(
        _("%(name)s is compressed suspiciously well; it was not opened.") % {"name": name}
    )


def _check_header(name: str, info: zipfile.ZipInfo, total: int, limits: Limits) -> None:
    """What the zip's directory claims, before anything is unpacked."""
    if info.file_size > limits.member_bytes:
        raise _too_large(name, limits.member_bytes)
    if total > limits.total_bytes:
        raise _over_total(name, limits.total_bytes)
    if info.file_size > limits.ratio * max(info.compress_size, 1):
        raise _bomb(name)


def _read_member(archive, name: str, info: zipfile.ZipInfo, budget: int, limits: Limits) -> bytes:
    """Unpack one member a chunk at a time, never more than its header promised nor more than
    the budget left: a forged size cannot inflate it past the limits."""
    allowed = min(info.file_size, budget)
    parts, size = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(min(CHUNK, allowed + 1 - size)):
                parts.append(chunk)
                size += len(chunk)
                if size > allowed:
                    break
    except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError):
        raise PackageError(
            _("%(name)s in the zip archive cannot be read.") % {"name": name}
        ) from None
    if size > info.file_size:
        raise PackageError(_("%(name)s in the zip archive cannot be read.") % {"name": name})
    if size > budget:
        raise _over_total(name, limits.total_bytes)
    if size > limits.ratio * max(info.compress_size, 1):
        raise _bomb(name)
    return b"".join(parts)


def _zip_files(source, limits: Limits) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        raise PackageError(_("The file is not a zip archive.")) from None
    infos = {}
    total = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            # Files are looked up by their base name and never written to disk, so a path such
            # as ../../etc/passwd inside the zip reaches nothing (no zip-slip).
            path = info.filename.replace("\\", "/")
            name = path.rsplit("/", 1)[-1]
            if path.startswith("__MACOSX/") or name.startswith(".") or not name.endswith(".csv"):
                continue
            if info.flag_bits & 0x1:
                raise PackageError(_("The zip archive is encrypted; upload it without a password."))
            if name in infos:
                raise PackageError(
                    _("The zip archive holds two files named %(name)s.") % {"name": name}
                )
            total += info.file_size
            _check_header(name, info, total, limits)
            infos[name] = info
        files = {}
        read = 0  # what was really unpacked, whatever the headers say
        for name, info in infos.items():
            files[name] = _read_member(archive, name, info, limits.total_bytes - read, limits)
            read += len(files[name])
    return files


def _folder_files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.csv"))}


def read_package(source: str | Path | IO[bytes], *, limits: Limits | None = None) -> Package:
    """Read a package from a zip (a path or an open file) or a folder of CSV files."""
    limits = limits or Limits()
    try:
        if isinstance(source, str | Path) and Path(source).is_dir():
            files = _folder_files(Path(source))
        else:
            files = _zip_files(source, limits)
    except PackageError as error:
        name = Path(source).name if isinstance(source, str | Path) else ""
        return Package(readable=False, errors=[Problem(name, None, "", str(error))])
    return Reader(files).read()
