"""Best reported numbers on a benchmark: absolute results only, one board per metric, best first.

Gains ("+4.3 points") are not scores and numbers under different metrics do not
compare, so neither is ranked against the others.
"""

from __future__ import annotations

import re
from collections import Counter

import networkx as nx
from pydantic import BaseModel, ConfigDict

from graph.analytics.projection import ResultRow
from graph.errors import InputError
from graph.schema import norm

LOWER_IS_BETTER = re.compile(
    r"perplexity|\bppl\b|error|loss|latency|\bwer\b|\bcer\b|\bfid\b|\bmae\b|mse", re.I
)


class Entry(BaseModel):
    """One reported result."""

    model_config = ConfigDict(extra="forbid")

    rank: int
    value: float
    metric: str
    model: str  # "" when the sentence names no model
    paper: str
    paper_id: str
    evidence: str


class Board(BaseModel):
    """The results of one benchmark under one metric."""

    model_config = ConfigDict(extra="forbid")

    metric: str  # "" when the papers do not state it
    higher_is_better: bool
    entries: list[Entry]


class Leaderboard(BaseModel):
    """Every comparable result reported on a benchmark."""

    model_config = ConfigDict(extra="forbid")

    benchmark: str
    benchmark_id: str
    boards: list[Board]  # the metric with most results first
    gains_left_out: int  # results stated as improvements, not ranked


def find_benchmark(g: nx.Graph, query: str) -> str:
    """The benchmark node a user means: by name or alias (any case and punctuation), else a unique fragment."""
    wanted = norm(query)
    benchmarks = [(n, d) for n, d in g.nodes(data=True) if d["label"] == "Benchmark"]
    if not wanted:
        raise InputError("benchmark: give a name, e.g. GSM8K")
    exact = sorted(
        n for n, d in benchmarks if wanted in {norm(d["name"]), *(norm(a) for a in d.get("aliases") or [])}
    )
    if exact:
        return exact[0]
    found = sorted(n for n, d in benchmarks if wanted in norm(d["name"]))
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(g.nodes[n]["name"] for n in found[:8])
        raise InputError(f"benchmark {query!r} is ambiguous: {names}")
    raise InputError(f"benchmark {query!r}: no benchmark of this name in the graph")


def most_reported(results: list[ResultRow], n: int) -> list[str]:
    """The benchmarks most papers report absolute results on (then most results, then key)."""
    papers: dict[str, set[str]] = {}
    counts = Counter(r.benchmark for r in results if not r.delta)
    for r in results:
        if not r.delta:
            papers.setdefault(r.benchmark, set()).add(r.paper)
    ranked = sorted(counts, key=lambda b: (-len(papers[b]), -counts[b], b))
    return ranked[:n]


def leaderboard(
    g: nx.Graph, results: list[ResultRow], benchmark: str, limit: int | None = None
) -> Leaderboard:
    """The leaderboard of one benchmark node from the REPORTS results."""
    mine = [r for r in results if r.benchmark == benchmark]
    seen: set[tuple] = set()
    by_metric: dict[str, list[ResultRow]] = {}
    for r in mine:
        if r.delta:
            continue
        ident = (r.paper, r.model, r.value, r.metric.strip().lower())
        if ident in seen:
            continue
        seen.add(ident)
        by_metric.setdefault(r.metric.strip().lower(), []).append(r)
    boards = []
    for metric, rows in sorted(by_metric.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        higher = not LOWER_IS_BETTER.search(metric)
        rows.sort(key=lambda r: (-r.value if higher else r.value, r.paper, r.model))
        entries = []
        for i, r in enumerate(rows[:limit] if limit else rows):
            paper = g.nodes[r.paper]["name"] if r.paper in g else r.paper.split(":", 1)[1]
            entries.append(
                Entry(
                    rank=i + 1,
                    value=r.value,
                    metric=r.metric,
                    model=r.model,
                    paper=paper,
                    paper_id=r.paper.split(":", 1)[1],
                    evidence=r.evidence,
                )
            )
        boards.append(
            Board(metric=rows[0].metric if rows else metric, higher_is_better=higher, entries=entries)
        )
    return Leaderboard(
        benchmark=g.nodes[benchmark]["name"],
        benchmark_id=benchmark.split(":", 1)[1],
        boards=boards,
        gains_left_out=sum(1 for r in mine if r.delta),
    )
