"""The interface every graph store implements, and what all of them share.

Commands talk to a ``GraphStore`` and never know which database is behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph.errors import QueryError
from graph.schema import ENTITY_TYPES, ROLE_REL, Counts, GraphBatch, Paper, WriteSummary

NODE_LABELS = ("Paper", *ENTITY_TYPES, "Author")
MENTION_RELS = tuple(ROLE_REL.values())
REL_TYPES = (*MENTION_RELS, "REPORTS", "VARIANT_OF", "CITES", "AUTHORED")
# Node properties written back by analytics.
SCORE_PROPERTIES = ("pagerank", "degree", "betweenness", "community")

WRITE_CLAUSE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|ALTER|COPY|LOAD|INSTALL|ATTACH|DETACH|IMPORT|EXPORT|"
    r"CHECKPOINT|BEGIN|COMMIT|ROLLBACK|FOREACH)\b",
    re.I,
)
STRING_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)


def require_read_only(cypher: str) -> None:
    """Refuse a query that could change the graph: ``query`` is for reading."""
    code = STRING_OR_COMMENT.sub("''", cypher)
    m = WRITE_CLAUSE.search(code)
    if m:
        raise QueryError(f"queries are read-only: {m.group(1).upper()} is not allowed")
    if re.search(r"\bCALL\b", code, re.I) and not re.search(r"\bCALL\s+(db\.|show_|table_info)", code, re.I):
        raise QueryError("queries are read-only: CALL of a procedure is not allowed")


@dataclass
class QueryResult:
    """Columns and rows of a query, with values already plain Python (dicts for nodes)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class GraphStore(Protocol):
    """A place a graph lives: written in batches, read with Cypher."""

    name: str

    def write(self, batch: GraphBatch) -> WriteSummary:
        """Add a batch in one transaction; what the store already holds is not added again."""
        ...

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run a read query with parameters."""
        ...

    def columns(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        """A read query's result column by column, plain values only: the bulk path for analytics."""
        ...

    def counts(self) -> Counts: ...

    def paper_identities(self) -> list[tuple[str, list[str]]]:
        """(paper id, identity keys) of every paper, to resolve new papers to old nodes."""
        ...

    def papers(self, ids: list[str]) -> list[Paper]:
        """Stored papers by id."""
        ...

    def proposals(self) -> list[tuple[str, str, str]]:
        """(paper id, entity type, entity name) of every PROPOSES link."""
        ...

    def set_scores(self, label: str, rows: list[dict[str, Any]]) -> None:
        """Write analytics scores (``id`` plus SCORE_PROPERTIES) onto nodes of ``label``."""
        ...

    def search(self, text: str, limit: int = 20) -> QueryResult:
        """Papers whose title or abstract match ``text``, best first: columns id, title, published, score."""
        ...

    def close(self) -> None: ...
