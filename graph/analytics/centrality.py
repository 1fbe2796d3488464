"""Who matters: PageRank, degree and betweenness."""

from __future__ import annotations

import networkx as nx

BETWEENNESS_SAMPLE = 500  # nodes sampled for betweenness on graphs larger than this


def pagerank(g: nx.Graph) -> dict[str, float]:
    """PageRank; empty for an empty graph."""
    if g.number_of_nodes() == 0:
        return {}
    return nx.pagerank(g, alpha=0.85, weight="weight")


def paper_pagerank(papers: nx.Graph, citations: nx.DiGraph) -> dict[str, float]:
    """PageRank of papers on the citation graph where it has edges, else on the paper–entity graph."""
    if citations.number_of_edges() > 0:
        scores = pagerank(citations)
        return {n: scores.get(n, 0.0) for n, d in papers.nodes(data=True) if d["label"] == "Paper"}
    scores = pagerank(papers)
    return {n: s for n, s in scores.items() if papers.nodes[n]["label"] == "Paper"}


def betweenness(g: nx.Graph, seed: int = 42) -> dict[str, float]:
    """Betweenness, sampled on large graphs so reports stay fast; deterministic for a seed."""
    if g.number_of_nodes() == 0:
        return {}
    k = BETWEENNESS_SAMPLE if g.number_of_nodes() > BETWEENNESS_SAMPLE else None
    return nx.betweenness_centrality(g, k=k, seed=seed)


def top(scores: dict[str, float], n: int, among: set[str] | None = None) -> list[tuple[str, float]]:
    """The n highest scores, ties broken by key so results are stable."""
    items = [(k, v) for k, v in scores.items() if among is None or k in among]
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))[:n]
