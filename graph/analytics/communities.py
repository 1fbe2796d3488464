"""Which entities form a field: Louvain communities with a fixed seed, labelled by their top members."""

from __future__ import annotations

from collections import Counter

import networkx as nx


def louvain(g: nx.Graph, seed: int = 42, weight: str = "weight") -> list[set[str]]:
    """Communities, largest first; the same graph always gives the same answer."""
    if g.number_of_edges() == 0:
        return [{n} for n in sorted(g.nodes)]
    found = nx.community.louvain_communities(g, weight=weight, seed=seed)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def membership(communities: list[set[str]]) -> dict[str, int]:
    return {n: i for i, c in enumerate(communities) for n in c}


def paper_membership(papers: nx.Graph, member: dict[str, int]) -> dict[str, int]:
    """Each paper joins the community most of its entities belong to (ties: the lower number)."""
    out = {}
    for p, d in papers.nodes(data=True):
        if d["label"] != "Paper":
            continue
        votes = Counter(member[e] for e in papers.neighbors(p) if e in member)
        if votes:
            out[p] = min(votes, key=lambda c: (-votes[c], c))
    return out


def label(co: nx.Graph, community: set[str], n: int = 5) -> list[str]:
    """The names of a community's most-named members: what the community is about."""
    members = sorted(community, key=lambda e: (-co.nodes[e].get("papers", 0), e))
    names = dict.fromkeys(co.nodes[e]["name"] for e in members)  # a name may be a dataset and a benchmark
    return list(names)[:n]
