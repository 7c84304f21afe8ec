"""The Spanish catalog is complete, valid, compiled, and covers every string in the code.

Families read Tandem on their phones in Spanish: a string added to a template or a view without
running `make messages` and translating it would show up in English. These tests catch that.
"""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

BASE_DIR = Path(settings.BASE_DIR)
PO = BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
MAKEFILE = BASE_DIR / "Makefile"
# The files makemessages reads for the "django" domain.
EXTENSIONS = {".html", ".txt", ".py"}
FIX = "Run `make messages`, translate the new entries in {po}, then run `make messages` again."

needs_gettext = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("msgfmt", "xgettext", "msgmerge", "msguniq")),
    reason="GNU gettext is not installed (apt-get install gettext)",
)


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstrs) and all(self.msgstrs) and "fuzzy" not in self.flags


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def parse_po(path: Path) -> dict[tuple[str | None, str], Entry]:
    """A minimal .po reader: active (non-obsolete) entries keyed by (msgctxt, msgid), header
    excluded. Enough for the files makemessages writes."""
    entries = {}
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            elif line.startswith("#") or not line.strip():
                continue  # comments, references, obsolete (#~) entries
            elif line.startswith('"'):
                fields[current] += _unquote(line)
            else:
                current, _, rest = line.partition(" ")
                fields[current] = _unquote(rest)
        if "msgid" not in fields or (fields["msgid"] == "" and "msgctxt" not in fields):
            continue
        plural = "msgid_plural" in fields
        msgstrs = (
            [v for k, v in sorted(fields.items()) if k.startswith("msgstr[")]
            if plural
            else [fields.get("msgstr", "")]
        )
        entry = Entry(
            msgid=fields["msgid"],
            msgctxt=fields.get("msgctxt"),
            msgid_plural=fields.get("msgid_plural"),
            msgstrs=msgstrs,
            flags=flags,
        )
        entries[entry.key] = entry
    return entries


def _describe(entries) -> str:
    lines = []
    for entry in entries:
        context = f" (context {entry.msgctxt!r})" if entry.msgctxt else ""
        lines.append(f"  - {entry.msgid!r}{context}")
    return "\n".join(lines)


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)", text))


def _makefile_ignore_patterns() -> list[str]:
    """The --ignore flags of `make messages`, so this test extracts exactly what it does."""
    lines = [line for line in MAKEFILE.read_text().splitlines() if "manage.py makemessages" in line]
    assert lines, f"No `manage.py makemessages` line in {MAKEFILE}: the messages target moved?"
    return re.findall(r"--ignore[= ](\S+)", lines[0])


def test_catalog_is_complete_and_has_no_fuzzy_entries():
    entries = parse_po(PO).values()
    assert entries, f"{PO} has no messages"
    untranslated = [e for e in entries if not e.translated]
    assert not untranslated, (
        f"{len(untranslated)} message(s) in {PO} are untranslated or fuzzy:\n"
        f"{_describe(untranslated)}\nTranslate them, remove the `#, fuzzy` flags, then run "
        "`make messages`."
    )


def test_translations_keep_their_placeholders():
    wrong = []
    for entry in parse_po(PO).values():
        source = _placeholders(entry.msgid) | _placeholders(entry.msgid_plural or "")
        for msgstr in entry.msgstrs:
            found = _placeholders(msgstr)
            if not found <= source or (entry.msgid_plural is None and found != source):
                wrong.append(entry)
                break
    assert not wrong, "These translations lose or misspell a %(name)s placeholder:\n" + _describe(
        wrong
    )


@needs_gettext
def test_msgfmt_check_passes():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, f"msgfmt --check fails on {PO}:\n{report}"
    assert "translated message" in report, report
    assert "untranslated" not in report and "fuzzy" not in report, (
        f"{PO}: {report.strip()}\n{FIX.format(po=PO)}"
    )


@needs_gettext
def test_compiled_catalog_matches_the_po_file(tmp_path):
    """django.mo is committed so Tandem runs without gettext; it must be compiled from the
    current django.po."""
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(PO)], check=True)
    assert MO.exists(), f"{MO} is missing. Run `make messages`."
    with MO.open("rb") as committed_file, fresh.open("rb") as fresh_file:
        committed = gettext.GNUTranslations(committed_file)._catalog
        expected = gettext.GNUTranslations(fresh_file)._catalog
    stale = sorted(
        str(key)
        for key in committed.keys() | expected.keys()
        if key != "" and committed.get(key) != expected.get(key)
    )
    assert committed == expected, (
        f"{MO} is out of date with {PO} ({len(stale)} message(s) differ"
        f"{': ' + ', '.join(stale[:10]) if stale else ', in the header'}). "
        "Run `make messages` (or `manage.py compilemessages`) and commit django.mo."
    )


@needs_gettext
def test_every_string_in_the_code_is_translated(tmp_path, monkeypatch, settings):
    """Extract the strings as `make messages` does, from a copy of the sources, into a scratch
    locale directory (the real one is never touched), and look each one up in the catalog."""
    ignore = _makefile_ignore_patterns()
    skip_dirs = ["locale", "__pycache__", ".*", *ignore]

    def uncopied(directory, names):
        return [
            name
            for name in names
            if (
                any(fnmatch(name, pattern) for pattern in skip_dirs)
                if (Path(directory) / name).is_dir()
                else Path(name).suffix not in EXTENSIONS
            )
        ]

    source = tmp_path / "src"
    shutil.copytree(BASE_DIR, source, ignore=uncopied)
    scratch_locale = source / "locale"
    scratch_locale.mkdir()
    settings.LOCALE_PATHS = [str(scratch_locale)]
    monkeypatch.chdir(source)

    call_command("makemessages", locale=["es"], ignore_patterns=ignore, verbosity=0)

    extracted = parse_po(scratch_locale / "es" / "LC_MESSAGES" / "django.po")
    assert extracted, "makemessages found no strings at all: is the copy of the sources right?"
    catalog = parse_po(PO)
    missing = [
        entry
        for key, entry in extracted.items()
        if key not in catalog
        or not catalog[key].translated
        or catalog[key].msgid_plural != entry.msgid_plural
    ]
    assert not missing, (
        f"{len(missing)} string(s) in the code have no Spanish translation in {PO}:\n"
        f"{_describe(missing)}\n{FIX.format(po=PO)}"
    )


@pytest.mark.parametrize(
    ("english", "spanish"),
    [
        ("My children", "Mis hijos"),
        ("Sign in", "Iniciar sesión"),
        ("Sign out", "Cerrar sesión"),
        ("English", "Inglés"),
        ("Spanish", "Español"),
    ],
)
def test_key_strings_read_in_spanish(english, spanish):
    with translation.override("es"):
        assert translation.gettext(english) == spanish


def test_plurals_follow_the_count():
    with translation.override("es"):
        one = translation.ngettext("%(total)s student", "%(total)s students", 1)
        many = translation.ngettext("%(total)s student", "%(total)s students", 2)
    assert one % {"total": 1} == "1 estudiante"
    assert many % {"total": 2} == "2 estudiantes"
