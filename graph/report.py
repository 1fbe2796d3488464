"""The graph report: what the field is built on, what goes together, who is central, what is missing.

``build_report`` computes a ``Report`` (a pydantic model: the JSON output, documented
in docs/report-schema.md); ``render_text`` and ``render_markdown`` print it and
``graph.report_html.render_html`` draws it with charts.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict

from graph.analytics import centrality, communities, cooccurrence
from graph.analytics.gaps import KINDS, Gap, gaps
from graph.analytics.leaderboard import Leaderboard, leaderboard, most_reported
from graph.analytics.projection import Projection, project, split_key
from graph.analytics.trends import Trends, trends
from graph.errors import InputError
from graph.memory import paused_gc
from graph.schema import ENTITY_TYPES, Counts
from graph.stores.base import GraphStore

Engine = Literal["networkx", "gds"]
Progress = Callable[[str], None]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ranked(Model):
    name: str
    papers: int


class CentralPaper(Model):
    id: str
    title: str
    pagerank: float
    betweenness: float
    degree: int  # entities the paper names


class CentralEntity(Model):
    name: str
    type: str
    pagerank: float
    betweenness: float
    degree: int  # papers naming the entity


class Pair(Model):
    """A technique and a benchmark named by the same papers."""

    technique: str
    benchmark: str
    papers: int
    lift: float  # papers naming both / the number expected if they were independent


class BaseModelUse(Model):
    """A technique and a base model (one the paper builds on) named by the same papers."""

    technique: str
    model: str
    papers: int
    lift: float


class CoPair(Model):
    """Two entities that meet more often than their popularity explains."""

    a: str
    a_type: str
    b: str
    b_type: str
    papers: int
    lift: float
    pmi: float


class Matrix(Model):
    """Papers naming both the row and the column entity."""

    rows: list[str]
    columns: list[str]
    counts: list[list[int]]


class Community(Model):
    id: int
    size: int  # entities
    top: list[str]  # most-named entities: the label
    papers: int
    top_papers: list[str]  # titles, most central first


class Report(Model):
    """Everything ``citegraph report`` shows; also its JSON output."""

    engine: Engine
    counts: Counts
    top_entities: dict[str, list[Ranked]]  # per entity type, by papers naming it
    paper_rank_basis: Literal["citations", "entities"]  # the graph paper PageRank ran on
    central_papers: list[CentralPaper]
    central_entities: list[CentralEntity]
    bridging_papers: list[CentralPaper]  # by betweenness
    bridging_entities: list[CentralEntity]
    technique_benchmark: list[Pair]
    technique_benchmark_matrix: Matrix
    base_models: list[BaseModelUse]
    cooccurring: list[CoPair]  # by PMI among pairs named by at least 2 papers
    communities: list[Community]
    leaderboards: list[Leaderboard]
    gaps: dict[str, list[Gap]]  # "technique-benchmark", "technique-model"
    trends: Trends | None  # None when no paper carries a date


def build_report(
    store: GraphStore,
    top_n: int = 15,
    write_scores: bool = True,
    engine: Engine = "networkx",
    progress: Progress | None = None,
) -> Report:
    """Compute the report from a store, writing PageRank, degree, betweenness and community onto nodes."""
    step = progress or (lambda _msg: None)
    if engine == "gds" and store.name != "neo4j":
        raise InputError("--engine gds needs a Neo4j store (--neo4j URI); LadybugDB uses --engine networkx")
    with paused_gc():
        step("reading the graph")
        proj = project(store)
        counts = store.counts()
        return compute_report(proj, counts, store if write_scores else None, top_n, engine, step)


def compute_report(
    proj: Projection,
    counts: Counts,
    store: GraphStore | None = None,
    top_n: int = 15,
    engine: Engine = "networkx",
    step: Progress = lambda _msg: None,
) -> Report:
    """The report of a projection; with a store, scores are written back onto its nodes."""
    g = proj.papers
    step("co-occurrence")
    co = cooccurrence.cooccurrence(g)
    step("centrality")
    if engine == "gds":
        ranks, cited, member = _gds(store, proj.citations.number_of_edges() > 0)
        comms = _groups(member, co)
        basis = cited or ranks
        paper_ranks = {n: basis.get(n, 0.0) for n, d in g.nodes(data=True) if d["label"] == "Paper"}
    else:
        ranks = centrality.pagerank(g)
        paper_ranks = centrality.paper_pagerank(g, proj.citations)
        step("communities")
        comms = communities.louvain(co)
        member = communities.membership(comms)
    step("betweenness")
    between = centrality.betweenness(g)
    degree = centrality.degree(g)
    paper_member = communities.paper_membership(g, member)
    entity_nodes = {n for n, d in g.nodes(data=True) if d["label"] != "Paper"}
    paper_nodes = set(g) - entity_nodes
    entity_ranks = {n: s for n, s in ranks.items() if n in entity_nodes}
    if store is not None:
        step("writing scores")
        _write_scores(store, g, {**entity_ranks, **paper_ranks}, degree, between, {**member, **paper_member})

    def paper(n: str) -> CentralPaper:
        return CentralPaper(
            id=split_key(n)[1],
            title=g.nodes[n]["name"],
            pagerank=paper_ranks.get(n, 0.0),
            betweenness=between.get(n, 0.0),
            degree=degree[n],
        )

    def entity(n: str) -> CentralEntity:
        return CentralEntity(
            name=g.nodes[n]["name"],
            type=g.nodes[n]["label"],
            pagerank=entity_ranks.get(n, 0.0),
            betweenness=between.get(n, 0.0),
            degree=degree[n],
        )

    step("pairs, leaderboards, gaps, trends")
    name = _namer(g)
    tb = cooccurrence.pair_stats(g, "Technique", "Benchmark", limit=top_n)
    tm = cooccurrence.pair_stats(g, "Technique", "Model", rel_b="BUILDS_ON", limit=top_n)
    rows = [e for e, _ in cooccurrence.top_entities(g, "Technique", top_n)]
    cols = [e for e, _ in cooccurrence.top_entities(g, "Benchmark", top_n)]
    strong = heapq.nsmallest(
        top_n,
        (e for e in co.edges(data=True) if e[2]["weight"] >= 2),
        key=lambda e: (-e[2]["pmi"], -e[2]["weight"], e[0], e[1]),
    )
    dated = trends(g, n=top_n)
    return Report(
        engine=engine,
        counts=counts,
        top_entities={
            label: [Ranked(name=name(e), papers=c) for e, c in cooccurrence.top_entities(g, label, top_n)]
            for label in ENTITY_TYPES
        },
        paper_rank_basis="citations" if proj.citations.number_of_edges() else "entities",
        central_papers=[paper(n) for n, _ in centrality.top(paper_ranks, top_n)],
        central_entities=[entity(n) for n, _ in centrality.top(entity_ranks, top_n)],
        bridging_papers=[paper(n) for n, s in centrality.top(between, top_n, paper_nodes) if s > 0],
        bridging_entities=[entity(n) for n, s in centrality.top(between, top_n, entity_nodes) if s > 0],
        technique_benchmark=[
            Pair(technique=name(s.a), benchmark=name(s.b), papers=len(s.papers), lift=s.lift)
            for s in tb[:top_n]
        ],
        technique_benchmark_matrix=Matrix(
            rows=[name(e) for e in rows],
            columns=[name(e) for e in cols],
            counts=cooccurrence.matrix(g, rows, cols),
        ),
        base_models=[
            BaseModelUse(technique=name(s.a), model=name(s.b), papers=len(s.papers), lift=s.lift)
            for s in tm[:top_n]
        ],
        cooccurring=[
            CoPair(
                a=name(a),
                a_type=g.nodes[a]["label"],
                b=name(b),
                b_type=g.nodes[b]["label"],
                papers=d["weight"],
                lift=d["lift"],
                pmi=d["pmi"],
            )
            for a, b, d in strong
        ],
        communities=_communities(g, co, comms, paper_member, paper_ranks, top_n),
        leaderboards=[leaderboard(g, proj.results, b, limit=top_n) for b in most_reported(proj.results, 3)],
        gaps={kind: gaps(g, co, kind, n=top_n) for kind in KINDS},
        trends=dated if dated.dated_papers else None,
    )


def _namer(g: nx.Graph) -> Callable[[str], str]:
    return lambda n: g.nodes[n]["name"]


def _communities(g, co, comms, paper_member, paper_ranks, top_n) -> list[Community]:
    out = []
    for i, c in enumerate(comms):
        if len(c) < 2:
            continue
        members = sorted(
            (p for p, m in paper_member.items() if m == i), key=lambda p: (-paper_ranks.get(p, 0), p)
        )
        out.append(
            Community(
                id=i,
                size=len(c),
                top=communities.label(co, c),
                papers=len(members),
                top_papers=[g.nodes[p]["name"] for p in members[:3]],
            )
        )
        if len(out) == top_n:
            break
    return out


def _groups(member: dict[str, int], co: nx.Graph) -> list[set[str]]:
    """Community sets from a node -> community map, numbered largest first like ``louvain``."""
    groups: dict[int, set[str]] = {}
    for n, c in member.items():
        if n in co:
            groups.setdefault(c, set()).add(n)
    return sorted(groups.values(), key=lambda c: (-len(c), min(c)))


def _gds(
    store: GraphStore | None, citations: bool
) -> tuple[dict[str, float], dict[str, float], dict[str, int]]:
    """PageRank (paper–entity graph, and citations when there are some) and Louvain, inside Neo4j."""
    try:
        from graph.analytics import gds
    except ImportError:
        raise InputError("--engine gds is not available in this installation (graph.analytics.gds)") from None
    if store is None:
        raise InputError("--engine gds needs the Neo4j store itself")
    cited = gds.citation_pagerank(store) if citations else {}
    return gds.pagerank(store), cited, gds.louvain(store)


def _write_scores(store, g, ranks, degree, between, member) -> None:
    by_label: dict[str, list[dict]] = {}
    for n in g.nodes:
        label, node_id = split_key(n)
        by_label.setdefault(label, []).append(
            {
                "id": node_id,
                "pagerank": float(ranks.get(n, 0.0)),
                "degree": int(degree.get(n, 0)),
                "betweenness": float(between.get(n, 0.0)),
                "community": int(member.get(n, -1)),
            }
        )
    for label, rows in by_label.items():
        store.set_scores(label, rows)


# -- text and markdown ---------------------------------------------------------------


def _num(v: float) -> str:
    return f"{v:g}"


def render_text(report: Report) -> str:
    """The report as plain text for a terminal."""
    out = ["citegraph report", ""]
    out.append("Nodes: " + ", ".join(f"{k} {v}" for k, v in report.counts.nodes.items()))
    out.append("Relationships: " + ", ".join(f"{k} {v}" for k, v in report.counts.relationships.items() if v))

    def section(title: str, lines: list[str]) -> None:
        out.extend(["", title, *(lines or ["  (none)"])])

    for label, ranked in report.top_entities.items():
        section(f"Top {label.lower()}s by papers", [f"  {r.papers:5d}  {r.name}" for r in ranked])
    basis = "citations" if report.paper_rank_basis == "citations" else "shared entities"
    section(
        f"Most central papers (PageRank on {basis})",
        [f"  {p.pagerank:.4f}  {p.title}" for p in report.central_papers],
    )
    section(
        "Most central entities (PageRank)",
        [f"  {e.pagerank:.4f}  {e.name} ({e.type})" for e in report.central_entities],
    )
    section(
        "Bridging papers (betweenness)", [f"  {p.betweenness:.4f}  {p.title}" for p in report.bridging_papers]
    )
    section(
        "Bridging entities (betweenness)",
        [f"  {e.betweenness:.4f}  {e.name} ({e.type})" for e in report.bridging_entities],
    )
    section(
        "Strongest technique x benchmark pairs (papers, lift)",
        [
            f"  {p.papers:5d}  {p.lift:6.1f}  {p.technique} x {p.benchmark}"
            for p in report.technique_benchmark
        ],
    )
    section(
        "Base models per technique (papers, lift)",
        [f"  {p.papers:5d}  {p.lift:6.1f}  {p.technique} on {p.model}" for p in report.base_models],
    )
    section(
        "Entities that travel together (PMI, papers)",
        [
            f"  {c.pmi:5.2f}  {c.papers:4d}  {c.a} ({c.a_type}) + {c.b} ({c.b_type})"
            for c in report.cooccurring
        ],
    )
    section(
        "Communities (Louvain on co-occurrence)",
        [
            f"  #{c.id:<3d} {c.size:4d} entities, {c.papers:4d} papers: {', '.join(c.top)}"
            for c in report.communities
        ],
    )
    for board in report.leaderboards:
        out.extend(["", *render_leaderboard(board, width=70).rstrip("\n").splitlines()])
    for kind, found in report.gaps.items():
        section(f"Gaps: {kind} pairs never seen together", [f"  {g.score:5.2f}  {g.reason}" for g in found])
    if report.trends:
        out.extend(["", *render_trends(report.trends).rstrip("\n").splitlines()])
    return "\n".join(out) + "\n"


def render_leaderboard(board: Leaderboard, width: int | None = None) -> str:
    """A leaderboard as text: one block per metric, best first."""
    out = [f"Leaderboard: {board.benchmark}"]
    if not board.boards:
        out.append("  (no absolute results reported)")
    for b in board.boards:
        metric = b.metric or "metric not stated"
        out.append(f"  {metric} ({'higher' if b.higher_is_better else 'lower'} is better)")
        for e in b.entries:
            paper = e.paper if width is None or len(e.paper) <= width else e.paper[: width - 1] + "…"
            out.append(f"    {e.rank:3d}. {_num(e.value):>8}  {e.model or '-':<24} {paper}")
    if board.gains_left_out:
        out.append(f"  ({board.gains_left_out} results stated as gains are not ranked)")
    return "\n".join(out) + "\n"


def render_trends(t: Trends) -> str:
    out = [
        f"Trends per {t.granularity} ({t.dated_papers} dated papers, {t.undated_papers} undated): "
        + (f"{t.periods[0]} to {t.periods[-1]}" if t.periods else "no dates")
    ]
    for title, rows in (("Rising", t.rising), ("Falling", t.falling)):
        out.append(f"  {title}")
        out += [
            f"    {s.slope:+.3f}  {s.name} ({s.type}): " + " ".join(str(c) for c in s.counts) for s in rows
        ] or ["    (none)"]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Text safe inside a markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _table(columns: list[str], rows: list[list]) -> list[str]:
    if not rows:
        return ["(none)", ""]
    out = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    return [*out, ""]


def render_markdown(report: Report) -> str:
    """The report as markdown: headings and tables."""
    out = ["# citegraph report", ""]
    out += _table(["label", "nodes"], [[k, v] for k, v in report.counts.nodes.items()])
    out += _table(["relationship", "count"], [[k, v] for k, v in report.counts.relationships.items() if v])
    for label, ranked in report.top_entities.items():
        out += [f"## Top {label.lower()}s", ""]
        out += _table([label.lower(), "papers"], [[r.name, r.papers] for r in ranked])
    out += ["## Most central papers", ""]
    out += _table(
        ["paper", "PageRank", "betweenness"],
        [[p.title, f"{p.pagerank:.4f}", f"{p.betweenness:.4f}"] for p in report.central_papers],
    )
    out += ["## Most central entities", ""]
    out += _table(
        ["entity", "type", "PageRank", "papers"],
        [[e.name, e.type, f"{e.pagerank:.4f}", e.degree] for e in report.central_entities],
    )
    out += ["## Bridging papers and entities", ""]
    out += _table(
        ["node", "kind", "betweenness"],
        [[p.title, "Paper", f"{p.betweenness:.4f}"] for p in report.bridging_papers]
        + [[e.name, e.type, f"{e.betweenness:.4f}"] for e in report.bridging_entities],
    )
    out += ["## Strongest technique × benchmark pairs", ""]
    out += _table(
        ["technique", "benchmark", "papers", "lift"],
        [[p.technique, p.benchmark, p.papers, f"{p.lift:.1f}"] for p in report.technique_benchmark],
    )
    out += ["## Base models per technique", ""]
    out += _table(
        ["technique", "base model", "papers", "lift"],
        [[p.technique, p.model, p.papers, f"{p.lift:.1f}"] for p in report.base_models],
    )
    out += ["## Entities that travel together", ""]
    out += _table(
        ["entity", "entity", "papers", "PMI"],
        [
            [f"{c.a} ({c.a_type})", f"{c.b} ({c.b_type})", c.papers, f"{c.pmi:.2f}"]
            for c in report.cooccurring
        ],
    )
    out += ["## Communities", ""]
    out += _table(
        ["#", "entities", "papers", "about", "central papers"],
        [[c.id, c.size, c.papers, ", ".join(c.top), "; ".join(c.top_papers)] for c in report.communities],
    )
    for board in report.leaderboards:
        out += [f"## Leaderboard: {_md(board.benchmark)}", ""]
        for b in board.boards:
            out += [
                f"Metric: {_md(b.metric or 'not stated')} ({'higher' if b.higher_is_better else 'lower'} is better)",
                "",
            ]
            out += _table(
                ["#", "value", "model", "paper", "evidence"],
                [[e.rank, _num(e.value), e.model, e.paper, e.evidence] for e in b.entries],
            )
    for kind, found in report.gaps.items():
        out += [f"## Gaps: {kind}", ""]
        out += _table(
            ["pair", "score", "shared neighbours"],
            [[f"{g.a} × {g.b}", f"{g.score:.2f}", ", ".join(g.shared)] for g in found],
        )
    if report.trends:
        t = report.trends
        out += [f"## Trends per {t.granularity}", ""]
        out += _table(
            ["entity", "type", "direction", "slope", *t.periods],
            [[s.name, s.type, "rising", f"{s.slope:+.3f}", *s.counts] for s in t.rising]
            + [[s.name, s.type, "falling", f"{s.slope:+.3f}", *s.counts] for s in t.falling],
        )
    return "\n".join(out).rstrip() + "\n"


# -- the documented JSON schema ------------------------------------------------------


def json_schemas() -> dict[str, dict]:
    """The JSON Schema of every JSON output of the analytics commands, by command."""
    from pydantic import TypeAdapter

    from graph.analytics.similarity import Similar

    return {
        "citegraph report --format json": Report.model_json_schema(),
        "citegraph similar PAPER --format json": Similar.model_json_schema(),
        "citegraph leaderboard BENCHMARK --format json": Leaderboard.model_json_schema(),
        "citegraph gaps --format json": TypeAdapter(list[Gap]).json_schema(),
        "citegraph trends --format json": Trends.model_json_schema(),
    }


def schema_doc() -> str:
    """docs/report-schema.md, generated from the pydantic models so it cannot drift."""
    import json

    out = [
        "# JSON output of the analytics commands",
        "",
        "Generated from the pydantic models in `graph/report.py` and `graph/analytics/`",
        "(`python -c \"from graph.report import schema_doc; print(schema_doc(), end='')\" > docs/report-schema.md`);",
        "`tests/test_report.py` fails when this file and the models disagree, and checks that",
        "real output validates against them (`Report.model_validate_json`).",
        "",
        "Scores are floats; `papers` counts are numbers of papers; names are the canonical entity",
        "names. PageRank, degree, betweenness and community are also written onto the nodes by",
        "`citegraph report`, so Cypher can use them (`MATCH (t:Technique) RETURN t.name, t.pagerank`).",
        "`community` is -1 for a node in no community; a paper's community is the one most of its",
        "entities belong to.",
        "",
    ]
    for command, schema in json_schemas().items():
        out += [f"## `{command}`", "", "```json", json.dumps(schema, indent=2, sort_keys=True), "```", ""]
    return "\n".join(out)
