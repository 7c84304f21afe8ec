"""Language names, never codes, in the reader's language: the one home.

Tandem stores languages as codes (a caregiver's page language, the languages an advisor or an
interpreter speaks, the scheduler's reasons) and home languages as the school office wrote them
("Somali", "Haitian Creole", sometimes "so"). Every sentence shows a name in the reader's
language: "No interpreter speaks Somali." / "Ningún intérprete habla somalí." Names come from
Babel's CLDR data; the few it lacks are in EXTRA_NAMES.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils.translation import get_language

# Written names the school office uses that are not CLDR's English names, and their codes.
EXTRA_CODES = {
    "haitian creole": "ht",
    "haitian": "ht",
    "kreyol": "ht",
    "kreyòl": "ht",
    "cape verdean creole": "kea",
    "somali": "so",
    "amharic": "am",
    "tigrinya": "ti",
    "cantonese": "yue",
    "mandarin": "zh",
    "chinese": "zh",
    "tagalog": "tl",
    "hmong": "hmn",
    "karen": "kar",
    "pashto": "ps",
    "dari": "prs",
}
# Languages CLDR has no name for, per reader language.
EXTRA_NAMES = {
    "kar": {"en": "Karen", "es": "karen"},
    "prs": {"en": "Dari", "es": "darí"},
}


@lru_cache(maxsize=32)
def _names(reader: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(reader.replace("-", "_")).languages)
    except (UnknownLocaleError, ValueError):
        return dict(Locale.parse("en").languages)


@lru_cache(maxsize=1)
def _codes_by_english_name() -> dict[str, str]:
    out = {name.lower(): code for code, name in _names("en").items() if "_" not in code}
    return out | EXTRA_CODES


def code_for(text: str) -> str:
    """'Spanish' -> 'es', 'Haitian Creole' -> 'ht', 'es' -> 'es'; what it cannot place comes
    back lower-cased."""
    wanted = (text or "").strip().lower()
    if not wanted:
        return ""
    if wanted in _names("en") or wanted in EXTRA_NAMES:
        return wanted
    return _codes_by_english_name().get(wanted, wanted)


def name(code_or_name: str, reader: str | None = None) -> str:
    """The language's name in the reader's language (the active one by default): 'so' ->
    'Somali' / 'somalí'. A name already written ("Somali") is translated the same way; a text
    it cannot place is shown as written."""
    written = (code_or_name or "").strip()
    if not written:
        return ""
    code = code_for(written)
    reader = (reader or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    found = _names(reader).get(code) or EXTRA_NAMES.get(code, {}).get(reader)
    if found:
        return found
    english = _names("en").get(code) or EXTRA_NAMES.get(code, {}).get("en")
    return english or written


def names(codes, reader: str | None = None) -> str:
    """'es,ht' (or a list of codes) -> 'Spanish, Haitian Creole' in the reader's language."""
    if isinstance(codes, str):
        codes = [c for c in codes.split(",") if c.strip()]
    return ", ".join(name(c, reader) for c in codes)
