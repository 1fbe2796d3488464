"""Which entities form a field: Louvain communities with a fixed seed, labelled by their top members."""

from __future__ import annotations

import networkx as nx


def louvain(g: nx.Graph, seed: int = 42, weight: str = "weight") -> list[set[str]]:
    """Communities, largest first; the same graph always gives the same answer."""
    if g.number_of_edges() == 0:
        return [{n} for n in sorted(g.nodes)]
    found = nx.community.louvain_communities(g, weight=weight, seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def membership(communities: list[set[str]]) -> dict[str, int]:
    return {n: i for i, c in enumerate(communities) for n in c}
