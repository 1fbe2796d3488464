"""Get a whole graph out of a store: as a batch (to push it into Neo4j), as neo4j-admin
import CSV files, as GraphML for Gephi or as JSON for scripts.

Reads go through ``GraphStore.query`` with Cypher both dialects accept, so every
export works from either store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.schema import (
    ENTITY_TYPES,
    AuthorNode,
    Authorship,
    Citation,
    Entity,
    GraphBatch,
    Link,
    ResultLink,
    VariantLink,
    WriteSummary,
)
from graph.stores.base import MENTION_RELS, NODE_LABELS, SCORE_PROPERTIES, GraphStore
from graph.stores.neo4j import node_rows, paper_row, rel_rows
from graph.stores.neo4j_cypher import NODE_PROPERTIES, REL_PATTERNS

FORMATS = ("neo4j-import", "graphml", "json")
# neo4j-admin header types of the properties that are not plain strings.
PROPERTY_TYPES = {
    "categories": "string[]",
    "sources": "string[]",
    "aliases": "string[]",
    "citation_count": "long",
    "reference_only": "boolean",
    "pagerank": "double",
    "degree": "long",
    "betweenness": "double",
    "community": "long",
    "value": "float",
    "delta": "boolean",
    "position": "int",
}
ARRAY_DELIMITERS = (";", "|", "¦")  # the first no array element contains is used


# -- reading a whole store ----------------------------------------------------------------


def read_batch(store: GraphStore) -> GraphBatch:
    """Everything a store holds, as the batch that would write it again."""
    ids = [row[0] for row in store.query("MATCH (p:Paper) RETURN p.id").rows]
    batch = GraphBatch(papers=store.papers(ids))
    for label in ENTITY_TYPES:
        rows = store.query(
            f"MATCH (n:{label}) RETURN n.id AS id, n.name AS name, n.aliases AS aliases, "
            "n.family AS family, n.size AS size, n.variant AS variant"
        ).records()
        batch.entities += [
            Entity(type=label, **{k: v for k, v in r.items() if v is not None})
            for r in sorted(rows, key=_by_id)
        ]
        variants = store.query(f"MATCH (a:{label})-[:VARIANT_OF]->(b:{label}) RETURN a.id, b.id").rows
        batch.variants += [
            VariantLink(entity_type=label, child_id=a, parent_id=b) for a, b in sorted(variants)
        ]
        for rel in MENTION_RELS:
            links = store.query(
                f"MATCH (p:Paper)-[r:{rel}]->(e:{label}) RETURN p.id, e.id, r.mention, r.evidence"
            ).rows
            batch.links += [
                Link(paper_id=p, rel=rel, entity_type=label, entity_id=e, mention=m or "", evidence=ev or "")
                for p, e, m, ev in sorted(links, key=_text_key)
            ]
    results = store.query(
        "MATCH (p:Paper)-[r:REPORTS]->(b:Benchmark) "
        "RETURN p.id, b.id, r.value, r.metric, r.model, r.delta, r.evidence"
    ).rows
    batch.results = [
        ResultLink(
            paper_id=p,
            benchmark_id=b,
            value=v,
            metric=metric or "",
            model=model or "",
            delta=bool(d),
            evidence=ev or "",
        )
        for p, b, v, metric, model, d, ev in sorted(results, key=_text_key)
    ]
    cites = store.query("MATCH (a:Paper)-[c:CITES]->(b:Paper) RETURN a.id, b.id, c.source, c.evidence").rows
    batch.citations = [
        Citation(src_id=a, dst_id=b, source=s or "", evidence=ev or "")
        for a, b, s, ev in sorted(cites, key=_text_key)
    ]
    authors = store.query("MATCH (n:Author) RETURN n.id AS id, n.name AS name").records()
    batch.authors = [AuthorNode(**r) for r in sorted(authors, key=_by_id)]
    authored = store.query("MATCH (a:Author)-[r:AUTHORED]->(p:Paper) RETURN a.id, p.id, r.position").rows
    batch.authorships = [
        Authorship(author_id=a, paper_id=p, position=pos if pos is not None else 0)
        for a, p, pos in sorted(authored, key=_text_key)
    ]
    return batch


def read_scores(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    """Analytics scores stored on nodes, per label: ``id`` plus every score property."""
    out: dict[str, list[dict[str, Any]]] = {}
    ret = ", ".join(f"n.{p} AS {p}" for p in SCORE_PROPERTIES)
    cond = " OR ".join(f"n.{p} IS NOT NULL" for p in SCORE_PROPERTIES)
    for label in NODE_LABELS:
        rows = store.query(f"MATCH (n:{label}) WHERE {cond} RETURN n.id AS id, {ret}").records()
        if rows:
            out[label] = sorted(rows, key=_by_id)
    return out


def push(source: GraphStore, target: GraphStore) -> WriteSummary:
    """Copy the graph in ``source`` (and its analytics scores) into ``target``; again: adds nothing."""
    summary = target.write(read_batch(source))
    for label, rows in read_scores(source).items():
        for prop in SCORE_PROPERTIES:
            have = [r for r in rows if r[prop] is not None]
            if have:
                target.set_scores(label, [{"id": r["id"], prop: r[prop]} for r in have])
    return summary


# -- one in-memory form every file format is written from ---------------------------------


@dataclass
class Graph:
    """Nodes per label (``id`` plus properties) and relationships per (type, start, end)."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)


def read_graph(store: GraphStore) -> Graph:
    batch = read_batch(store)
    nodes: dict[str, list[dict[str, Any]]] = {
        "Paper": [paper_row(p) for p in sorted(batch.papers, key=lambda p: p.id)]
    }
    nodes.update(node_rows(batch))
    scores = read_scores(store)
    for label, rows in nodes.items():
        by_id = {r["id"]: r for r in scores.get(label, [])}
        for row in rows:
            row.update({k: v for k, v in by_id.get(row["id"], {}).items() if k != "id" and v is not None})
    return Graph(nodes={k: v for k, v in nodes.items() if v}, rels=rel_rows(batch))


# -- neo4j-admin database import full -----------------------------------------------------


@dataclass
class ImportFiles:
    """What ``export_neo4j_import`` wrote."""

    directory: Path
    array_delimiter: str
    node_files: dict[str, Path] = field(default_factory=dict)
    rel_files: dict[tuple[str, str, str], Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # per label and per relationship type


def export_neo4j_import(store: GraphStore, directory: Path) -> ImportFiles:
    """Node and relationship CSV files with neo4j-admin import headers, plus ``import.sh`` to load them."""
    graph = read_graph(store)
    delimiter = _array_delimiter(graph)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{directory}: cannot create the directory ({exc.strerror})") from None
    out = ImportFiles(directory=directory, array_delimiter=delimiter)
    for label, rows in graph.nodes.items():
        props = [p for p in NODE_PROPERTIES[label] if p != "id"] + [
            p for p in SCORE_PROPERTIES if any(p in r for r in rows)
        ]
        header = [f"id:ID({label})", *(_typed(p) for p in props), ":LABEL"]
        lines = [[r["id"], *(r.get(p) for p in props), label] for r in rows]
        out.node_files[label] = _write_csv(directory / f"nodes_{label}.csv", header, lines, delimiter)
        out.counts[label] = len(rows)
    for (rel, start, end), rows in graph.rels.items():
        keys, others = REL_PATTERNS[(rel, start, end)]
        props = [*keys, *others]
        header = [f":START_ID({start})", f":END_ID({end})", *(_typed(p) for p in props), ":TYPE"]
        lines = [[r["from"], r["to"], *(r.get(p) for p in props), rel] for r in rows]
        out.rel_files[(rel, start, end)] = _write_csv(
            directory / f"rels_{rel}_{start}_{end}.csv", header, lines, delimiter
        )
        out.counts[rel] = out.counts.get(rel, 0) + len(rows)
    _write_script(out)
    return out


def _typed(prop: str) -> str:
    return f"{prop}:{PROPERTY_TYPES[prop]}" if prop in PROPERTY_TYPES else prop


def _array_delimiter(graph: Graph) -> str:
    items = {
        item
        for rows in graph.nodes.values()
        for r in rows
        for v in r.values()
        if isinstance(v, list)
        for item in v
    }
    for d in ARRAY_DELIMITERS:
        if not any(d in item for item in items):
            return d
    raise InputError(
        f"cannot export: list values contain every array delimiter ({' '.join(ARRAY_DELIMITERS)})"
    )


def _field(value: Any, delimiter: str) -> str:
    """One CSV field: empty for no value, text always quoted (quotes doubled), numbers bare."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        value = delimiter.join(str(v) for v in value)
    return '"' + str(value).replace('"', '""') + '"'


def _write_csv(path: Path, header: list[str], rows: list[list[Any]], delimiter: str) -> Path:
    try:
        with path.open("w", encoding="utf-8", newline="") as f:
            f.write(",".join(header) + "\n")
            for row in rows:
                f.write(",".join(_field(v, delimiter) for v in row) + "\n")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    return path


def _write_script(files: ImportFiles) -> None:
    args = [f"--nodes={p.name}" for p in files.node_files.values()]
    args += [f"--relationships={p.name}" for p in files.rel_files.values()]
    lines = [
        "#!/bin/sh",
        "# Load these files into an empty Neo4j 5 database with the server stopped:",
        "#   sh import.sh [DATABASE]   (default: neo4j; replaces what the database holds)",
        'cd "$(dirname "$0")" || exit 1',
        'exec neo4j-admin database import full "${1:-neo4j}" --overwrite-destination \\',
        f"  --multiline-fields=true --array-delimiter='{files.array_delimiter}' \\",
        *(f"  {a} \\" for a in args[:-1]),
        f"  {args[-1]}" if args else "",
    ]
    path = files.directory / "import.sh"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o755)


# -- GraphML and JSON ---------------------------------------------------------------------


def export_json(store: GraphStore, path: Path) -> dict[str, int]:
    """One JSON document: ``nodes`` (key ``Label:id``, label, properties) and ``relationships``."""
    graph = read_graph(store)
    doc = {
        "nodes": [
            {"key": f"{label}:{r['id']}", "label": label, "properties": _props(r, exclude=())}
            for label, rows in graph.nodes.items()
            for r in rows
        ],
        "relationships": [
            {
                "type": rel,
                "start": f"{start}:{r['from']}",
                "end": f"{end}:{r['to']}",
                "properties": _props(r, exclude=("from", "to")),
            }
            for (rel, start, end), rows in graph.rels.items()
            for r in rows
        ],
    }
    _write_text(path, json.dumps(doc, ensure_ascii=False, indent=1))
    return {"nodes": len(doc["nodes"]), "relationships": len(doc["relationships"])}


def export_graphml(store: GraphStore, path: Path) -> dict[str, int]:
    """A directed multigraph for Gephi: node ``label``, edge ``type``; lists joined with ``; ``."""
    import networkx as nx

    graph = read_graph(store)
    g = nx.MultiDiGraph()
    for label, rows in graph.nodes.items():
        for r in rows:
            g.add_node(f"{label}:{r['id']}", label=label, **_flat(_props(r, exclude=())))
    for (rel, start, end), rows in graph.rels.items():
        for r in rows:
            g.add_edge(
                f"{start}:{r['from']}", f"{end}:{r['to']}", type=rel, **_flat(_props(r, ("from", "to")))
            )
    try:
        nx.write_graphml(g, path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    return {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()}


def _props(row: dict[str, Any], exclude: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in exclude and v is not None}


def _flat(props: dict[str, Any]) -> dict[str, Any]:
    """GraphML holds no lists: join them."""
    return {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in props.items()}


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None


def _by_id(row: dict[str, Any]) -> str:
    return row["id"]


def _text_key(row: Any) -> tuple:
    return tuple("" if v is None else str(v) for v in row)
