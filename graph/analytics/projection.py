"""Read the graph out of a store into NetworkX: one node per paper and entity, keyed ``Label:id``."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.schema import ENTITY_TYPES
from graph.stores.base import MENTION_RELS, GraphStore


def key(label: str, node_id: str) -> str:
    return f"{label}:{node_id}"


@dataclass
class Projection:
    """The paper–entity graph (undirected, bipartite) and the citation graph (directed)."""

    papers: nx.Graph  # papers and entities, edge attribute ``rels`` lists relationship types
    citations: nx.DiGraph


def project(store: GraphStore) -> Projection:
    g = nx.Graph()
    for row in store.query(
        "MATCH (p:Paper) WHERE p.reference_only = false "
        "RETURN p.id AS id, p.title AS title, p.published AS published, p.arxiv_id AS arxiv_id, p.doi AS doi"
    ).records():
        g.add_node(key("Paper", row.pop("id")), label="Paper", name=row["title"], **row)
    for label in ENTITY_TYPES:
        for row in store.query(f"MATCH (e:{label}) RETURN e.id AS id, e.name AS name").records():
            g.add_node(key(label, row["id"]), label=label, name=row["name"])
    for rel in MENTION_RELS:
        for label in ENTITY_TYPES:
            cypher = f"MATCH (p:Paper)-[:{rel}]->(e:{label}) RETURN p.id, e.id"
            for paper_id, entity_id in store.query(cypher).rows:
                a, b = key("Paper", paper_id), key(label, entity_id)
                if a in g:
                    g.add_edge(a, b)
                    g.edges[a, b].setdefault("rels", []).append(rel)
    cites = nx.DiGraph()
    for src, dst, source in store.query(
        "MATCH (a:Paper)-[c:CITES]->(b:Paper) RETURN a.id, b.id, c.source"
    ).rows:
        cites.add_edge(key("Paper", src), key("Paper", dst), source=source)
    return Projection(papers=g, citations=cites)
