"""LadybugDB: the embedded default store, one file on disk, real Cypher in process.

Writes go through COPY from Arrow tables inside one transaction, after leaving
out keys the database already holds: bulk speed, idempotent, all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pyarrow as pa

from graph.build import identity_keys
from graph.errors import QueryError, StoreError
from graph.schema import ENTITY_TYPES, Counts, GraphBatch, Paper, PaperRef, WriteSummary, title_key
from graph.stores.base import MENTION_RELS, NODE_LABELS, REL_TYPES, QueryResult

ARROW = {
    "STRING": pa.string(),
    "STRING[]": pa.list_(pa.string()),
    "INT64": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOL": pa.bool_(),
}
SCORES = {"pagerank": "DOUBLE", "degree": "INT64", "betweenness": "DOUBLE", "community": "INT64"}
PAPER = {
    "id": "STRING",
    "title": "STRING",
    "abstract": "STRING",
    "title_key": "STRING",
    "arxiv_id": "STRING",
    "doi": "STRING",
    "openalex_id": "STRING",
    "s2_id": "STRING",
    "published": "STRING",
    "url": "STRING",
    "venue": "STRING",
    "categories": "STRING[]",
    "citation_count": "INT64",
    "sources": "STRING[]",
    "reference_only": "BOOL",
    **SCORES,
}
ENTITY = {
    "id": "STRING",
    "name": "STRING",
    "aliases": "STRING[]",
    "family": "STRING",
    "size": "STRING",
    "variant": "STRING",
    **SCORES,
}
AUTHOR = {"id": "STRING", "name": "STRING", **SCORES}
NODES = {"Paper": PAPER, **dict.fromkeys(ENTITY_TYPES, ENTITY), "Author": AUTHOR}
MENTION = {"mention": "STRING", "evidence": "STRING"}
RESULT = {"value": "DOUBLE", "metric": "STRING", "model": "STRING", "delta": "BOOL", "evidence": "STRING"}
CITE = {"source": "STRING", "evidence": "STRING"}
AUTHORED = {"position": "INT64"}
# Relationship type -> (pairs of labels, properties)
RELS: dict[str, tuple[list[tuple[str, str]], dict[str, str]]] = {
    **{rel: ([("Paper", t) for t in ENTITY_TYPES], MENTION) for rel in MENTION_RELS},
    "REPORTS": ([("Paper", "Benchmark")], RESULT),
    "VARIANT_OF": ([(t, t) for t in ENTITY_TYPES], {}),
    "CITES": ([("Paper", "Paper")], CITE),
    "AUTHORED": ([("Author", "Paper")], AUTHORED),
}
PAPER_FIELDS = [c for c in PAPER if c not in SCORES and c not in ("title_key", "reference_only")]


def ddl() -> list[str]:
    """The statements that create the schema (idempotent)."""
    out = []
    for label, cols in NODES.items():
        body = ", ".join(f"{c} {t}" for c, t in cols.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {label}({body}, PRIMARY KEY(id))")
    for rel, (pairs, props) in RELS.items():
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in pairs)
        extra = "".join(f", {c} {t}" for c, t in props.items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel}({ends}{extra})")
    return out


def _plain(value: Any) -> Any:
    """Nodes and relationships as small dicts; everything else as it is."""
    if isinstance(value, dict) and "_LABEL" in value:
        out = {"_label": value["_LABEL"]}
        out.update({k: v for k, v in value.items() if not k.startswith("_") and v is not None})
        return out
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class LadybugStore:
    """A graph in a LadybugDB database file."""

    name = "ladybug"

    def __init__(self, path: str | Path, read_only: bool = False):
        import ladybug

        self.path = Path(path)
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no graph here yet (run `citegraph ingest` first)")
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a LadybugDB database file")
        try:
            self._db = ladybug.Database(str(self.path), read_only=read_only, buffer_pool_size=1 << 30)
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as exc:
            raise StoreError(f"{self.path}: cannot open the database ({_first_line(exc)})") from None
        if not read_only:
            for statement in ddl():
                self._conn.execute(statement)

    # -- reading ----------------------------------------------------------------------

    def _execute(self, cypher: str, params: dict[str, Any] | None = None):
        try:
            return self._conn.execute(cypher, params or {})
        except RuntimeError as exc:
            raise QueryError(_first_line(exc)) from None

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        result = self._execute(cypher, params)
        rows = [_plain(row) for row in result.get_all()]
        return QueryResult(columns=result.get_column_names(), rows=rows)

    def arrow(self, cypher: str, params: dict[str, Any] | None = None) -> pa.Table:
        """A query's result as an Arrow table: the bulk path for analytics."""
        return self._execute(cypher, params).get_as_arrow()

    def _column(self, cypher: str) -> set:
        table = self.arrow(cypher)
        return set(table.column(0).to_pylist()) if table.num_rows else set()

    def counts(self) -> Counts:
        nodes = {label: self._count(f"MATCH (n:{label}) RETURN count(n)") for label in NODE_LABELS}
        rels = {rel: self._count(f"MATCH ()-[r:{rel}]->() RETURN count(r)") for rel in REL_TYPES}
        return Counts(nodes=nodes, relationships=rels)

    def _count(self, cypher: str) -> int:
        return int(self._execute(cypher).get_all()[0][0])

    def paper_identities(self) -> list[tuple[str, list[str]]]:
        cols = ["id", "title", "arxiv_id", "doi", "openalex_id", "s2_id"]
        table = self.arrow("MATCH (p:Paper) RETURN " + ", ".join(f"p.{c} AS {c}" for c in cols))
        out = []
        for row in table.to_pylist():
            ref = PaperRef(**{c: row[c] for c in cols[1:] if row[c] is not None})
            out.append((row["id"], identity_keys(ref)))
        return out

    def papers(self, ids: list[str]) -> list[Paper]:
        if not ids:
            return []
        fields = ", ".join(f"p.{c} AS {c}" for c in PAPER_FIELDS)
        table = self.arrow(f"MATCH (p:Paper) WHERE p.id IN $ids RETURN {fields}", {"ids": ids})
        return [Paper(**{k: v for k, v in row.items() if v is not None}) for row in table.to_pylist()]

    def proposals(self) -> list[tuple[str, str, str]]:
        table = self.arrow("MATCH (p:Paper)-[:PROPOSES]->(e) RETURN p.id, label(e), e.name")
        return [tuple(row) for row in zip(*(c.to_pylist() for c in table.columns), strict=True)]

    # -- writing ----------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            # A failed statement has already rolled the transaction back.
            with suppress(RuntimeError):
                self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def write(self, batch: GraphBatch) -> WriteSummary:
        summary = WriteSummary()
        try:
            with self._transaction():
                self._write_papers(batch.papers, summary)
                for type_ in ENTITY_TYPES:
                    rows = [e.model_dump(exclude={"type"}) for e in batch.entities if e.type == type_]
                    self._copy_nodes(type_, rows, summary)
                self._copy_nodes("Author", [a.model_dump() for a in batch.authors], summary)
                self._write_rels(batch, summary)
        except RuntimeError as exc:
            raise StoreError(f"{self.path}: write failed, nothing was changed ({_first_line(exc)})") from None
        return summary

    def _write_papers(self, papers: list[Paper], summary: WriteSummary) -> None:
        existing = {p.id: p for p in self.papers([p.id for p in papers])}
        new, updates = [], []
        for paper in papers:
            old = existing.get(paper.id)
            if old is None:
                new.append(_paper_row(paper))
                continue
            merged = old.merged(paper)
            if merged != old:
                updates.append(_paper_row(merged))
        self._copy_nodes("Paper", new, summary, known=set())
        if updates:
            self._load_set("Paper", updates, {c: t for c, t in PAPER.items() if c not in SCORES})
            summary.updated_papers = len(updates)

    def _copy_nodes(
        self, label: str, rows: list[dict], summary: WriteSummary, known: set | None = None
    ) -> None:
        if known is None:
            known = self._column(f"MATCH (n:{label}) RETURN n.id")
        fresh: dict[str, dict] = {}
        for row in rows:
            if row["id"] not in known:
                fresh.setdefault(row["id"], row)
        if fresh:
            self._copy(label, list(fresh.values()), NODES[label])
        summary.nodes[label] = summary.nodes.get(label, 0) + len(fresh)

    def _copy(
        self, table: str, rows: list[dict], columns: dict[str, str], pair: tuple[str, str] | None = None
    ) -> None:
        schema = pa.schema([(c, ARROW[t]) for c, t in columns.items()])
        data = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows], schema=schema)
        option = f" (from='{pair[0]}', to='{pair[1]}')" if pair else ""
        self._conn.execute(f"COPY {table} FROM $data{option}", {"data": data})

    def _write_rels(self, batch: GraphBatch, summary: WriteSummary) -> None:
        for rel in MENTION_RELS:
            for type_ in ENTITY_TYPES:
                rows = [
                    {
                        "from": link.paper_id,
                        "to": link.entity_id,
                        "mention": link.mention,
                        "evidence": link.evidence,
                    }
                    for link in batch.links
                    if link.rel == rel and link.entity_type == type_
                ]
                self._copy_rels(rel, ("Paper", type_), rows, ("from", "to"), summary)
        results = [
            {"from": r.paper_id, "to": r.benchmark_id, **r.model_dump(exclude={"paper_id", "benchmark_id"})}
            for r in batch.results
        ]
        self._copy_rels(
            "REPORTS", ("Paper", "Benchmark"), results, ("from", "to", "value", "metric", "model"), summary
        )
        for type_ in ENTITY_TYPES:
            rows = [{"from": v.child_id, "to": v.parent_id} for v in batch.variants if v.entity_type == type_]
            self._copy_rels("VARIANT_OF", (type_, type_), rows, ("from", "to"), summary)
        cites = [
            {"from": c.src_id, "to": c.dst_id, "source": c.source, "evidence": c.evidence}
            for c in batch.citations
        ]
        self._copy_rels("CITES", ("Paper", "Paper"), cites, ("from", "to", "source"), summary)
        authored = [
            {"from": a.author_id, "to": a.paper_id, "position": a.position} for a in batch.authorships
        ]
        self._copy_rels("AUTHORED", ("Author", "Paper"), authored, ("from", "to"), summary)

    def _copy_rels(
        self, rel: str, pair: tuple[str, str], rows: list[dict], key: tuple[str, ...], summary: WriteSummary
    ) -> None:
        if not rows:
            return
        props = [k for k in key if k not in ("from", "to")]
        ret = ", ".join(["a.id", "b.id", *(f"r.{p}" for p in props)])
        table = self.arrow(f"MATCH (a:{pair[0]})-[r:{rel}]->(b:{pair[1]}) RETURN {ret}")
        known = set(zip(*(c.to_pylist() for c in table.columns), strict=True)) if table.num_rows else set()
        fresh: dict[tuple, dict] = {}
        for row in rows:
            k = tuple(row[c] for c in key)
            if k not in known:
                fresh.setdefault(k, row)
        if fresh:
            pairs, props_spec = RELS[rel]
            columns = {"from": "STRING", "to": "STRING", **props_spec}
            self._copy(rel, list(fresh.values()), columns, pair if len(pairs) > 1 else None)
        summary.relationships[rel] = summary.relationships.get(rel, 0) + len(fresh)

    def set_scores(self, label: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        props = [c for c in SCORES if c in rows[0]]
        try:
            with self._transaction():
                self._load_set(label, rows, {"id": "STRING", **{c: SCORES[c] for c in props}})
        except RuntimeError as exc:
            raise StoreError(f"{self.path}: cannot write scores ({_first_line(exc)})") from None

    def _load_set(self, label: str, rows: list[dict[str, Any]], columns: dict[str, str]) -> None:
        """Set properties on existing nodes from rows keyed by ``id``, in bulk."""
        schema = pa.schema([(c, ARROW[t]) for c, t in columns.items()])
        rows_table = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows], schema=schema)  # noqa: F841
        sets = ", ".join(f"n.{c} = {c}" for c in columns if c != "id")
        # LOAD FROM reads the local Arrow table by name: ten times faster than UNWIND ... SET.
        self._conn.execute(f"LOAD FROM rows_table MATCH (n:{label} {{id: id}}) SET {sets}")

    def close(self) -> None:
        self._conn.close()
        self._db.close()


def _paper_row(paper: Paper) -> dict[str, Any]:
    row = paper.model_dump(include=set(PAPER_FIELDS))
    row["title_key"] = title_key(paper.title) if paper.title else None
    row["reference_only"] = not paper.sources
    return row


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
