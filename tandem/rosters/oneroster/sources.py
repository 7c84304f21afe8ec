"""Where a package comes from: a zip (uploaded, so read with care) or a folder of CSV files."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .reader import Reader
from .records import Package, PackageError, Problem
from .spec import STREAMED


@dataclass(frozen=True)
class Limits:
    """What an uploaded zip may hold: guards against zip bombs. Each member may unpack to at
    most `member_bytes` and to at most `ratio` times its compressed size, whatever its size;
    all the members read together to at most `total_bytes`."""

    member_bytes: int = 200 * 1024 * 1024
    total_bytes: int = 500 * 1024 * 1024
    ratio: int = 200


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


class _Member(io.RawIOBase):
    """One member, unpacked a chunk at a time as it is read, never more than its header
    promised nor more than the budget left: a forged size cannot inflate it past the limits."""

    def __init__(self, files: ZipFiles, name: str, info: zipfile.ZipInfo):
        self.files, self.name, self.info = files, name, info
        self.member = None
        self.allowed = min(info.file_size, files.budget)
        self.size = 0
        try:
            self.member = files.archive.open(info)
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, zlib.error):
            raise self._unreadable() from None

    def _unreadable(self) -> PackageError:
        return PackageError(_("%(name)s in the zip archive cannot be read.") % {"name": self.name})

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        want = min(len(buffer), CHUNK, self.allowed + 1 - self.size)
        try:
            chunk = self.member.read(want) if want > 0 else b""
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, zlib.error):
            raise self._unreadable() from None
        self.size += len(chunk)
        self.files.budget -= len(chunk)
        if self.size > self.allowed:
            if self.size > self.info.file_size:
                raise self._unreadable()
            raise _over_total(self.name, self.files.limits.total_bytes)
        if self.size > self.files.limits.ratio * max(self.info.compress_size, 1):
            raise _bomb(self.name)
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        if self.member is not None:
            self.member.close()
        super().close()


class Files:
    """A package's CSV files by base name. The small ones are unpacked (and so checked) before
    anything is read; the STREAMED ones are unpacked row by row as the reader gets to them."""

    def __init__(self):
        self.names: set[str] = set()

    def open(self, name: str) -> IO[bytes]:
        raise NotImplementedError

    def read(self, name: str) -> bytes:
        with self.open(name) as stream:
            return stream.read()

    def discard(self, name: str) -> None:
        self.names.discard(name)

    def release(self, name: str) -> None:
        """The reader has what it needs of the file: keep no copy of it."""

    def close(self) -> None:
        pass


class FolderFiles(Files):
    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder
        self.names = {path.name for path in folder.glob("*.csv")}

    def open(self, name: str) -> IO[bytes]:
        return (self.folder / name).open("rb")


class ZipFiles(Files):
    """A zip read in place (never extracted, so no zip-slip): what its directory claims is
    checked first, what is really unpacked as it is read (`_Member`)."""

    def __init__(self, source, limits: Limits):
        super().__init__()
        self.limits = limits
        self.budget = limits.total_bytes  # what may still be unpacked, all members together
        try:
            self.archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError):
            raise PackageError(_("The file is not a zip archive.")) from None
        self.infos: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for info in self.archive.infolist():
            if info.is_dir():
                continue
            # Files are looked up by their base name and never written to disk, so a path such
            # as ../../etc/passwd inside the zip reaches nothing.
            path = info.filename.replace("\\", "/")
            name = path.rsplit("/", 1)[-1]
            if path.startswith("__MACOSX/") or name.startswith(".") or not name.endswith(".csv"):
                continue
            if info.flag_bits & 0x1:
                self.close()
                raise PackageError(_("The zip archive is encrypted; upload it without a password."))
            if name in self.infos:
                self.close()
                raise PackageError(
                    _("The zip archive holds two files named %(name)s.") % {"name": name}
                )
            total += info.file_size
            try:
                _check_header(name, info, total, limits)
            except PackageError:
                self.close()
                raise
            self.infos[name] = info
        self.names = set(self.infos)
        self.data: dict[str, bytes] = {}
        try:
            for name, info in self.infos.items():
                if name not in STREAMED:
                    with io.BufferedReader(_Member(self, name, info), CHUNK) as member:
                        self.data[name] = member.read()
        except PackageError:
            self.close()
            raise

    def open(self, name: str) -> IO[bytes]:
        if name in self.data:
            return io.BytesIO(self.data[name])
        return io.BufferedReader(_Member(self, name, self.infos[name]), CHUNK)

    def read(self, name: str) -> bytes:
        if name in self.data:
            return self.data[name]
        return super().read(name)

    def discard(self, name: str) -> None:
        super().discard(name)
        self.data.pop(name, None)

    def release(self, name: str) -> None:
        self.data.pop(name, None)

    def close(self) -> None:
        self.archive.close()


def read_package(source: str | Path | IO[bytes], *, limits: Limits | None = None) -> Package:
    """Read a package from a zip (a path or an open file) or a folder of CSV files. A zip's
    members are unpacked as they are read, row by row for the large ones (enrollments,
    results), so a district's package never sits in memory whole."""
    limits = limits or Limits()
    files = None
    try:
        if isinstance(source, str | Path) and Path(source).is_dir():
            files = FolderFiles(Path(source))
        else:
            files = ZipFiles(source, limits)
        return Reader(files).read()
    except PackageError as error:
        name = Path(source).name if isinstance(source, str | Path) else ""
        return Package(readable=False, errors=[Problem(name, None, "", str(error))])
    finally:
        if files is not None:
            files.close()
