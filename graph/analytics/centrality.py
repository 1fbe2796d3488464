"""Who matters: PageRank, degree and betweenness."""

from __future__ import annotations

import networkx as nx

BETWEENNESS_SAMPLE = 500  # most pivots sampled for betweenness on large graphs
BETWEENNESS_BUDGET = 4_000_000  # pivots x edges: each pivot is one pass over the graph


def pagerank(g: nx.Graph) -> dict[str, float]:
    """PageRank; empty for an empty graph."""
    if g.number_of_nodes() == 0:
        return {}
    return nx.pagerank(g, alpha=0.85, weight="weight", tol=1e-10, max_iter=500)


def paper_pagerank(papers: nx.Graph, citations: nx.DiGraph) -> dict[str, float]:
    """PageRank of papers: on the citation graph when it has edges, else on the paper–entity graph.

    A cited paper gains from the papers citing it; without citations a paper is
    central when it names entities many other papers name.
    """
    paper_nodes = [n for n, d in papers.nodes(data=True) if d["label"] == "Paper"]
    scores = pagerank(citations) if citations.number_of_edges() > 0 else pagerank(papers)
    return {n: scores.get(n, 0.0) for n in paper_nodes}


def degree(g: nx.Graph) -> dict[str, int]:
    return {n: int(d) for n, d in g.degree()}


def betweenness(g: nx.Graph, seed: int = 42, sample: int = BETWEENNESS_SAMPLE) -> dict[str, float]:
    """Betweenness: who sits on the paths between groups. Sampled on large graphs; fixed for a seed."""
    if g.number_of_nodes() == 0:
        return {}
    pivots = max(16, min(sample, BETWEENNESS_BUDGET // max(g.number_of_edges(), 1)))
    k = pivots if g.number_of_nodes() > pivots else None
    return nx.betweenness_centrality(g, k=k, seed=seed, normalized=True)


def top(scores: dict[str, float], n: int, among: set[str] | None = None) -> list[tuple[str, float]]:
    """The n highest scores, ties broken by key so results are stable."""
    items = [(k, v) for k, v in scores.items() if among is None or k in among]
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))[:n]
