"""Read the graph out of a store into NetworkX: one node per paper and entity, keyed ``Label:id``.

This is the only analytics module that talks to a store. It reads in bulk (one
query per node label and per relationship type, never one per node), using
Cypher that LadybugDB and Neo4j both accept, and sorts what it reads so that
the same graph always gives the same NetworkX graph, node order included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from graph.memory import paused_gc
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
    with paused_gc():
        return _project(store, results)


def _project(store: GraphStore, results: bool) -> Projection:
    g = nx.Graph()
    columns = store.columns(
        "MATCH (p:Paper) WHERE p.reference_only = false RETURN p.id, p.title, p.published, p.arxiv_id, p.doi"
    )
    for paper_id, title, published, arxiv_id, doi in sorted(zip(*columns, strict=True)):
        g.add_node(
            key("Paper", paper_id),
            label="Paper",
            name=title or "",
            title=title,
            published=published,
            arxiv_id=arxiv_id,
            doi=doi,
        )
    for label in ENTITY_TYPES:
        columns = store.columns(f"MATCH (e:{label}) RETURN e.id, e.name, e.aliases")
        for entity_id, name, aliases in sorted(zip(*columns, strict=True)):
            g.add_node(key(label, entity_id), label=label, name=name, aliases=list(aliases or []))
    linked: dict[str, dict[str, list[str]]] = {}  # paper id -> entity key -> relationship types
    for rel in sorted(MENTION_RELS):  # so that each edge's list comes out sorted
        for label in ENTITY_TYPES:
            papers, entities = store.columns(
                f"MATCH (p:Paper)-[:{rel}]->(e:{label}) WHERE p.reference_only = false RETURN p.id, e.id"
            )
            for paper_id, entity_id in zip(papers, entities, strict=True):
                found = linked.setdefault(paper_id, {}).setdefault(f"{label}:{entity_id}", [])
                if not found or found[-1] != rel:
                    found.append(rel)
    for paper_id, entities in sorted(linked.items()):
        paper = key("Paper", paper_id)
        g.add_edges_from((paper, e, {"rels": rels}) for e, rels in sorted(entities.items()))
    cites = nx.DiGraph()
    cites.add_nodes_from(n for n, d in g.nodes(data=True) if d["label"] == "Paper")
    columns = store.columns("MATCH (a:Paper)-[c:CITES]->(b:Paper) RETURN a.id, b.id, c.source")
    for src, dst, source in sorted(zip(*columns, strict=True), key=lambda r: (r[0], r[1], r[2] or "")):
        cites.add_edge(key("Paper", src), key("Paper", dst), source=source)
    return Projection(papers=g, citations=cites, results=read_results(store) if results else [])


def read_results(store: GraphStore) -> list[ResultRow]:
    """Every REPORTS relationship, in a stable order."""
    columns = store.columns(
        "MATCH (p:Paper)-[r:REPORTS]->(b:Benchmark) "
        "RETURN p.id, b.id, r.value, r.metric, r.model, r.delta, r.evidence"
    )
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
        for p, b, value, metric, model, delta, evidence in zip(*columns, strict=True)
        if value is not None
    ]
    return sorted(out, key=lambda r: (r.benchmark, r.paper, r.metric, r.model, r.value, r.evidence))


def project_results(store: GraphStore) -> tuple[nx.Graph, list[ResultRow]]:
    """Just what leaderboards need: benchmark and paper nodes (names) and the results."""
    g = nx.Graph()
    for paper_id, title in zip(*store.columns("MATCH (p:Paper) RETURN p.id, p.title"), strict=True):
        g.add_node(key("Paper", paper_id), label="Paper", name=title or "")
    for entity_id, name, aliases in sorted(
        zip(*store.columns("MATCH (e:Benchmark) RETURN e.id, e.name, e.aliases"), strict=True)
    ):
        g.add_node(key("Benchmark", entity_id), label="Benchmark", name=name, aliases=list(aliases or []))
    return g, read_results(store)
