"""Side-by-side comparison of two plan versions, word by word."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass
class SectionDiff:
    title: str
    left: SafeString
    right: SafeString
    changed: bool


def _text(section: dict) -> str:
    if "body" in section:
        return section["body"]
    lines = []
    for item in section.get("items", []):
        if "code" in item:
            lines.append(f"{item['code']} — {item.get('statement', '')}")
        else:
            lines.append(
                " · ".join(
                    part for part in (item.get("what"), item.get("who"), item.get("by")) if part
                )
            )
    return "\n".join(lines)


def _mark(a: str, b: str) -> tuple[SafeString, SafeString]:
    left_words, right_words = TOKEN.findall(a), TOKEN.findall(b)
    matcher = difflib.SequenceMatcher(a=left_words, b=right_words, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old = escape("".join(left_words[i1:i2]))
        new = escape("".join(right_words[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
            continue
        if old:
            left.append(f"<del>{old}</del>")
        if new:
            right.append(f"<ins>{new}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - escaped above


def compare(left: dict, right: dict) -> list[SectionDiff]:
    """Every section of either version, in the newer version's order."""
    old = {s["key"]: s for s in left["sections"]}
    new = {s["key"]: s for s in right["sections"]}
    keys = [s["key"] for s in right["sections"]] + [k for k in old if k not in new]
    out = []
    for key in keys:
        a, b = old.get(key), new.get(key)
        a_text, b_text = _text(a) if a else "", _text(b) if b else ""
        marked_left, marked_right = _mark(a_text, b_text)
        out.append(
            SectionDiff(
                title=(b or a)["title"],
                left=marked_left,
                right=marked_right,
                changed=a_text != b_text,
            )
        )
    return out
