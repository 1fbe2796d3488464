"""The graph report: what the field is built on, what goes together, who is central.

``build_report`` computes a ``Report`` (a documented pydantic model, also the
JSON output); ``render_text`` and ``render_markdown`` print it.
"""

from __future__ import annotations

from pydantic import BaseModel

from graph.analytics import centrality, communities, cooccurrence
from graph.analytics.projection import project
from graph.schema import ENTITY_TYPES, Counts
from graph.stores.base import GraphStore


class Ranked(BaseModel):
    name: str
    papers: int


class Scored(BaseModel):
    name: str
    score: float


class Pair(BaseModel):
    technique: str
    benchmark: str
    papers: int


class Community(BaseModel):
    id: int
    size: int
    top: list[str]
    papers: int


class Report(BaseModel):
    """Everything ``citegraph report`` shows."""

    counts: Counts
    top_entities: dict[str, list[Ranked]]
    central_papers: list[Scored]
    central_entities: list[Scored]
    technique_benchmark: list[Pair]
    communities: list[Community]


def build_report(store: GraphStore, top_n: int = 10, write_scores: bool = True) -> Report:
    """Compute the report from a store, writing PageRank and community back onto the nodes."""
    proj = project(store)
    g = proj.papers
    ranks = centrality.pagerank(g)
    paper_ranks = centrality.paper_pagerank(g, proj.citations)
    entity_nodes = {n for n, d in g.nodes(data=True) if d["label"] != "Paper"}
    papers_of = cooccurrence.entity_papers(g)
    top_entities = {}
    for label in ENTITY_TYPES:
        ranked = sorted(
            ((g.nodes[n]["name"], len(ps)) for n, ps in papers_of.items() if g.nodes[n]["label"] == label),
            key=lambda kv: (-kv[1], kv[0]),
        )
        top_entities[label] = [Ranked(name=n, papers=c) for n, c in ranked[:top_n] if c > 0]
    co = cooccurrence.cooccurrence(g)
    comms = communities.louvain(co)
    member = communities.membership(comms)
    comm_models = []
    for i, c in enumerate(comms[:top_n]):
        members = sorted(c, key=lambda n: (-co.nodes[n]["papers"], n))
        comm_papers = set().union(*(papers_of[n] for n in c))
        comm_models.append(
            Community(
                id=i, size=len(c), top=[co.nodes[n]["name"] for n in members[:5]], papers=len(comm_papers)
            )
        )
    if write_scores:
        _write_scores(store, g, {**ranks, **paper_ranks}, member)
    return Report(
        counts=store.counts(),
        top_entities=top_entities,
        central_papers=[
            Scored(name=g.nodes[n]["name"], score=s) for n, s in centrality.top(paper_ranks, top_n)
        ],
        central_entities=[
            Scored(name=f"{g.nodes[n]['name']} ({g.nodes[n]['label']})", score=s)
            for n, s in centrality.top(ranks, top_n, entity_nodes)
        ],
        technique_benchmark=[
            Pair(technique=a, benchmark=b, papers=c)
            for a, b, c in cooccurrence.pairs(g, "Technique", "Benchmark", top_n)
        ],
        communities=[c for c in comm_models if c.size > 1],
    )


def _write_scores(store: GraphStore, g, ranks: dict[str, float], member: dict[str, int]) -> None:
    by_label: dict[str, list[dict]] = {}
    for n, _d in g.nodes(data=True):
        label, node_id = n.split(":", 1)
        row = {
            "id": node_id,
            "pagerank": ranks.get(n, 0.0),
            "degree": g.degree(n),
            "community": member.get(n, -1),
        }
        by_label.setdefault(label, []).append(row)
    for label, rows in by_label.items():
        store.set_scores(label, rows)


def render_text(report: Report) -> str:
    """The report as plain text for a terminal."""
    lines = ["citegraph report", ""]
    lines.append("Nodes: " + ", ".join(f"{k} {v}" for k, v in report.counts.nodes.items()))
    lines.append(
        "Relationships: " + ", ".join(f"{k} {v}" for k, v in report.counts.relationships.items() if v)
    )
    for label, ranked in report.top_entities.items():
        lines += ["", f"Top {label.lower()}s by papers"]
        lines += [f"  {r.papers:5d}  {r.name}" for r in ranked] or ["  (none)"]
    lines += ["", "Most central papers (PageRank)"]
    lines += [f"  {s.score:.4f}  {s.name}" for s in report.central_papers]
    lines += ["", "Most central entities (PageRank)"]
    lines += [f"  {s.score:.4f}  {s.name}" for s in report.central_entities]
    lines += ["", "Strongest technique x benchmark pairs"]
    lines += [f"  {p.papers:5d}  {p.technique} x {p.benchmark}" for p in report.technique_benchmark] or [
        "  (none)"
    ]
    lines += ["", "Communities (Louvain on co-occurrence)"]
    lines += [
        f"  #{c.id:<3d} {c.size:4d} entities, {c.papers:4d} papers: {', '.join(c.top)}"
        for c in report.communities
    ]
    return "\n".join(lines) + "\n"
