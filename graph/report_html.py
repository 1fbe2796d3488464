"""The report as one self-contained HTML page with inline SVG charts.

Everything is drawn here (no JavaScript, no CDN, no remote fonts), so the page
opens offline and prints. Every piece of text from the graph is HTML-escaped.
"""

from __future__ import annotations

from html import escape

from graph.report import Report

COLOURS = {"Technique": "#3b6fb6", "Model": "#c2572b", "Dataset": "#4b9a54", "Benchmark": "#8a55a8"}
LINE_COLOURS = ["#3b6fb6", "#c2572b", "#4b9a54", "#8a55a8", "#b58b00", "#2a9d8f", "#d1495b", "#6c757d"]
CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border-bottom:1px solid #eee;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}.chart{flex:1 1 480px}
figure{margin:0 0 1rem}svg text{font:12px system-ui,sans-serif;fill:#222}.muted{color:#666}.ev{color:#555;font-size:12px}
"""


def _t(value: object) -> str:
    return escape(str(value), quote=True)


def _fit(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bar_chart(title: str, items: list[tuple[str, float]], colour: str = "#3b6fb6") -> str:
    """Horizontal bars, one per item, the value at the end of each bar."""
    if not items:
        return (
            f'<figure class="chart"><figcaption>{_t(title)}</figcaption><p class="muted">(none)</p></figure>'
        )
    label_w, bar_w, row_h = 200, 250, 20
    top = max(v for _, v in items) or 1
    height = row_h * len(items) + 10
    parts = [
        f'<svg role="img" aria-label="{_t(title)}" width="{label_w + bar_w + 60}" height="{height}" '
        f'viewBox="0 0 {label_w + bar_w + 60} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (name, value) in enumerate(items):
        y = 5 + i * row_h
        w = max(1.0, bar_w * value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end"><title>{_t(name)}</title>{_t(_fit(name, 26))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}">{_t(f"{value:g}")}</text>'
        )
    parts.append("</svg>")
    return f'<figure class="chart"><figcaption>{_t(title)}</figcaption>{"".join(parts)}</figure>'


def heatmap(title: str, rows: list[str], columns: list[str], counts: list[list[int]]) -> str:
    """A grid of cells shaded by count, the count written in each non-empty cell."""
    if not rows or not columns:
        return f'<figure><figcaption>{_t(title)}</figcaption><p class="muted">(none)</p></figure>'
    label_w, head_h, cell = 230, 130, 34
    width, height = label_w + cell * len(columns) + 10, head_h + cell * len(rows) + 10
    top = max((c for r in counts for c in r), default=0) or 1
    parts = [
        f'<svg role="img" aria-label="{_t(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for j, col in enumerate(columns):
        x = label_w + j * cell + cell / 2
        parts.append(
            f'<text transform="translate({x + 4:.1f},{head_h - 6}) rotate(-55)"><title>{_t(col)}</title>{_t(_fit(col, 22))}</text>'
        )
    for i, row in enumerate(rows):
        y = head_h + i * cell
        parts.append(
            f'<text x="{label_w - 6}" y="{y + cell / 2 + 4:.1f}" text-anchor="end"><title>{_t(row)}</title>{_t(_fit(row, 32))}</text>'
        )
        for j, value in enumerate(counts[i]):
            x = label_w + j * cell
            alpha = 0.08 + 0.92 * value / top if value else 0
            fill = f"rgba(59,111,182,{alpha:.2f})" if value else "#f4f4f4"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}">'
                f"<title>{_t(row)} × {_t(columns[j])}: {value} papers</title></rect>"
            )
            if value:
                colour = "#fff" if alpha > 0.55 else "#222"
                parts.append(
                    f'<text x="{x + cell / 2 - 1:.1f}" y="{y + cell / 2 + 3:.1f}" text-anchor="middle" style="fill:{colour}">{value}</text>'
                )
    parts.append("</svg>")
    return f'<figure id="heatmap"><figcaption>{_t(title)}</figcaption>{"".join(parts)}</figure>'


def line_chart(title: str, periods: list[str], series: list[tuple[str, list[int]]]) -> str:
    """One line per series over the periods, with a legend."""
    if not periods or not series:
        return f'<figure><figcaption>{_t(title)}</figcaption><p class="muted">(none)</p></figure>'
    left, plot_w, plot_h, top_pad, bottom = 40, 640, 240, 10, 60
    width, height = left + plot_w + 230, top_pad + plot_h + bottom
    top = max((v for _, vs in series for v in vs), default=0) or 1
    step = plot_w / max(len(periods) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top_pad + plot_h - plot_h * v / top

    parts = [
        f'<svg role="img" aria-label="{_t(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{top_pad + 10}" text-anchor="end">{top}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    every = max(1, len(periods) // 12)
    for i, period in enumerate(periods):
        if i % every == 0 or i == len(periods) - 1:
            x, _ = xy(i, 0)
            parts.append(
                f'<text transform="translate({x:.1f},{top_pad + plot_h + 14}) rotate(35)">{_t(period)}</text>'
            )
    for k, (name, values) in enumerate(series):
        colour = LINE_COLOURS[k % len(LINE_COLOURS)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(values)))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"><title>{_t(name)}</title></polyline>'
        )
        ly = top_pad + 12 + k * 18
        parts.append(
            f'<rect x="{left + plot_w + 16}" y="{ly - 9}" width="12" height="10" fill="{colour}"/>'
            f'<text x="{left + plot_w + 32}" y="{ly}">{_t(_fit(name, 28))}</text>'
        )
    parts.append("</svg>")
    return f"<figure><figcaption>{_t(title)}</figcaption>{''.join(parts)}</figure>"


def _table(columns: list[str], rows: list[list], numeric: set[int] = frozenset()) -> str:
    if not rows:
        return '<p class="muted">(none)</p>'
    head = "".join(f"<th>{_t(c)}</th>" for c in columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=n' if i in numeric else ''}>{_t(c)}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: Report) -> str:
    """The whole report as a standalone HTML document."""
    r = report
    s = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">', "<title>citegraph report</title>"]
    s.append(f"<style>{CSS}</style></head><body><h1>citegraph report</h1>")
    nodes = ", ".join(f"{_t(k)} {v}" for k, v in r.counts.nodes.items())
    rels = ", ".join(f"{_t(k)} {v}" for k, v in r.counts.relationships.items() if v)
    s.append(
        f'<p><b>Nodes:</b> {nodes}<br><b>Relationships:</b> {rels}<br><span class="muted">engine: {_t(r.engine)}</span></p>'
    )
    s.append('<h2 id="top-entities">Top entities by papers</h2><div class="charts">')
    for label, ranked in r.top_entities.items():
        s.append(
            bar_chart(
                f"Top {label.lower()}s", [(x.name, x.papers) for x in ranked], COLOURS.get(label, "#3b6fb6")
            )
        )
    s.append("</div>")
    m = r.technique_benchmark_matrix
    s.append('<h2 id="technique-benchmark">Techniques × benchmarks</h2>')
    s.append(heatmap("Papers naming both a technique and a benchmark", m.rows, m.columns, m.counts))
    s.append(
        _table(
            ["technique", "benchmark", "papers", "lift"],
            [[p.technique, p.benchmark, p.papers, f"{p.lift:.1f}"] for p in r.technique_benchmark],
            {2, 3},
        )
    )
    s.append('<h2 id="base-models">Base models per technique</h2>')
    s.append(
        _table(
            ["technique", "base model", "papers", "lift"],
            [[p.technique, p.model, p.papers, f"{p.lift:.1f}"] for p in r.base_models],
            {2, 3},
        )
    )
    basis = "citations" if r.paper_rank_basis == "citations" else "shared entities"
    s.append(f'<h2 id="central">Central papers</h2><p class="muted">PageRank on {_t(basis)}.</p>')
    s.append(
        _table(
            ["paper", "PageRank", "betweenness", "entities"],
            [[p.title, f"{p.pagerank:.4f}", f"{p.betweenness:.4f}", p.degree] for p in r.central_papers],
            {1, 2, 3},
        )
    )
    s.append('<div class="charts">')
    s.append(
        bar_chart(
            "Central entities (PageRank × 1000)",
            [(f"{e.name} ({e.type})", round(e.pagerank * 1000, 2)) for e in r.central_entities],
        )
    )
    s.append(
        bar_chart(
            "Bridging entities (betweenness)",
            [(f"{e.name} ({e.type})", round(e.betweenness, 3)) for e in r.bridging_entities],
            "#8a55a8",
        )
    )
    s.append("</div><h3>Bridging papers</h3>")
    s.append(
        _table(["paper", "betweenness"], [[p.title, f"{p.betweenness:.4f}"] for p in r.bridging_papers], {1})
    )
    s.append('<h2 id="together">Entities that travel together</h2>')
    s.append(
        _table(
            ["entity", "entity", "papers", "lift", "PMI"],
            [
                [f"{c.a} ({c.a_type})", f"{c.b} ({c.b_type})", c.papers, f"{c.lift:.1f}", f"{c.pmi:.2f}"]
                for c in r.cooccurring
            ],
            {2, 3, 4},
        )
    )
    s.append('<h2 id="communities">Communities</h2>')
    s.append(
        _table(
            ["#", "entities", "papers", "about", "central papers"],
            [[c.id, c.size, c.papers, ", ".join(c.top), "; ".join(c.top_papers)] for c in r.communities],
            {0, 1, 2},
        )
    )
    s.append('<h2 id="leaderboards">Leaderboards</h2>')
    if not r.leaderboards:
        s.append('<p class="muted">No paper in the graph reports a result.</p>')
    for board in r.leaderboards:
        s.append(f"<h3>{_t(board.benchmark)}</h3>")
        for b in board.boards:
            metric = b.metric or "metric not stated"
            s.append(
                f'<p class="muted">{_t(metric)}, {"higher" if b.higher_is_better else "lower"} is better</p>'
            )
            s.append(
                _table(
                    ["#", "value", "model", "paper", "evidence"],
                    [[e.rank, f"{e.value:g}", e.model, e.paper, e.evidence] for e in b.entries],
                    {0, 1},
                )
            )
        if board.gains_left_out:
            s.append(f'<p class="muted">{board.gains_left_out} results stated as gains are not ranked.</p>')
    s.append('<h2 id="gaps">Gaps: pairs never seen together</h2>')
    for kind, found in r.gaps.items():
        s.append(f"<h3>{_t(kind)}</h3>")
        s.append(
            _table(
                ["pair", "score", "why"], [[f"{g.a} × {g.b}", f"{g.score:.2f}", g.reason] for g in found], {1}
            )
        )
    s.append('<h2 id="trends">Trends</h2>')
    t = r.trends
    if t is None:
        s.append('<p class="muted">No paper in the graph carries a publication date.</p>')
    else:
        s.append(
            f'<p class="muted">{t.dated_papers} dated papers per {_t(t.granularity)}, {t.undated_papers} undated.</p>'
        )
        s.append(
            line_chart(
                "Papers naming each of the most-named entities",
                t.periods,
                [(x.name, x.counts) for x in t.top[:8]],
            )
        )
        s.append(
            _table(
                ["entity", "type", "direction", "slope of share", "papers"],
                [[x.name, x.type, "rising", f"{x.slope:+.3f}", x.total] for x in t.rising]
                + [[x.name, x.type, "falling", f"{x.slope:+.3f}", x.total] for x in t.falling],
                {3, 4},
            )
        )
    s.append("</body></html>")
    return "\n".join(s) + "\n"
