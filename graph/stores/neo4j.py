"""Neo4j: the shared store for a lab or a team, one graph on a server.

Writes are ``UNWIND $rows ... MERGE`` statements (graph.stores.neo4j_cypher), a
few thousand rows per managed write transaction, which the driver retries on
transient errors; MERGE makes every write idempotent, so a write cut off half
way is finished by running it again. Nodes go before relationships, so a
partial write never leaves a relationship without its ends.

The row builders (``paper_rows``, ``node_rows``, ``rel_rows``, ``score_rows``)
are plain functions so the tests can feed the very same rows and statements to
LadybugDB.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from graph.build import identity_keys
from graph.errors import InputError, QueryError, StoreError
from graph.schema import ENTITY_TYPES, Counts, GraphBatch, Paper, PaperRef, WriteSummary, title_key
from graph.stores import neo4j_cypher as cy
from graph.stores.base import NODE_LABELS, REL_TYPES, SCORE_PROPERTIES, QueryResult

BATCH_SIZE = 5000  # rows per write transaction
CONNECTION_TIMEOUT = 10.0  # seconds to reach the server before giving up
RETRY_TIME = 30.0  # seconds the driver keeps retrying a transaction on transient errors
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')


# -- rows: what the MERGE statements receive ----------------------------------------------


def paper_row(paper: Paper) -> dict[str, Any]:
    """A paper as MERGE_PAPERS wants it, with the derived title_key and reference_only."""
    row = paper.model_dump(include={"id", *cy.PAPER_FIELDS})
    row["title_key"] = title_key(paper.title) if paper.title else None
    row["reference_only"] = not paper.sources
    return row


def paper_rows(papers: list[Paper], stored: list[Paper]) -> tuple[list[dict[str, Any]], int, int]:
    """(rows to write, new papers, updated papers): each paper merged with its stored version."""
    old = {p.id: p for p in stored}
    incoming: dict[str, Paper] = {}
    for paper in papers:
        incoming[paper.id] = incoming[paper.id].merged(paper) if paper.id in incoming else paper
    rows, new, updated = [], 0, 0
    for pid, paper in incoming.items():
        if pid not in old:
            rows.append(paper_row(paper))
            new += 1
            continue
        merged = old[pid].merged(paper)
        if merged != old[pid]:
            rows.append(paper_row(merged))
            updated += 1
    return rows, new, updated


def node_rows(batch: GraphBatch) -> dict[str, list[dict[str, Any]]]:
    """Entity and author rows per label (papers have ``paper_rows``)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for e in batch.entities:
        out.setdefault(e.type, []).append(e.model_dump(exclude={"type"}))
    if batch.authors:
        out["Author"] = [a.model_dump() for a in batch.authors]
    return out


def rel_rows(batch: GraphBatch) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Relationship rows (``from``, ``to`` and properties) per (type, start label, end label)."""
    out: dict[tuple[str, str, str], list[dict[str, Any]]] = {}

    def add(pattern: tuple[str, str, str], row: dict[str, Any]) -> None:
        out.setdefault(pattern, []).append(row)

    for link in batch.links:
        add(
            (link.rel, "Paper", link.entity_type),
            {"from": link.paper_id, "to": link.entity_id, "mention": link.mention, "evidence": link.evidence},
        )
    for r in batch.results:
        add(
            ("REPORTS", "Paper", "Benchmark"),
            {"from": r.paper_id, "to": r.benchmark_id, **r.model_dump(exclude={"paper_id", "benchmark_id"})},
        )
    for v in batch.variants:
        add(("VARIANT_OF", v.entity_type, v.entity_type), {"from": v.child_id, "to": v.parent_id})
    for c in batch.citations:
        add(
            ("CITES", "Paper", "Paper"),
            {"from": c.src_id, "to": c.dst_id, "source": c.source, "evidence": c.evidence},
        )
    for a in batch.authorships:
        add(("AUTHORED", "Author", "Paper"), {"from": a.author_id, "to": a.paper_id, "position": a.position})
    return out


def score_rows(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Score rows (``id`` plus SCORE_PROPERTIES) as one ``{id, value}`` list per property present."""
    if not rows:
        return {}
    return {
        prop: [{"id": r["id"], "value": r[prop]} for r in rows]
        for prop in SCORE_PROPERTIES
        if prop in rows[0]
    }


def chunks(rows: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def lucene_escape(text: str) -> str:
    """What a user typed, as a Lucene query that matches its words (no operators)."""
    return LUCENE_SPECIAL.sub(r"\\\1", text)


def plain(value: Any) -> Any:
    """Driver values as plain Python: nodes and relationships as dicts with ``_label``, like LadybugDB's."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        labels = sorted(value.labels)
        return {"_label": labels[0] if labels else "", **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_label": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"_NODES": [plain(n) for n in value.nodes], "_RELS": [plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time values
        return value.iso_format()
    return value


def redact(uri: str) -> str:
    """A URI fit for a message: any user:password part removed."""
    parts = urlsplit(uri)
    if parts.username or parts.password:
        return uri.replace(parts.netloc, parts.hostname + (f":{parts.port}" if parts.port else ""))
    return uri


# -- the store ----------------------------------------------------------------------------


class Neo4jStore:
    """A graph in a Neo4j 5 database, reached over Bolt."""

    name = "neo4j"

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str | None = None,
        database: str | None = None,
        batch_size: int = BATCH_SIZE,
    ):
        import neo4j

        self.uri = uri
        self.user = user
        self.auth = (user, password) if password else None
        self.database = database or None
        self.batch_size = batch_size
        self._schema_ready = False
        where = redact(uri)
        try:
            scheme, _ = urlsplit(uri).scheme, urlsplit(uri).port
        except ValueError as exc:
            raise InputError(f"{where}: not a valid URI ({exc})") from None
        if scheme not in SCHEMES:
            raise InputError(
                f"{where}: not a Bolt URI; use bolt://HOST:7687 or neo4j://HOST:7687 "
                f"(schemes: {', '.join(SCHEMES)})"
            )
        # The driver logs connection failures it also raises; keep them off the terminal.
        logging.getLogger("neo4j").addHandler(logging.NullHandler())
        logging.getLogger("neo4j").propagate = False
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=self.auth,
                connection_timeout=CONNECTION_TIMEOUT,
                max_transaction_retry_time=RETRY_TIME,
            )
        except (neo4j.exceptions.DriverError, ValueError) as exc:
            raise StoreError(f"{where}: {_first_line(exc)}") from None
        try:
            with self._errors():
                self._driver.verify_connectivity()
        except BaseException:
            self._driver.close()
            raise

    @classmethod
    def from_env(cls, uri: str | None = None) -> Neo4jStore:
        """The store at ``uri`` (else NEO4J_URI), as NEO4J_USER with NEO4J_PASSWORD, on NEO4J_DATABASE."""
        uri = uri or os.environ.get("NEO4J_URI")
        if not uri:
            raise InputError("no Neo4j server given: pass --neo4j URI or set NEO4J_URI")
        return cls(
            uri,
            user=os.environ.get("NEO4J_USER") or "neo4j",
            password=os.environ.get("NEO4J_PASSWORD") or None,
            database=os.environ.get("NEO4J_DATABASE") or None,
        )

    # -- plumbing ---------------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Driver and server errors as one-line citegraph errors naming the server."""
        from neo4j import exceptions as ex

        where = redact(self.uri) + (f" (database {self.database})" if self.database else "")
        try:
            yield
        except ex.AuthError:
            raise StoreError(
                f"{where}: authentication failed for user {self.user!r} (check NEO4J_USER and NEO4J_PASSWORD)"
            ) from None
        except (ex.ServiceUnavailable, ex.SessionExpired) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise StoreError(f"{where}: cannot reach the Neo4j server ({reason})") from None
        except ex.ClientError as exc:
            code = getattr(exc, "code", "") or ""
            if code.startswith(("Neo.ClientError.Database", "Neo.ClientError.Security")):
                raise StoreError(f"{where}: {_neo4j_message(exc)}") from None
            raise QueryError(_neo4j_message(exc)) from None
        except ex.Neo4jError as exc:
            raise StoreError(f"{where}: {_neo4j_message(exc)}") from None
        except (ex.DriverError, ValueError, OSError) as exc:
            raise StoreError(f"{where}: {_first_line(exc)}") from None

    def _session(self, write: bool):
        import neo4j

        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    def _read(self, cypher: str, params: dict[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
        def work(tx):
            result = tx.run(cypher, params or {})
            keys = list(result.keys())
            return keys, [list(record.values()) for record in result]

        with self._errors(), self._session(write=False) as session:
            return session.execute_read(work)

    def _write(self, work: Callable, *args: Any) -> Any:
        with self._errors(), self._session(write=True) as session:
            return session.execute_write(work, *args)

    def _ensure_schema(self) -> None:
        """Uniqueness constraints per node key and the paper full-text index (idempotent)."""
        if self._schema_ready:
            return
        with self._errors(), self._session(write=True) as session:
            for statement in [*cy.CONSTRAINTS.values(), cy.FULLTEXT_INDEX]:
                session.run(statement).consume()
        self._schema_ready = True

    # -- reading ----------------------------------------------------------------------

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        columns, rows = self._read(cypher, params)
        return QueryResult(columns=columns, rows=[[plain(v) for v in row] for row in rows])

    def columns(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        names, rows = self._read(cypher, params)
        return [[plain(row[i]) for row in rows] for i in range(len(names))]

    def counts(self) -> Counts:
        def work(tx):
            nodes = {label: tx.run(cy.COUNT_NODES[label]).single()[0] for label in NODE_LABELS}
            rels = {rel: tx.run(cy.COUNT_RELS[rel]).single()[0] for rel in REL_TYPES}
            return nodes, rels

        with self._errors(), self._session(write=False) as session:
            nodes, rels = session.execute_read(work)
        return Counts(nodes=nodes, relationships=rels)

    def paper_identities(self) -> list[tuple[str, list[str]]]:
        columns, rows = self._read(cy.PAPER_IDENTITIES)
        out = []
        for row in rows:
            rec = dict(zip(columns, row, strict=True))
            ref = PaperRef(**{c: rec[c] for c in columns[1:] if rec[c] is not None})
            out.append((rec["id"], identity_keys(ref)))
        return out

    def papers(self, ids: list[str]) -> list[Paper]:
        if not ids:
            return []
        columns, rows = self._read(cy.PAPERS_BY_ID, {"ids": ids})
        return [_paper(columns, row) for row in rows]

    def proposals(self) -> list[tuple[str, str, str]]:
        out = []
        for label in ENTITY_TYPES:
            _, rows = self._read(cy.PROPOSALS[label])
            out.extend((paper, label, name) for paper, name in rows)
        return out

    def search(self, text: str, limit: int = 20) -> QueryResult:
        """Papers whose title or abstract match the words of ``text``, best first (full-text index)."""
        if not text.strip():
            raise InputError("search text is empty")
        try:
            columns, rows = self._read(cy.SEARCH, {"text": lucene_escape(text), "top": limit})
        except QueryError as exc:
            if "fulltext" in str(exc).lower() or "index" in str(exc).lower():
                raise QueryError(
                    f"{redact(self.uri)}: no full-text index yet; run `citegraph ingest` or `citegraph push` first"
                ) from None
            raise
        return QueryResult(columns=columns, rows=rows)

    # -- writing ----------------------------------------------------------------------

    def write(self, batch: GraphBatch) -> WriteSummary:
        """Add a batch in transactions of ``batch_size`` rows; what the store holds is not added again."""
        self._ensure_schema()
        summary = WriteSummary()
        summary.nodes["Paper"] = 0
        for part in chunks(batch.papers, self.batch_size):
            new, updated = self._write(_write_papers, part)
            summary.nodes["Paper"] += new
            summary.updated_papers += updated
        for label, rows in node_rows(batch).items():
            for part in chunks(rows, self.batch_size):
                created = self._write(_run_counted, cy.MERGE_NODES[label], part, "nodes_created")
                summary.nodes[label] = summary.nodes.get(label, 0) + created
        for pattern, rows in rel_rows(batch).items():
            rel = pattern[0]
            for part in chunks(rows, self.batch_size):
                created = self._write(_run_counted, cy.MERGE_RELS[pattern], part, "relationships_created")
                summary.relationships[rel] = summary.relationships.get(rel, 0) + created
        return summary

    def set_scores(self, label: str, rows: list[dict[str, Any]]) -> None:
        if label not in NODE_LABELS:
            raise StoreError(f"cannot write scores onto unknown label {label!r}")
        for prop, values in score_rows(rows).items():
            for part in chunks(values, self.batch_size):
                self._write(_run_counted, cy.SET_SCORE[(label, prop)], part, "properties_set")

    def close(self) -> None:
        self._driver.close()


# -- transaction functions (run by execute_write, so the driver may run them again) ------


def _run_counted(tx, statement: str, rows: list[dict[str, Any]], counter: str) -> int:
    summary = tx.run(statement, {"rows": rows}).consume()
    return int(getattr(summary.counters, counter))


def _write_papers(tx, papers: list[Paper]) -> tuple[int, int]:
    result = tx.run(cy.PAPERS_BY_ID, {"ids": [p.id for p in papers]})
    columns = list(result.keys())
    stored = [_paper(columns, list(record.values())) for record in result]
    rows, new, updated = paper_rows(papers, stored)
    if rows:
        tx.run(cy.MERGE_PAPERS, {"rows": rows}).consume()
    return new, updated


def _paper(columns: list[str], row: list[Any]) -> Paper:
    return Paper(**{k: v for k, v in zip(columns, row, strict=True) if v is not None})


def _neo4j_message(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return _first_line(Exception(message))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
