"""People's names in the reader's alphabetical order: the one home of how lists of students,
caregivers and staff are sorted.

A byte or code-point order puts "Álvarez" after "Young" and "Gómez" after "Gupta". Here the
database sorts by the reader's language (Django's active language, one of settings.LANGUAGES),
so pagination and query counts stay in SQL:

- PostgreSQL: the ICU collation of that language (`es-x-icu`, `en-x-icu`; `und-x-icu`, the
  Unicode root order, for any other), which PostgreSQL's initdb makes when it is built with ICU
  (Debian's and the official images are).
- SQLite: a collation of the same names registered on every connection (`register_sqlite`,
  called by CoreConfig.ready), comparing `sort_key`: letters without their accents first
  (Á = A, đ = d, ø = o, ß = ss; Spanish puts ñ after n), then accents, then case.

`sort_key` is also the order for lists built in Python.
"""

import unicodedata
from functools import cache, lru_cache

from django.conf import settings
from django.db import connections
from django.db.models import F
from django.db.models.functions import Collate
from django.utils.translation import get_language

# Letters Unicode does not decompose but a reader takes for a base letter with a mark.
_BASE = str.maketrans(
    {"đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ł": "l", "ø": "o", "ŧ": "t", "æ": "ae", "œ": "oe"}
)
# Tailorings of the root order, per language: (letter, the letter it follows).
_AFTER = {"es": {"ñ": "n"}}


def language_of(language: str | None = None) -> str:
    """The reader's language among those Tandem serves, else "und" (the root order)."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    served = {c.split("-")[0] for c, _name in settings.LANGUAGES}
    return code if code in served else "und"


def collation_name(language: str | None = None, using: str = "default") -> str:
    lang = language_of(language)
    if connections[using].vendor == "postgresql":
        return f"{lang}-x-icu"
    return f"tandem_{lang}"


def by_name(*fields: str, language: str | None = None, using: str = "default") -> list:
    """order_by() terms for name fields in the reader's collation; add a tiebreak (the pk)
    after them: `.order_by(*by_name("last_name", "first_name"), "pk")`."""
    name = collation_name(language, using)
    return [Collate(F(field), name).asc() for field in fields]


@cache
def _tailoring(lang: str) -> dict[str, int]:
    return {letter: ord(base) * 2 + 1 for letter, base in _AFTER.get(lang, {}).items()}


def sort_key(text: str | None, language: str | None = None) -> tuple:
    """The reader's order for one string: base letters, then accents, then case, then the
    string itself (so different names never compare equal)."""
    return _key(text or "", language_of(language))


@lru_cache(maxsize=65536)  # SQLite asks again for each comparison of a sort
def _key(text: str, lang: str) -> tuple:
    tailored = _tailoring(lang)
    primary, accents = [], []
    for char in text.casefold():
        if char in tailored:
            primary.append(tailored[char])
            accents.append(0)
            continue
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_BASE)
        marks = "".join(c for c in decomposed if unicodedata.combining(c))
        primary.extend(ord(c) * 2 for c in base)
        accents.append(sum(ord(c) for c in marks))
    case = tuple(1 if c.isupper() else 0 for c in text)
    return (tuple(primary), tuple(accents), case, text)


def sorted_by_name(items, key=lambda item: item, language: str | None = None) -> list:
    """A list built in Python, in the same order the database gives."""
    lang = language_of(language)
    return sorted(items, key=lambda item: sort_key(key(item), lang))


def _compare(lang: str):
    def compare(a: str, b: str) -> int:
        ka, kb = _key(a, lang), _key(b, lang)
        return (ka > kb) - (ka < kb)

    return compare


def register_sqlite(sender, connection, **kwargs) -> None:
    """connection_created: give a SQLite connection the collations `collation_name` names."""
    if connection.vendor != "sqlite":
        return
    for lang in {language_of(code) for code, _name in settings.LANGUAGES} | {"und"}:
        connection.connection.create_collation(f"tandem_{lang}", _compare(lang))
