"""Interactive HTML views of the graph, drawn with pyvis, self-contained and offline.

Every text reaches the page either as JSON data that vis-network shows as plain
text (tooltips, labels) or HTML-escaped (legend, header), so a hostile title
is shown, never run. The page loads nothing from the network.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import networkx as nx

from graph.analytics.projection import key, project
from graph.schema import ENTITY_TYPES
from graph.stores.base import MENTION_RELS, GraphStore

COLOURS = {
    "Paper": "#4e79a7",
    "Technique": "#f28e2b",
    "Model": "#e15759",
    "Dataset": "#76b7b2",
    "Benchmark": "#59a14f",
    "Author": "#b07aa1",
    "Community": "#edc948",
}
EDGE_COLOURS = {
    "USES": "#f28e2b",
    "BUILDS_ON": "#e15759",
    "COMPARES_WITH": "#ff9da7",
    "TRAINS_ON": "#76b7b2",
    "EVALUATES_ON": "#59a14f",
    "PROPOSES": "#9c755f",
    "CITES": "#4e79a7",
    "VARIANT_OF": "#bab0ac",
    "REPORTS": "#59a14f",
}
DASHED = {"COMPARES_WITH", "CITES", "VARIANT_OF"}
REMOTE_TAG = re.compile(r"<(?:link|script)\b[^>]*\b(?:href|src)=\"https?://[^>]*>(?:\s*</script>)?", re.S)


@dataclass
class View:
    """What a page draws: nodes and edges as vis-network data, plus what was left out."""

    title: str
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    left_out: int = 0
    hint: str = ""


def overview(store: GraphStore, limit: int = 150) -> View:
    """The most central part of the graph: the top ``limit`` nodes by PageRank (degree if none)."""
    g = project(store).papers
    score = nx.pagerank(g) if g.number_of_edges() else {n: 0.0 for n in g}
    chosen = sorted(g.nodes, key=lambda n: (-score[n], n))[:limit]
    view = _view_of(store, g, chosen, score, "citegraph overview")
    view.left_out = g.number_of_nodes() - len(chosen)
    view.hint = "raise --limit to draw more"
    return view


def _view_of(store: GraphStore, g: nx.Graph, chosen: list[str], score: dict[str, float], title: str) -> View:
    view = View(title=title)
    sub = g.subgraph(chosen)
    top = max((score.get(n, 0.0) for n in chosen), default=0.0) or 1.0
    ranked = sorted(chosen, key=lambda n: -score.get(n, 0.0))
    labelled = set(ranked[: max(25, len(ranked) // 5)])
    for n in chosen:
        d = g.nodes[n]
        size = 8 + 32 * (score.get(n, 0.0) / top) ** 0.5
        tip = [f"{d['label']}: {d['name']}", f"links: {g.degree(n)}"]
        if d["label"] == "Paper":
            tip += [f"arXiv: https://arxiv.org/abs/{d['arxiv_id']}" if d.get("arxiv_id") else ""]
        view.nodes.append(
            {
                "id": n,
                "label": _short(d["name"]) if n in labelled else " ",
                "title": "\n".join(t for t in tip if t),
                "color": COLOURS.get(d["label"], "#999"),
                "size": round(size, 1),
                "group": d["label"],
            }
        )
    evidence = _evidence(store, [n.split(":", 1)[1] for n in chosen if n.startswith("Paper:")])
    for a, b, d in sub.edges(data=True):
        paper, ent = (a, b) if a.startswith("Paper:") else (b, a)
        for rel in dict.fromkeys(d.get("rels", [])):
            ev = evidence.get((paper, rel, ent), "")
            view.edges.append(
                {
                    "from": paper,
                    "to": ent,
                    "title": f"{rel}\n{ev}".strip(),
                    "color": EDGE_COLOURS.get(rel, "#ccc"),
                    "dashes": rel in DASHED,
                }
            )
    return view


def _evidence(store: GraphStore, paper_ids: list[str]) -> dict[tuple[str, str, str], str]:
    """Evidence sentences of the mention links of some papers."""
    out: dict[tuple[str, str, str], str] = {}
    if not paper_ids:
        return out
    for rel in MENTION_RELS:
        for label in ENTITY_TYPES:
            cypher = (
                f"MATCH (p:Paper)-[r:{rel}]->(e:{label}) WHERE p.id IN $ids RETURN p.id, e.id, r.evidence"
            )
            for pid, eid, ev in store.query(cypher, {"ids": paper_ids}).rows:
                out[(key("Paper", pid), rel, key(label, eid))] = ev or ""
    return out


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render_html(view: View) -> str:
    """A self-contained page: vis-network inlined, legend and notes escaped, no remote resources."""
    from pyvis.network import Network

    net = Network(height="85vh", width="100%", directed=True, cdn_resources="in_line", bgcolor="#ffffff")
    net.set_options(
        json.dumps(
            {
                "physics": {
                    "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {
                        "gravitationalConstant": -60,
                        "springLength": 90,
                        "avoidOverlap": 0.4,
                    },
                    "stabilization": {"enabled": True, "iterations": 400, "fit": True},
                    "minVelocity": 1.5,
                },
                "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
                "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}},
                "nodes": {"shape": "dot", "font": {"size": 12}},
            }
        )
    )
    for node in view.nodes:
        net.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for edge in view.edges:
        net.add_edge(edge["from"], edge["to"], **{k: v for k, v in edge.items() if k not in ("from", "to")})
    page = net.generate_html(notebook=False)
    page = REMOTE_TAG.sub("", page)
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)
    page = page.replace("<body>", "<body>\n" + _header(view), 1)
    # Once stable, stop the simulation so the layout holds still; dragging still works.
    page = page.replace(
        "return network;",
        'network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); });\n'
        "                  return network;",
        1,
    )
    return page


def _header(view: View) -> str:
    labels = sorted({n["group"] for n in view.nodes})
    legend = " ".join(
        f'<span style="display:inline-block;margin-right:12px"><span style="display:inline-block;width:12px;'
        f'height:12px;border-radius:6px;background:{COLOURS.get(label, "#999")}"></span> {html.escape(label)}</span>'
        for label in labels
    )
    note = ""
    if view.left_out:
        note = (
            f'<div id="left-out" style="color:#a33">{view.left_out} more nodes are not drawn; '
            f"{html.escape(view.hint)}.</div>"
        )
    return (
        '<div id="citegraph-header" style="font-family:sans-serif;padding:6px 10px">'
        f"<b>{html.escape(view.title)}</b> — {len(view.nodes)} nodes, {len(view.edges)} links"
        f'<div id="legend" style="margin-top:4px">{legend}</div>{note}</div>'
    )
