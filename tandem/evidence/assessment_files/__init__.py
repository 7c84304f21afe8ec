"""Reading test results: one reader per vendor export, each mapping every test event to the
same `Row` (base.py) — NWEA MAP Growth (both layouts), Renaissance Star, i-Ready Diagnostic, and
a plain CSV. `read` takes a format's key, or "auto" to recognise the format from the header
(the result says which it chose)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .base import Columns, ResultsFile, Row, header_of, read_with
from .iready import IreadyReader
from .nwea import NweaReader
from .plain import PlainReader
from .star import StarReader

# In the order --format auto tries them: the vendors' own headers before the plain CSV's.
READERS = {reader.format: reader for reader in (NweaReader, StarReader, IreadyReader, PlainReader)}
AUTO = "auto"

__all__ = ["AUTO", "READERS", "ResultsFile", "Row", "detect", "read"]


def detect(data: bytes, name: str) -> str | None:
    """The format whose header this file has, or None."""
    columns = Columns(header_of(data))
    for key, reader in READERS.items():
        if reader.recognises(columns, name):
            return key
    return None


def read(fmt: str, data: bytes, *, name: str) -> ResultsFile:
    detected = fmt == AUTO
    if detected:
        fmt = detect(data, name)
        if fmt is None:
            result = ResultsFile(name=name, format=AUTO)
            header = ", ".join(header_of(data)[:6]) or _("nothing")
            result.fail(
                1,
                "",
                _(
                    "Tandem does not recognize this file's columns (it begins with %(header)s). "
                    "It reads NWEA MAP Growth's AssessmentResults.csv, Renaissance Star's and "
                    "i-Ready's diagnostic exports, and a CSV with the columns student_id, "
                    "assessment, subject, date and score."
                )
                % {"header": header},
            )
            return result
    result = read_with(READERS[fmt], data, name, detected=detected)
    if not result.readable and not detected:
        # The wrong format chosen? Say which one the header looks like.
        other = detect(data, name)
        if other is not None and other != fmt:
            result.fail(
                1,
                "",
                _("This file looks like %(format)s: choose that format, or let Tandem detect it.")
                % {"format": READERS[other].label()},
            )
    return result
