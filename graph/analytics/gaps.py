"""Combinations nobody has tried: pairs never named together whose neighbourhoods say they should be.

Link prediction on the co-occurrence graph: a technique and a benchmark that
share many co-occurring entities (rare ones counting most, Adamic–Adar) but
have no paper naming both are a candidate experiment.
"""

from __future__ import annotations

import math
from typing import Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict

from graph.analytics.cooccurrence import top_entities

GapKind = Literal["technique-benchmark", "technique-model"]
KINDS: dict[str, tuple[str, str, str | None]] = {
    # kind -> (label a, label b, relationship b must have in some paper)
    "technique-benchmark": ("Technique", "Benchmark", None),
    "technique-model": ("Technique", "Model", "BUILDS_ON"),
}


class Gap(BaseModel):
    """Two entities no paper names together, and the neighbours they share."""

    model_config = ConfigDict(extra="forbid")

    a: str
    a_papers: int
    b: str
    b_papers: int
    score: float  # Adamic–Adar over the co-occurrence graph
    shared: list[str]  # the strongest shared neighbours, strongest first
    reason: str


def gaps(
    papers: nx.Graph,
    co: nx.Graph,
    kind: str = "technique-benchmark",
    n: int = 10,
    candidates: int = 30,
    min_papers: int = 2,
    min_shared: int = 2,
) -> list[Gap]:
    """The n strongest unseen pairs among the ``candidates`` most-named entities of each side.

    For technique-model, the models are base models: ones some paper builds on.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown gap kind {kind!r}")
    label_a, label_b, rel_b = KINDS[kind]
    left = [e for e, c in top_entities(papers, label_a, candidates) if c >= min_papers]
    base = {e for e, _ in top_entities(papers, label_b, len(papers), rel_b)} if rel_b else None
    right = [
        e
        for e, c in top_entities(papers, label_b, len(papers))
        if c >= min_papers and (base is None or e in base)
    ][:candidates]
    named = {e: set(papers.neighbors(e)) for e in (*left, *right)}
    found = []
    for a in left:
        for b in right:
            if not named[a].isdisjoint(named[b]):  # the bipartite graph: ``co`` may leave rare pairs out
                continue
            common = sorted(set(co.neighbors(a)) & set(co.neighbors(b)))
            if len(common) < min_shared:
                continue
            weights = {z: 1 / math.log(co.degree(z)) for z in common}
            score = sum(weights.values())
            shared = sorted(common, key=lambda z: (-weights[z], co.nodes[z]["name"]))
            found.append((round(score, 12), a, b, shared))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    out = []
    for score, a, b, shared in found[:n]:
        names = [co.nodes[z]["name"] for z in shared[:5]]
        na, nb = co.nodes[a]["name"], co.nodes[b]["name"]
        more = f" and {len(shared) - 5} more" if len(shared) > 5 else ""
        out.append(
            Gap(
                a=na,
                a_papers=co.nodes[a]["papers"],
                b=nb,
                b_papers=co.nodes[b]["papers"],
                score=score,
                shared=names,
                reason=f"no paper names {na} with {nb}, yet both are named with {', '.join(names)}{more}",
            )
        )
    return out
