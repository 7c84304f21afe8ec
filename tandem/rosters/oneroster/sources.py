"""Where a package comes from: a zip (uploaded, so read with care) or a folder of CSV files."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from .reader import Reader
from .records import Package, Problem


@dataclass(frozen=True)
class Limits:
    """What an uploaded zip may hold: guards against zip bombs."""

    member_bytes: int = 200 * 1024 * 1024
    total_bytes: int = 500 * 1024 * 1024
    ratio: int = 200


class PackageError(Exception):
    """The package cannot be read at all (not a zip, unsafe, no manifest)."""


# -- Sources: a zip or a folder, read by file name ---------------------------------------------


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
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > limits.member_bytes or total > limits.total_bytes:
                raise PackageError(_("The files in the zip archive are too large to import."))
            if info.file_size > 1024 * 1024 and ratio > limits.ratio:
                raise PackageError(
                    _("%(name)s is compressed suspiciously well; it was not opened.")
                    % {"name": name}
                )
            infos[name] = info
        files = {}
        for name, info in infos.items():
            try:
                with archive.open(info) as member:
                    # Read no more than the header promised: a forged size cannot inflate it.
                    data = member.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError):
                raise PackageError(
                    _("%(name)s in the zip archive cannot be read.") % {"name": name}
                ) from None
            if len(data) > info.file_size:
                raise PackageError(
                    _("%(name)s in the zip archive cannot be read.") % {"name": name}
                )
            files[name] = data
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
