"""Reading competency frameworks: CASE JSON (1.0 and 1.1, with or without the CFPackage
wrapper) and a simple CSV (code, statement, parent code). Plain dataclasses, no models.

Every problem is a `Problem(file, row, column, message)`: for CASE, `file` is the array
(`CFItems`, `CFAssociations`, `CFDocument`), `row` the 1-based position in it and `column` the
field; for CSV, rows are counted as a spreadsheet does (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from tandem.rosters.oneroster import Problem

CODE_MAX = 40


@dataclass
class Node:
    identifier: str
    code: str
    statement: str
    item_type: str = ""
    parent: str = ""  # identifier of the parent item; "" for a top-level item
    sequence: int = 0
    credits: Decimal | None = None  # CSV only: the school's graduation credit value
    row: int = 0


@dataclass
class FrameworkFile:
    identifier: str = ""
    title: str = ""
    creator: str = ""
    version: str = ""
    source: str = "case"
    nodes: list[Node] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return bool(self.identifier)


def read_framework(data: bytes, *, name: str) -> FrameworkFile:
    """A CASE JSON file (`.json`) or a CSV list (anything else)."""
    if name.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"["):
        return read_case(data)
    return read_csv(data, name=name)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _node_id(value) -> str:
    """A CASE node reference: {"identifier": …, "uri": …, "title": …} or a bare string."""
    if isinstance(value, dict):
        return _text(value.get("identifier"))
    return _text(value)


def read_case(data: bytes) -> FrameworkFile:
    result = FrameworkFile(source="case")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        result.errors.append(Problem("CFPackage", None, "", _("This is not JSON: %s") % error))
        return result
    if isinstance(document, dict) and isinstance(document.get("CFPackage"), dict):
        document = document["CFPackage"]
    if not isinstance(document, dict) or not isinstance(document.get("CFDocument"), dict):
        result.errors.append(
            Problem("CFPackage", None, "CFDocument", _("The file has no CFDocument."))
        )
        return result
    doc = document["CFDocument"]
    result.identifier = _text(doc.get("identifier"))
    result.title = _text(doc.get("title"))
    result.creator = _text(doc.get("creator"))
    result.version = _text(doc.get("version") or doc.get("CASEVersion"))
    for column, value in (("identifier", result.identifier), ("title", result.title)):
        if not value:
            result.errors.append(Problem("CFDocument", None, column, _("A value is required.")))
    if not result.identifier:
        return result

    items = document.get("CFItems") or []
    nodes: dict[str, Node] = {}
    for row, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            result.errors.append(Problem("CFItems", row, "", _("An item must be an object.")))
            continue
        identifier = _text(item.get("identifier"))
        statement = _text(item.get("fullStatement"))
        code = _text(item.get("humanCodingScheme"))
        if not identifier:
            result.errors.append(Problem("CFItems", row, "identifier", _("A value is required.")))
            continue
        if identifier in nodes:
            result.errors.append(
                Problem("CFItems", row, "identifier", _("This identifier is used twice."))
            )
            continue
        if not statement:
            result.errors.append(
                Problem("CFItems", row, "fullStatement", _("A value is required."))
            )
        if len(code) > CODE_MAX:
            result.errors.append(
                Problem(
                    "CFItems",
                    row,
                    "humanCodingScheme",
                    _("A code may be at most %(max)s characters.") % {"max": CODE_MAX},
                )
            )
        item_type = item.get("CFItemType") or ""
        nodes[identifier] = Node(
            identifier=identifier,
            code=code,
            statement=statement,
            item_type=_text(item_type) if isinstance(item_type, str) else "",
            sequence=_int(item.get("listEnumeration")) or 0,
            row=row,
        )

    for row, association in enumerate(document.get("CFAssociations") or [], start=1):
        if not isinstance(association, dict):
            continue
        if _text(association.get("associationType")) != "isChildOf":
            continue  # exactMatchOf, isRelatedTo … are not part of the tree
        child = _node_id(association.get("originNodeURI"))
        parent = _node_id(association.get("destinationNodeURI"))
        if child not in nodes:
            result.errors.append(
                Problem(
                    "CFAssociations",
                    row,
                    "originNodeURI",
                    _("No item has the identifier “%(id)s”.") % {"id": child},
                )
            )
            continue
        if parent != result.identifier and parent not in nodes:
            result.errors.append(
                Problem(
                    "CFAssociations",
                    row,
                    "destinationNodeURI",
                    _("No item or document has the identifier “%(id)s”.") % {"id": parent},
                )
            )
            continue
        if parent == child:
            result.errors.append(
                Problem(
                    "CFAssociations", row, "destinationNodeURI", _("An item is its own parent.")
                )
            )
            continue
        node = nodes[child]
        node.parent = "" if parent == result.identifier else parent
        sequence = _int(association.get("sequenceNumber"))
        if sequence is not None:
            node.sequence = sequence
    _check_cycles(nodes, result, "CFAssociations")
    result.nodes = list(nodes.values())
    return result


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_cycles(nodes: dict[str, Node], result: FrameworkFile, file: str) -> None:
    for node in nodes.values():
        seen = {node.identifier}
        current = node
        while current.parent:
            if current.parent in seen:
                result.errors.append(
                    Problem(file, node.row, "parent", _("The items' parents form a loop."))
                )
                current.parent = ""  # report once
                break
            seen.add(current.parent)
            if current.parent not in nodes:
                break
            current = nodes[current.parent]


CSV_COLUMNS = ("code", "statement", "parent_code")


def read_csv(data: bytes, *, name: str) -> FrameworkFile:
    """code, statement, parent_code (required columns); credits (optional). The framework is
    named after the file."""
    file = name.rsplit("/", 1)[-1]
    title = file.rsplit(".", 1)[0] or file
    result = FrameworkFile(identifier=f"csv:{title}", title=title, source="csv")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(Problem(file, None, "", _("The file is not UTF-8 text.")))
        result.identifier = ""
        return result
    reader = csv.DictReader(io.StringIO(text))
    headers = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    missing = [c for c in CSV_COLUMNS[:2] if c not in headers]
    if missing:
        result.errors.append(Problem(file, 1, ", ".join(missing), _("These columns are missing.")))
        result.identifier = ""
        return result
    nodes: dict[str, Node] = {}
    for row, line in enumerate(reader, start=2):

        def get(column, line=line):
            return (line.get(headers.get(column, ""), "") or "").strip()

        code, statement = get("code"), get("statement")
        if not code:
            result.errors.append(Problem(file, row, "code", _("A value is required.")))
            continue
        if len(code) > CODE_MAX:
            result.errors.append(
                Problem(
                    file,
                    row,
                    "code",
                    _("A code may be at most %(max)s characters.") % {"max": CODE_MAX},
                )
            )
            continue
        if code in nodes:
            result.errors.append(Problem(file, row, "code", _("This code is used twice.")))
            continue
        if not statement:
            result.errors.append(Problem(file, row, "statement", _("A value is required.")))
            continue
        credits = None
        if get("credits"):
            try:
                credits = Decimal(get("credits"))
                if credits < 0 or credits >= 1000:
                    raise InvalidOperation
            except InvalidOperation:
                result.errors.append(
                    Problem(file, row, "credits", _("Write a number of credits, e.g. 0.5."))
                )
                continue
        nodes[code] = Node(
            identifier=code,
            code=code,
            statement=statement,
            parent=get("parent_code"),
            sequence=row,
            credits=credits,
            row=row,
        )
    for node in list(nodes.values()):
        if node.parent and node.parent not in nodes:
            result.errors.append(
                Problem(
                    file,
                    node.row,
                    "parent_code",
                    _("No row has the code “%(code)s”.") % {"code": node.parent},
                )
            )
            del nodes[node.identifier]
    _check_cycles(nodes, result, file)
    result.nodes = list(nodes.values())
    return result
