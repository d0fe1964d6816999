"""The need-to-know table (docs/need-to-know.md) as data, and what the access walk needs.

``test_access_matrix.py`` walks every URL and API operation as every role; this
module reads the table it holds them to, lists the API's operations from its
OpenAPI description, and says which names and texts of the test world each role
may see.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.http import HttpResponse
from django.urls import get_resolver

from hjemtilos.api.api import api

ROOT = Path(__file__).resolve().parents[3]
TABLE = ROOT / "docs" / "need-to-know.md"

# The table's columns; the walk's other people act under one of them.
COLUMNS = (
    "anonymous",
    "staff",
    "advisory",
    "caseworker",
    "volunteer",
    "parent",
    "evaluator",
    "administrator",
)
# Who the walk's variants are, in the table's terms: the same role, for
# records that are not theirs (the world's records all belong to ``site``,
# to ``caseworker`` and to the families of its friendship).
VARIANTS = {"other_staff": "staff", "other_caseworker": "caseworker"}
# Signed in with a password but without the second factor: no more rights than
# a visitor who has not signed in.
UNVERIFIED = {"unverified_staff": "anonymous"}
SCOPES = ("none", "aggregate", "own", "site", "all")
NO_RECORDS = ("none", "aggregate")


@dataclass(frozen=True)
class Table:
    read: dict[str, dict[str, str]]
    write: dict[str, dict[str, str]]
    case_records: frozenset[str]

    def scope(self, obj: str, role: str, *, write: bool) -> str:
        """The scope of ``role`` (a walk role, variants included) on ``obj``."""
        column = VARIANTS.get(role) or UNVERIFIED.get(role) or role
        return (self.write if write else self.read)[obj][column]


def _rows(section: str) -> Iterator[list[str]]:
    for line in section.splitlines():
        if line.startswith("| `"):
            yield [cell.strip() for cell in line.strip().strip("|").split("|")]


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^## {heading}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"docs/need-to-know.md has no section '## {heading}'"
    return match.group(1)


def _scopes(section: str) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    header = next(line for line in section.splitlines() if line.startswith("| object"))
    columns = [cell.strip() for cell in header.strip().strip("|").split("|")][1:]
    assert tuple(columns) == COLUMNS, f"the columns of the table must be {COLUMNS}"
    for cells in _rows(section):
        obj = cells[0].strip("`")
        scopes = [cell.split()[0] for cell in cells[1:]]
        bad = [s for s in scopes if s not in SCOPES]
        assert not bad, f"{obj}: unknown scopes {bad} (use {SCOPES})"
        table[obj] = dict(zip(COLUMNS, scopes, strict=True))
    return table


def load_table() -> Table:
    text = TABLE.read_text(encoding="utf-8")
    kinds = {cells[0].strip("`"): cells[2] for cells in _rows(_section(text, "Object types"))}
    read, write = _scopes(_section(text, "Read")), _scopes(_section(text, "Write"))
    assert read.keys() == write.keys() == kinds.keys(), (
        "docs/need-to-know.md: the object types, the Read and the Write tables must list "
        "the same objects"
    )
    return Table(
        read=read,
        write=write,
        case_records=frozenset(o for o, kind in kinds.items() if kind.startswith("yes")),
    )


# The API's operations ----------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    url_name: str  # "api:<url_name>", the key of its MATRIX entry
    method: str
    path: str


def api_operations() -> list[Operation]:
    """Every operation of the API's OpenAPI description, with the URL name it is reversed by."""
    # The URLconf mounts the apps' routers; loading it first keeps ninja from binding
    # (and caching) the router tree before they are all there.
    get_resolver().url_patterns  # noqa: B018 - loads the URLconf
    by_id: dict[str, str] = {}
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                op_id = operation.operation_id or api.get_openapi_operation_id(operation)
                by_id[op_id] = operation.url_name
    found = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, spec in methods.items():
            url_name = by_id[spec["operationId"]]
            found.append(Operation(f"api:{url_name}", method.upper(), path))
    return found


# What a response shows ----------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """A name or text of one record of the test world, and who may see it.

    ``owners`` are the walk roles for whom the record is their ``own`` (the
    caseworker who referred the child, the families of the friendship, the
    staff member on the case); ``site`` scope sees every marker (all of the
    world's records are at one site) except from staff of another site.
    """

    obj: str
    text: str
    owners: frozenset[str] = frozenset()


def may_see(table: Table, role: str, marker: Marker) -> bool:
    scope = table.scope(marker.obj, role, write=False)
    if scope == "all":
        return True
    if scope == "site":
        return role not in VARIANTS
    if scope == "own":
        return role in marker.owners
    return False


def shown_text(response: HttpResponse) -> str:
    """What a person (or an integration) reads in ``response``: HTML, JSON, CSV, iCalendar."""
    content_type = response.get("Content-Type", "")
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        body = response.content
    if not any(kind in content_type for kind in ("html", "json", "text", "calendar", "csv")):
        return ""  # PDFs and photos: not searched (their pages are)
    text = body.decode("utf-8", errors="replace")
    if "json" in content_type and text:
        # JSON escapes non-ASCII letters; compare what it says.
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text


def seen(markers: Iterable[Marker], text: str) -> list[Marker]:
    return [marker for marker in markers if marker.text in text]
