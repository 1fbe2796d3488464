"""Who matters: PageRank, degree and betweenness."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    import numpy as np

BETWEENNESS_SAMPLE = 500  # most pivots sampled for betweenness on large graphs
BETWEENNESS_BUDGET = 60_000_000  # pivots x edges: each pivot is one pass over the graph


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
    """Betweenness: who sits on the paths between groups. Sampled on large graphs; fixed for a seed.

    The same figures as ``nx.betweenness_centrality(g, k, seed=seed)`` (normalised,
    endpoints excluded, the same pivots), computed by Brandes' algorithm a batch
    of pivots at a time with sparse matrix products, which is what lets large
    graphs have enough pivots for a usable estimate.
    """
    import random

    import numpy as np

    n = g.number_of_nodes()
    if n == 0:
        return {}
    nodes = list(g)
    pivots = max(16, min(sample, BETWEENNESS_BUDGET // max(g.number_of_edges(), 1)))
    sampled = n > pivots
    sources = random.Random(seed).sample(nodes, pivots) if sampled else nodes
    index = {v: i for i, v in enumerate(nodes)}
    adjacency = nx.to_scipy_sparse_array(g, nodelist=nodes, weight=None, format="csr", dtype=np.float64)
    total = np.zeros(n)
    for start in range(0, len(sources), PIVOT_BATCH):
        batch = [index[v] for v in sources[start : start + PIVOT_BATCH]]
        total += _dependencies(adjacency, np.array(batch))
    scale = _scale(n, len(sources) if sampled else None)
    source_scale = _scale(n, len(sources) - 1) if sampled else scale
    chosen = set(sources) if sampled else set()
    return {v: float(total[i]) * (source_scale if v in chosen else scale) for i, v in enumerate(nodes)}


PIVOT_BATCH = 32  # pivots whose breadth-first searches advance together, one matrix column each


def _dependencies(adjacency, sources) -> np.ndarray:
    """Brandes' dependency of every node on the given sources, summed over them (sources excluded)."""
    import numpy as np

    n, width = adjacency.shape[0], len(sources)
    columns = np.arange(width)
    dist = np.full((n, width), -1, dtype=np.int32)
    sigma = np.zeros((n, width))
    dist[sources, columns] = 0
    sigma[sources, columns] = 1.0
    frontier, depth = sigma.copy(), 0
    while True:  # breadth-first, counting shortest paths (sigma) level by level
        reached = adjacency @ frontier
        new = (dist < 0) & (reached > 0)
        if not new.any():
            break
        depth += 1
        dist[new] = depth
        sigma[new] = reached[new]
        frontier = np.where(new, sigma, 0.0)
    delta = np.zeros((n, width))
    safe = np.where(sigma > 0, sigma, 1.0)
    for level in range(depth, 0, -1):  # dependencies flow back from the farthest level
        share = np.where(dist == level, (1.0 + delta) / safe, 0.0)
        delta += np.where(dist == level - 1, sigma * (adjacency @ share), 0.0)
    delta[sources, columns] = 0.0
    return delta.sum(axis=1)


def _scale(n: int, k: int | None) -> float:
    """NetworkX's normalisation: shortest-path pairs (s, t), s among k sources (all when None), t != v."""
    if n <= 2 or k == 0:
        return 1.0
    return 1 / ((n - 1 if k is None else k) * (n - 2))


def top(scores: dict[str, float], n: int, among: set[str] | None = None) -> list[tuple[str, float]]:
    """The n highest scores, ties broken by key so results are stable."""
    items = [(k, v) for k, v in scores.items() if among is None or k in among]
    return sorted(items, key=lambda kv: (-kv[1], kv[0]))[:n]
