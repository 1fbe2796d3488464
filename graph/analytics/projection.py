"""Read the graph out of a store into NetworkX: one node per paper and entity, keyed ``Label:id``.

This is the only analytics module that talks to a store. It reads in bulk (one
query per node label and per relationship type, never one per node), using
Cypher that LadybugDB and Neo4j both accept, and sorts what it reads so that
the same graph always gives the same NetworkX graph, node order included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graph.schema import ENTITY_TYPES
from graph.stores.base import MENTION_RELS, GraphStore


def key(label: str, node_id: str) -> str:
    return f"{label}:{node_id}"


def split_key(node: str) -> tuple[str, str]:
    label, node_id = node.split(":", 1)
    return label, node_id


@dataclass(frozen=True)
class ResultRow:
    """One REPORTS relationship: a number a paper reports on a benchmark."""

    paper: str  # node key
    benchmark: str  # node key
    value: float
    metric: str
    model: str
    delta: bool
    evidence: str


@dataclass
class Projection:
    """The paper–entity graph (undirected, bipartite), the citation graph (directed) and the results."""

    papers: nx.Graph  # papers and entities; edge attribute ``rels`` lists relationship types
    citations: nx.DiGraph  # every paper of ``papers`` is a node, plus cited reference-only papers
    results: list[ResultRow] = field(default_factory=list)


def project(store: GraphStore, results: bool = True) -> Projection:
    """The whole projection; ``results=False`` skips the REPORTS table."""
    g = nx.Graph()
    rows = store.query(
        "MATCH (p:Paper) WHERE p.reference_only = false "
        "RETURN p.id AS id, p.title AS title, p.published AS published, p.arxiv_id AS arxiv_id, p.doi AS doi"
    ).records()
    for row in sorted(rows, key=lambda r: r["id"]):
        g.add_node(key("Paper", row.pop("id")), label="Paper", name=row["title"] or "", **row)
    for label in ENTITY_TYPES:
        rows = store.query(
            f"MATCH (e:{label}) RETURN e.id AS id, e.name AS name, e.aliases AS aliases"
        ).records()
        for row in sorted(rows, key=lambda r: r["id"]):
            g.add_node(
                key(label, row["id"]), label=label, name=row["name"], aliases=list(row["aliases"] or [])
            )
    edges: dict[tuple[str, str], list[str]] = {}
    for rel in MENTION_RELS:
        for label in ENTITY_TYPES:
            cypher = f"MATCH (p:Paper)-[:{rel}]->(e:{label}) RETURN p.id, e.id"
            for paper_id, entity_id in store.query(cypher).rows:
                a, b = key("Paper", paper_id), key(label, entity_id)
                if a in g and b in g:
                    edges.setdefault((a, b), []).append(rel)
    for (a, b), rels in sorted(edges.items()):
        g.add_edge(a, b, rels=sorted(set(rels)))
    cites = nx.DiGraph()
    cites.add_nodes_from(n for n, d in g.nodes(data=True) if d["label"] == "Paper")
    rows = store.query("MATCH (a:Paper)-[c:CITES]->(b:Paper) RETURN a.id, b.id, c.source").rows
    for src, dst, source in sorted(rows, key=lambda r: (r[0], r[1], r[2] or "")):
        cites.add_edge(key("Paper", src), key("Paper", dst), source=source)
    return Projection(papers=g, citations=cites, results=read_results(store) if results else [])


def read_results(store: GraphStore) -> list[ResultRow]:
    """Every REPORTS relationship, in a stable order."""
    rows = store.query(
        "MATCH (p:Paper)-[r:REPORTS]->(b:Benchmark) "
        "RETURN p.id, b.id, r.value, r.metric, r.model, r.delta, r.evidence"
    ).rows
    out = [
        ResultRow(
            paper=key("Paper", p),
            benchmark=key("Benchmark", b),
            value=float(value),
            metric=metric or "",
            model=model or "",
            delta=bool(delta),
            evidence=evidence or "",
        )
        for p, b, value, metric, model, delta, evidence in rows
        if value is not None
    ]
    return sorted(out, key=lambda r: (r.benchmark, r.paper, r.metric, r.model, r.value, r.evidence))


def project_results(store: GraphStore) -> tuple[nx.Graph, list[ResultRow]]:
    """Just what leaderboards need: benchmark and paper nodes (names) and the results."""
    g = nx.Graph()
    for row in store.query("MATCH (p:Paper) RETURN p.id AS id, p.title AS title").records():
        g.add_node(key("Paper", row["id"]), label="Paper", name=row["title"] or "")
    rows = store.query(
        "MATCH (e:Benchmark) RETURN e.id AS id, e.name AS name, e.aliases AS aliases"
    ).records()
    for row in sorted(rows, key=lambda r: r["id"]):
        g.add_node(
            key("Benchmark", row["id"]),
            label="Benchmark",
            name=row["name"],
            aliases=list(row["aliases"] or []),
        )
    return g, read_results(store)
