"""What goes together: entity pairs named by the same papers, scored so the common do not dominate.

Counts say how often two entities meet; lift (observed over expected if they
were independent) and PMI (its logarithm) say whether they meet more than their
popularity alone explains.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product

import networkx as nx


def paper_nodes(g: nx.Graph) -> list[str]:
    return [n for n, d in g.nodes(data=True) if d["label"] == "Paper"]


def lift(both: int, a: int, b: int, total: int) -> float:
    """How many times more often two things meet than chance would have them meet."""
    return both * total / (a * b) if a and b else 0.0


PAIR_BUDGET = 250_000  # most entity pairs the co-occurrence graph keeps (Louvain's cost grows with them)


def cooccurrence(g: nx.Graph, min_papers: int = 1, budget: int = PAIR_BUDGET) -> nx.Graph:
    """Entity–entity graph: ``weight`` = papers naming both, ``lift`` and ``pmi`` = log lift.

    Nodes are all entities (with ``papers``, the number of papers naming each),
    so entities met alone are still there for communities and gaps. Pairs named
    by fewer than ``min_papers`` papers are left out, and on large graphs the
    threshold rises until at most ``budget`` pairs remain; the graph attribute
    ``min_papers`` says which threshold was used. Counting is one sparse product
    (papers × entities, transposed times itself), not a loop over pairs.
    """
    import numpy as np
    from scipy import sparse

    papers = paper_nodes(g)
    total = max(len(papers), 1)
    entities = sorted(n for n, d in g.nodes(data=True) if d["label"] != "Paper")
    column = {e: i for i, e in enumerate(entities)}
    rows, cols = [], []
    for i, p in enumerate(papers):
        for e in g.neighbors(p):
            if e in column:
                rows.append(i)
                cols.append(column[e])
    incidence = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(papers), len(entities))
    )
    count = np.asarray(incidence.sum(axis=0)).ravel()
    both = sparse.triu(incidence.T @ incidence, k=1).tocoo()
    floor = max(min_papers, 1)
    if both.nnz > budget:
        # the smallest threshold that keeps at most ``budget`` pairs
        kept = np.sort(both.data)[::-1]
        floor = max(floor, int(kept[budget]) + 1)
    keep = both.data >= floor
    a, b, weight = both.row[keep], both.col[keep], both.data[keep]
    score = weight.astype(np.float64) * total / (count[a].astype(np.float64) * count[b])
    co = nx.Graph(min_papers=floor)
    for e, i in column.items():
        co.add_node(e, **g.nodes[e], papers=int(count[i]))
    co.add_edges_from(
        (
            entities[a[k]],
            entities[b[k]],
            {"weight": int(weight[k]), "lift": float(score[k]), "pmi": math.log(score[k])},
        )
        for k in np.lexsort((b, a))  # by first entity, then second: the same graph, the same order
    )
    return co


@dataclass(frozen=True)
class PairStat:
    """Two entities of given labels and the papers that name both."""

    a: str  # node key
    b: str  # node key
    papers: tuple[str, ...]
    lift: float


def pair_stats(
    g: nx.Graph,
    label_a: str,
    label_b: str,
    rel_b: str | None = None,
    min_papers: int = 1,
    limit: int | None = None,
) -> list[PairStat]:
    """Every (a, b) pair of two labels named by one paper, strongest first (the first ``limit``).

    ``rel_b`` keeps only b entities the paper links with that relationship
    (``BUILDS_ON`` for base models). Order: papers, then lift, then keys.
    """
    label = dict(g.nodes(data="label"))
    together: Counter[tuple[str, str]] = Counter()
    count_a: Counter[str] = Counter()
    count_b: Counter[str] = Counter()
    total = 0
    for p, linked in g.adj.items():
        if label[p] != "Paper":
            continue
        total += 1
        left = [n for n in linked if label[n] == label_a]
        right = [
            n
            for n, d in linked.items()
            if label[n] == label_b and (rel_b is None or rel_b in d.get("rels", ()))
        ]
        count_a.update(left)
        count_b.update(right)
        together.update(product(left, right))
    total = max(total, 1)
    ranked = (
        (-both, -lift(both, count_a[a], count_b[b], total), a, b)
        for (a, b), both in together.items()
        if both >= min_papers
    )
    chosen = sorted(ranked) if limit is None else heapq.nsmallest(limit, ranked)
    return [PairStat(a, b, _both(g, a, b, rel_b), -neg_lift) for _, neg_lift, a, b in chosen]


def _both(g: nx.Graph, a: str, b: str, rel_b: str | None) -> tuple[str, ...]:
    """The papers naming a and b (b with ``rel_b``), in a's adjacency order."""
    with_b = g.adj[b]
    return tuple(p for p in g.adj[a] if p in with_b and (rel_b is None or rel_b in with_b[p].get("rels", ())))


def pairs(g: nx.Graph, label_a: str, label_b: str, n: int = 10) -> list[tuple[str, str, int]]:
    """The (a name, b name, papers) pairs of two labels named together by the most papers."""
    return [
        (g.nodes[s.a]["name"], g.nodes[s.b]["name"], len(s.papers))
        for s in pair_stats(g, label_a, label_b, limit=n)
    ]


def top_entities(g: nx.Graph, label: str, n: int, rel: str | None = None) -> list[tuple[str, int]]:
    """The n entities of a label named by most papers (with ``rel``: linked that way), ties by key."""
    counts = Counter()
    for e, d in g.nodes(data=True):
        if d["label"] != label:
            continue
        linked = g.adj[e]
        counts[e] = (
            len(linked) if rel is None else sum(1 for x in linked.values() if rel in x.get("rels", ()))
        )
    ranked = sorted(((e, c) for e, c in counts.items() if c > 0), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:n]


def matrix(
    g: nx.Graph, rows: Iterable[str], cols: Iterable[str], rel_col: str | None = None
) -> list[list[int]]:
    """Papers naming both the row entity and the column entity (``rel_col`` filters the column link)."""
    rows, cols = list(rows), list(cols)
    col_papers = {
        c: {p for p in g.neighbors(c) if rel_col is None or rel_col in g.edges[p, c].get("rels", ())}
        for c in cols
    }
    return [[len(set(g.neighbors(r)) & col_papers[c]) for c in cols] for r in rows]
