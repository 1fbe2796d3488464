"""The catalog of named Cypher queries: one ``.cypher`` file each, with a header.

Header lines start with ``--`` and give ``name``, ``description`` and ``params``
(``name (what it is)`` for a required parameter, ``name=default`` for an
optional one). A file ``<name>.<dialect>.cypher`` replaces ``<name>.cypher`` on
the store of that dialect, for the few queries whose Cypher differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import QueryError

CATALOG_DIR = Path(__file__).parent
PARAM = re.compile(r"(\w+)\s*(?:=\s*(\S+))?\s*(?:\((.*)\))?$")


@dataclass
class CatalogQuery:
    name: str
    description: str
    cypher: str
    required: dict[str, str] = field(default_factory=dict)  # name -> what it is
    defaults: dict[str, Any] = field(default_factory=dict)
    dialects: dict[str, str] = field(default_factory=dict)  # dialect -> cypher

    def text(self, dialect: str) -> str:
        return self.dialects.get(dialect, self.cypher)

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Parameters for a run: the defaults, then what was given; every required one present."""
        known = set(self.required) | set(self.defaults)
        unknown = sorted(set(given) - known)
        if unknown:
            raise QueryError(
                f"query {self.name}: unknown parameter {unknown[0]!r} (takes: {', '.join(sorted(known))})"
            )
        missing = [p for p in self.required if p not in given]
        if missing:
            p = missing[0]
            raise QueryError(f"query {self.name}: missing --param {p}=... ({self.required[p]})")
        params = {**self.defaults, **given}
        return {k: coerce(v) if isinstance(v, str) and k in self.defaults else v for k, v in params.items()}


def coerce(value: str) -> Any:
    """A parameter given as text: an integer or a number where it reads as one, else the text."""
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            pass
    return value


def parse_query(text: str, source: str) -> CatalogQuery:
    """One catalog file's header and body."""
    header: dict[str, str] = {}
    body: list[str] = []
    for line in text.splitlines():
        m = re.match(r"--\s*(\w+):\s*(.*)", line)
        if m and not body:
            header[m.group(1)] = m.group(2).strip()
        elif line.strip() or body:
            body.append(line)
    if "name" not in header or "description" not in header:
        raise QueryError(f"{source}: catalog query needs '-- name:' and '-- description:' header lines")
    required: dict[str, str] = {}
    defaults: dict[str, Any] = {}
    for item in _split_params(header.get("params", "")):
        m = PARAM.fullmatch(item)
        if not m:
            raise QueryError(f"{source}: cannot read parameter {item!r} in the params header")
        if m.group(2) is not None:
            defaults[m.group(1)] = coerce(m.group(2).strip())
        else:
            required[m.group(1)] = (m.group(3) or "required").strip()
    return CatalogQuery(header["name"], header["description"], "\n".join(body).strip(), required, defaults)


def _split_params(text: str) -> list[str]:
    """Comma-separated items, commas inside parentheses kept."""
    items, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += ch
    return [i for i in [*items, current.strip()] if i]


def catalog(directory: Path = CATALOG_DIR) -> dict[str, CatalogQuery]:
    """Every catalog query by name, with its dialect variants attached."""
    queries: dict[str, CatalogQuery] = {}
    variants: list[tuple[str, str, Path]] = []
    for path in sorted(directory.glob("*.cypher")):
        parts = path.name.split(".")
        if len(parts) == 3:
            variants.append((parts[0], parts[1], path))
            continue
        q = parse_query(path.read_text(encoding="utf-8"), path.name)
        if q.name != path.stem:
            raise QueryError(f"{path.name}: header name {q.name!r} differs from the file name")
        queries[q.name] = q
    for name, dialect, path in variants:
        if name not in queries:
            raise QueryError(f"{path.name}: dialect variant of a query that does not exist")
        queries[name].dialects[dialect] = parse_query(path.read_text(encoding="utf-8"), path.name).cypher
    return queries


def get(name: str) -> CatalogQuery:
    queries = catalog()
    if name not in queries:
        close = [n for n in queries if name.lower() in n or n in name.lower()]
        hint = f"; did you mean {', '.join(close)}?" if close else "; see `citegraph query --list`"
        raise QueryError(f"no catalog query named {name!r}{hint}")
    return queries[name]


def run(store, name: str, params: dict[str, Any] | None = None):
    """Run catalog query ``name`` on ``store`` with ``params``."""
    query = get(name)
    return store.query(query.text(store.name), query.bind(params or {}))
