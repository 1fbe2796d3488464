"""What is rising and what is fading: papers naming each entity per year or month.

Counts are turned into shares of the period's papers before fitting a line, so a
month with twice the papers does not make everything look like it is rising.
"""

from __future__ import annotations

from typing import Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict

Granularity = Literal["year", "month"]


class Series(BaseModel):
    """Papers naming one entity in each period."""

    model_config = ConfigDict(extra="forbid")

    name: str
    type: str
    total: int
    counts: list[int]  # one per period of ``Trends.periods``
    slope: float  # change of the share of papers per period (least squares)


class Trends(BaseModel):
    """Entity counts over time, and which entities rise and fall."""

    model_config = ConfigDict(extra="forbid")

    granularity: Granularity
    periods: list[str]
    papers: list[int]  # dated papers per period
    dated_papers: int
    undated_papers: int
    top: list[Series]  # the most-named entities
    rising: list[Series]
    falling: list[Series]


def _period(published: str | None, granularity: str) -> str | None:
    if not published or len(published) < 4 or not published[:4].isdigit():
        return None
    if granularity == "year":
        return published[:4]
    month = published[:7]
    return month if len(month) == 7 and month[5:7].isdigit() else None


def _span(first: str, last: str, granularity: str) -> list[str]:
    """Every period from first to last, so gaps show as zeros."""
    if granularity == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    out = []
    y, m = int(first[:4]), int(first[5:7])
    while (y, m) <= (int(last[:4]), int(last[5:7])):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _slope(shares: list[float]) -> float:
    n = len(shares)
    if n < 2:
        return 0.0
    mean_x, mean_y = (n - 1) / 2, sum(shares) / n
    num = sum((i - mean_x) * (s - mean_y) for i, s in enumerate(shares))
    den = sum((i - mean_x) ** 2 for i in range(n))
    return num / den


def trends(g: nx.Graph, granularity: Granularity | None = None, n: int = 10, min_papers: int = 3) -> Trends:
    """Entity counts per period for papers with a ``published`` date.

    Without ``granularity``: years when the dates span three years or more, else months.
    """
    papers = [(p, d.get("published")) for p, d in g.nodes(data=True) if d["label"] == "Paper"]
    if granularity is None:
        years = {y for _, pub in papers if (y := _period(pub, "year"))}
        granularity = "year" if len(years) >= 3 else "month"
    placed = {p: per for p, pub in papers if (per := _period(pub, granularity))}
    if not placed:
        return Trends(
            granularity=granularity,
            periods=[],
            papers=[],
            dated_papers=0,
            undated_papers=len(papers),
            top=[],
            rising=[],
            falling=[],
        )
    periods = _span(min(placed.values()), max(placed.values()), granularity)
    index = {per: i for i, per in enumerate(periods)}
    per_period = [0] * len(periods)
    for per in placed.values():
        per_period[index[per]] += 1
    counts: dict[str, list[int]] = {}
    for p, per in placed.items():
        for e in g.neighbors(p):
            counts.setdefault(e, [0] * len(periods))[index[per]] += 1
    series = []
    for e, row in counts.items():
        total = sum(row)
        if total < min_papers:
            continue
        shares = [c / k for c, k in zip(row, per_period, strict=True) if k]
        series.append(
            Series(
                name=g.nodes[e]["name"],
                type=g.nodes[e]["label"],
                total=total,
                counts=row,
                slope=round(_slope(shares), 12),
            )
        )
    series.sort(key=lambda s: (-s.total, s.type, s.name))
    by_slope = sorted(series, key=lambda s: (-s.slope, -s.total, s.type, s.name))
    return Trends(
        granularity=granularity,
        periods=periods,
        papers=per_period,
        dated_papers=len(placed),
        undated_papers=len(papers) - len(placed),
        top=series[:n],
        rising=[s for s in by_slope if s.slope > 0][:n],
        falling=[s for s in reversed(by_slope) if s.slope < 0][:n],
    )
