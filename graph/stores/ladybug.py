"""LadybugDB: the embedded default store, one file on disk, real Cypher in process.

Writes go through COPY from Arrow tables inside one transaction, after leaving
out keys the database already holds: bulk speed, idempotent, all or nothing.
"""

from __future__ import annotations

import os
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
# Up to this many source nodes in a batch, existing relationships are read per node, not by a scan.
FEW_SOURCES = 5000


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


def buffer_pool_size() -> int:
    """Bytes of LadybugDB's page cache: ``CITEGRAPH_BUFFER_POOL_MB``, else a quarter of memory within 1-3 GiB.

    One ingest is one transaction, and its pages stay in the cache until it commits:
    100,000 papers need more than 1 GiB.
    """
    if mb := os.environ.get("CITEGRAPH_BUFFER_POOL_MB"):
        try:
            return int(mb) << 20
        except ValueError:
            raise StoreError(f"CITEGRAPH_BUFFER_POOL_MB={mb!r} is not a number of megabytes") from None
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") if hasattr(os, "sysconf") else 0
    return max(1 << 30, min(memory // 4, 3 << 30))


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
            self._db = ladybug.Database(
                str(self.path), read_only=read_only, buffer_pool_size=buffer_pool_size()
            )
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

    def columns(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        return [column.to_pylist() for column in self.arrow(cypher, params).columns]

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
        rows = self._paper_rows(ids).values()
        return [Paper(**{k: v for k, v in row.items() if v is not None}) for row in rows]

    def proposals(self) -> list[tuple[str, str, str]]:
        return list(
            zip(*self.columns("MATCH (p:Paper)-[:PROPOSES]->(e) RETURN p.id, label(e), e.name"), strict=True)
        )

    def search(self, text: str, limit: int = 20) -> QueryResult:
        """Papers whose title or abstract contain ``text`` (any case); title matches first.

        Plain Cypher on purpose: LadybugDB's full-text extension is downloaded at run time.
        """
        if not text.strip():
            raise QueryError("search text is empty")
        return self.query(
            "WITH lower($text) AS t MATCH (p:Paper) "
            "WHERE lower(p.title) CONTAINS t OR lower(p.abstract) CONTAINS t "
            "RETURN p.id AS id, p.title AS title, p.published AS published, "
            "CASE WHEN lower(p.title) CONTAINS t THEN 2.0 ELSE 1.0 END AS score "
            "ORDER BY score DESC, title LIMIT $limit",
            {"text": text.strip(), "limit": limit},
        )

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
        existing = self._paper_rows([p.id for p in papers])
        new, updates = [], []
        for paper in papers:
            row = existing.get(paper.id)
            if row is None:
                new.append(_paper_row(paper))
                continue
            if _adds_nothing(row, paper):
                continue  # merging would give the stored paper back: skip building it
            old = Paper(**{k: v for k, v in row.items() if v is not None})
            merged = old.merged(paper)
            if merged != old:
                updates.append(_paper_row(merged))
        self._copy_nodes("Paper", new, summary, known=set())
        if updates:
            self._load_set("Paper", updates, {c: t for c, t in PAPER.items() if c not in SCORES})
            summary.updated_papers = len(updates)

    def _paper_rows(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """Stored fields of the papers among ``ids`` that the store holds, as plain rows by id."""
        if not ids:
            return {}
        fields = ", ".join(f"p.{c} AS {c}" for c in PAPER_FIELDS)
        # UNWIND + primary-key lookup is linear; ``p.id IN $ids`` is quadratic in the number of ids.
        table = self.arrow(f"UNWIND $ids AS i MATCH (p:Paper {{id: i}}) RETURN {fields}", {"ids": ids})
        return {row["id"]: row for row in table.to_pylist()}

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
            columns = NODES[label]
            values = list(fresh.values())
            self._copy(label, [[row.get(c) for row in values] for c in columns], columns)
        summary.nodes[label] = summary.nodes.get(label, 0) + len(fresh)

    def _copy(
        self, table: str, data: list[list], columns: dict[str, str], pair: tuple[str, str] | None = None
    ) -> None:
        """COPY one table from column lists (in the order of ``columns``) through Arrow."""
        arrays = [pa.array(values, type=ARROW[t]) for values, t in zip(data, columns.values(), strict=True)]
        arrow_table = pa.Table.from_arrays(arrays, names=list(columns))
        option = f" (from='{pair[0]}', to='{pair[1]}')" if pair else ""
        self._conn.execute(f"COPY {table} FROM $data{option}", {"data": arrow_table})

    def _write_rels(self, batch: GraphBatch, summary: WriteSummary) -> None:
        # Rows are tuples in the column order of RELS (from, to, properties...); one pass per list.
        mentions: dict[tuple[str, str], list[tuple]] = {}
        for link in batch.links:
            mentions.setdefault((link.rel, link.entity_type), []).append(
                (link.paper_id, link.entity_id, link.mention, link.evidence)
            )
        for rel in MENTION_RELS:
            for type_ in ENTITY_TYPES:
                self._copy_rels(rel, ("Paper", type_), mentions.get((rel, type_), []), 2, summary)
        results = [
            (r.paper_id, r.benchmark_id, r.value, r.metric, r.model, r.delta, r.evidence)
            for r in batch.results
        ]
        self._copy_rels("REPORTS", ("Paper", "Benchmark"), results, 5, summary)
        variants: dict[str, list[tuple]] = {}
        for v in batch.variants:
            variants.setdefault(v.entity_type, []).append((v.child_id, v.parent_id))
        for type_ in ENTITY_TYPES:
            self._copy_rels("VARIANT_OF", (type_, type_), variants.get(type_, []), 2, summary)
        cites = [(c.src_id, c.dst_id, c.source, c.evidence) for c in batch.citations]
        self._copy_rels("CITES", ("Paper", "Paper"), cites, 3, summary)
        authored = [(a.author_id, a.paper_id, a.position) for a in batch.authorships]
        self._copy_rels("AUTHORED", ("Author", "Paper"), authored, 2, summary)

    def _copy_rels(
        self, rel: str, pair: tuple[str, str], rows: list[tuple], key_len: int, summary: WriteSummary
    ) -> None:
        """COPY the rows whose key (their first ``key_len`` values) is neither stored nor met before."""
        if not rows:
            return
        pairs, props_spec = RELS[rel]
        columns = {"from": "STRING", "to": "STRING", **props_spec}
        fresh: dict[tuple, tuple] = {}
        for row in rows:
            fresh.setdefault(row[:key_len], row)
        known = self._rel_keys(rel, pair, list(columns)[2:key_len], {k[0] for k in fresh})
        new = [row for k, row in fresh.items() if k not in known] if known else list(fresh.values())
        if new:
            self._copy(
                rel, [list(col) for col in zip(*new, strict=True)], columns, pair if len(pairs) > 1 else None
            )
        summary.relationships[rel] = summary.relationships.get(rel, 0) + len(new)

    def _rel_keys(self, rel: str, pair: tuple[str, str], props: list[str], sources: set[str]) -> set[tuple]:
        """Keys (from, to, props...) of the stored ``rel`` relationships, read in bulk.

        For a few source nodes (an incremental ingest) only theirs are read, through the
        primary-key index; for many, one scan of the table is faster.
        """
        ret = ", ".join(["a.id", "b.id", *(f"r.{p}" for p in props)])
        pattern = f"(a:{pair[0]})-[r:{rel}]->(b:{pair[1]})"
        if len(sources) <= FEW_SOURCES:
            table = self.arrow(
                f"UNWIND $ids AS i MATCH {pattern} WHERE a.id = i RETURN {ret}", {"ids": sorted(sources)}
            )
        else:
            table = self.arrow(f"MATCH {pattern} RETURN {ret}")
        if not table.num_rows:
            return set()
        return set(zip(*(c.to_pylist() for c in table.columns), strict=True))

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


def _adds_nothing(row: dict[str, Any], paper: Paper) -> bool:
    """True when ``Paper.merged`` of the stored ``row`` and ``paper`` is the stored paper itself.

    Mirrors the rules of ``Paper.merged`` field by field, so re-ingesting a corpus skips
    building and comparing a merged record for every paper it already holds.
    """
    for field in Paper.model_fields:
        if field == "id":
            continue
        new = getattr(paper, field)
        old = row.get(field)
        if field in ("sources", "categories"):
            old = old or []
            if len(set(old)) != len(old) or any(v not in old for v in new):
                return False
        elif field in ("authors", "abstract", "references", "cited_by"):
            if len(new) > len(old or ()):
                return False
        elif old in (None, "", []) and new not in (None, "", []):
            return False
    return True


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
