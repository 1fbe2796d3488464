"""Papers like this one: ranked by the entities they share, rare shared entities counting most."""

from __future__ import annotations

import math

import networkx as nx
from pydantic import BaseModel, ConfigDict

from graph.analytics.projection import key
from graph.errors import InputError
from graph.schema import norm


class SimilarPaper(BaseModel):
    """Another paper and why it is close: the entities both name."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    score: float  # Adamic–Adar: sum over shared entities of 1 / log(papers naming the entity)
    cosine: float  # shared / sqrt(entities of one * entities of the other)
    shared: list[str]  # entity names, rarest first


class Similar(BaseModel):
    """The papers closest to one paper."""

    model_config = ConfigDict(extra="forbid")

    paper_id: str
    title: str
    entities: int
    similar: list[SimilarPaper]


def find_paper(g: nx.Graph, query: str) -> str:
    """The paper node a user means: its id, arXiv id, or a fragment of its title that picks one paper."""
    q = query.strip()
    if not q:
        raise InputError("paper: give an id or a fragment of the title")
    papers = [(n, d) for n, d in g.nodes(data=True) if d["label"] == "Paper"]
    for candidate in (key("Paper", q), key("Paper", f"arxiv:{q}")):
        if candidate in g and g.nodes[candidate]["label"] == "Paper":
            return candidate
    by_arxiv = [n for n, d in papers if d.get("arxiv_id") and d["arxiv_id"] == q]
    if by_arxiv:
        return by_arxiv[0]
    wanted = norm(q)
    exact = [n for n, d in papers if norm(d["name"]) == wanted]
    if len(exact) == 1:
        return exact[0]
    found = sorted(n for n, d in papers if wanted and wanted in norm(d["name"]))
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError(f"paper {q!r}: no paper has this id or title fragment")
    shown = "; ".join(f"{n.split(':', 1)[1]} ({g.nodes[n]['name'][:60]})" for n in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    raise InputError(
        f"paper {q!r} matches {len(found)} papers: {shown}{more}; give more of the title or the id"
    )


def similar(g: nx.Graph, paper: str, n: int = 10) -> Similar:
    """The n papers sharing the most (rarity-weighted) entities with ``paper``, with the shared entities."""
    mine = {e for e in g.neighbors(paper) if g.nodes[e]["label"] != "Paper"}
    shared: dict[str, list[str]] = {}
    for e in mine:
        for other in g.neighbors(e):
            if other != paper and g.nodes[other]["label"] == "Paper":
                shared.setdefault(other, []).append(e)
    ranked = []
    for other, ents in shared.items():
        # An entity two papers share has at least those two papers, so log(degree) > 0.
        score = sum(1 / math.log(g.degree(e)) for e in ents)
        theirs = sum(1 for e in g.neighbors(other) if g.nodes[e]["label"] != "Paper")
        cosine = len(ents) / math.sqrt(len(mine) * theirs)
        names = [g.nodes[e]["name"] for e in sorted(ents, key=lambda e: (g.degree(e), g.nodes[e]["name"]))]
        ranked.append((round(score, 12), cosine, other, names))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return Similar(
        paper_id=paper.split(":", 1)[1],
        title=g.nodes[paper]["name"],
        entities=len(mine),
        similar=[
            SimilarPaper(id=o.split(":", 1)[1], title=g.nodes[o]["name"], score=s, cosine=c, shared=names)
            for s, c, o, names in ranked[:n]
        ],
    )
