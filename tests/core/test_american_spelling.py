"""Tandem's English is American: a family should not read "Behaviour" next to "color". Every
string marked for translation (the catalog's source language) is checked for British forms."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Unambiguous British forms (words, stems of -ise verbs). "Cancelled" is an accepted American
# spelling too, so it is not among them.
BRITISH = re.compile(
    r"\b(behaviour|colour|favour|honour|labour|neighbour|centre|programme|licence|catalogue|"
    r"enrolment|judgement|whilst|amongst|analyse|(?:recogn|organ|real|apolog|author|final|"
    r"priorit|summar|categor|util|optim|personal|minim|emphas)is(?:e|ed|es|ing|ation))\b",
    re.IGNORECASE,
)
PY_STRINGS = re.compile(
    r"\b(?:_|gettext|gettext_lazy|ngettext|ngettext_lazy|pgettext|pgettext_lazy)\(\s*"
    r"(?:\"[^\"]*\"\s*,\s*)?((?:\"[^\"]*\"\s*)+)",
)
TEMPLATE_STRINGS = re.compile(
    r"\{% translate \"([^\"]*)\"|\{% translate '([^']*)'|"
    r"\{% blocktranslate[^%]*%\}(.*?)\{% endblocktranslate %\}",
    re.DOTALL,
)


def marked_strings():
    for path in (ROOT / "tandem").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for match in PY_STRINGS.finditer(path.read_text(encoding="utf-8")):
            yield path, match.group(1)
    for folder in (ROOT / "tandem", ROOT / "templates"):
        for path in list(folder.rglob("*.html")) + list(folder.rglob("*.txt")):
            for match in TEMPLATE_STRINGS.finditer(path.read_text(encoding="utf-8")):
                yield path, next(group for group in match.groups() if group is not None)


def test_the_interface_speaks_american_english():
    found = [
        f"{path.relative_to(ROOT)}: {BRITISH.search(text).group(0)!r} in {text[:80]!r}"
        for path, text in marked_strings()
        if BRITISH.search(text)
    ]
    assert not found, "British spellings in strings people read:\n" + "\n".join(found)


def test_the_check_finds_what_it_looks_for():
    assert BRITISH.search("Behaviour") and BRITISH.search("recognised from its columns")
    assert not BRITISH.search("Behavior, recognized, canceled, cancelled, organization")
