"""What goes together: entity pairs named by the same papers, scored so the common do not dominate."""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import networkx as nx


def entity_papers(g: nx.Graph) -> dict[str, set[str]]:
    """Entity node -> the papers linked to it."""
    return {
        n: {p for p in g.neighbors(n) if g.nodes[p]["label"] == "Paper"}
        for n, d in g.nodes(data=True)
        if d["label"] != "Paper"
    }


def cooccurrence(g: nx.Graph, min_papers: int = 1) -> nx.Graph:
    """Entity–entity graph: ``weight`` = papers naming both, ``pmi`` = log of observed over expected."""
    papers = [n for n, d in g.nodes(data=True) if d["label"] == "Paper"]
    total = max(len(papers), 1)
    pair_counts: Counter[tuple[str, str]] = Counter()
    for p in papers:
        ents = sorted(n for n in g.neighbors(p) if g.nodes[n]["label"] != "Paper")
        pair_counts.update(combinations(ents, 2))
    degree = {n: g.degree(n) for n, d in g.nodes(data=True) if d["label"] != "Paper"}
    co = nx.Graph()
    for n in degree:
        co.add_node(n, **g.nodes[n], papers=degree[n])
    for (a, b), count in pair_counts.items():
        if count >= min_papers:
            pmi = math.log(count * total / (degree[a] * degree[b]))
            co.add_edge(a, b, weight=count, pmi=pmi)
    return co


def pairs(g: nx.Graph, label_a: str, label_b: str, n: int = 10) -> list[tuple[str, str, int]]:
    """The (a, b, papers) pairs of two labels named together by the most papers."""
    counts: Counter[tuple[str, str]] = Counter()
    for p, d in g.nodes(data=True):
        if d["label"] != "Paper":
            continue
        nbrs = [g.nodes[x] for x in g.neighbors(p)]
        left = sorted({x["name"] for x in nbrs if x["label"] == label_a})
        right = sorted({x["name"] for x in nbrs if x["label"] == label_b})
        counts.update((a, b) for a in left for b in right)
    return [(a, b, c) for (a, b), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]
