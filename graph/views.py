"""Interactive HTML views of the graph: self-contained pages that work offline.

A view is chosen here (the most central nodes, a neighbourhood, what a query
returns, one community, the map of communities) and drawn by vis-network, the
library pyvis ships, inlined into the page. Every text reaches the page either
as JSON that the page's script puts into the document with ``textContent``, or
HTML-escaped in the header, so a paper titled ``<img src=x onerror=...>`` is
shown as that text and runs nothing. A Content-Security-Policy forbids the page
any request, and when a view leaves nodes out the header says how many and how
to see them.
"""

from __future__ import annotations

import difflib
import html
import json
import math
import re
import shlex
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import networkx as nx

from graph.errors import InputError, QueryError
from graph.memory import paused_gc
from graph.schema import ENTITY_TYPES
from graph.stores.base import MENTION_RELS, NODE_LABELS, REL_TYPES, GraphStore

DEFAULT_LIMIT = 150
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
    "PROPOSES": "#9c755f",
    "BUILDS_ON": "#e15759",
    "TRAINS_ON": "#76b7b2",
    "EVALUATES_ON": "#59a14f",
    "REPORTS": "#2f7d32",
    "COMPARES_WITH": "#ff9da7",
    "USES": "#f28e2b",
    "CITES": "#4e79a7",
    "VARIANT_OF": "#8c8c8c",
    "AUTHORED": "#b07aa1",
    "CO_OCCURS": "#c9b037",
}
DASHED = {"COMPARES_WITH", "CITES", "VARIANT_OF"}
VERBS = {
    "USES": "uses",
    "BUILDS_ON": "builds on",
    "COMPARES_WITH": "compares with",
    "TRAINS_ON": "trains on",
    "EVALUATES_ON": "evaluates on",
    "PROPOSES": "proposes",
    "REPORTS": "reports on",
}
# Relationship type -> (from label, to label) pairs, as the stores define them.
REL_ENDS: dict[str, list[tuple[str, str]]] = {
    **{rel: [("Paper", t) for t in ENTITY_TYPES] for rel in MENTION_RELS},
    "REPORTS": [("Paper", "Benchmark")],
    "VARIANT_OF": [(t, t) for t in ENTITY_TYPES],
    "CITES": [("Paper", "Paper")],
    "AUTHORED": [("Author", "Paper")],
}
EXCERPT = 280
TIP_ENTITIES = 8


@dataclass
class View:
    """What a page draws: vis-network nodes and edges, and what it says about them."""

    title: str
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    left_out: int = 0
    hint: str = ""  # how to see what was left out
    notes: list[str] = field(default_factory=list)
    size_by: str = "degree"
    focus: str | None = None  # node selected when the page opens
    physics: dict = field(default_factory=dict)  # changes to the Barnes–Hut settings for this view
    font_size: int | None = None  # label size; by default it grows with the number of nodes


# -- reading the graph -------------------------------------------------------------------


def key(label: str, node_id: str) -> str:
    return f"{label}:{node_id}"


def read_graph(store: GraphStore) -> nx.DiGraph:
    """Every node (names, links, stored scores) and every relationship type between node pairs.

    Abstracts and evidence sentences are left in the store; ``_details`` reads them
    for the few nodes a view draws. Read column by column, with the collector paused.
    """
    with paused_gc():
        return _read_graph(store)


SCORES = ("pagerank", "degree", "community")


def _read_graph(store: GraphStore) -> nx.DiGraph:
    g = nx.DiGraph()
    scores = "".join(f", n.{s}" for s in SCORES)
    nodes = {
        "Paper": (
            "n.title, n.arxiv_id, n.doi, n.url, n.published, n.reference_only",
            ("name", "arxiv_id", "doi", "url", "published", "ref"),
        ),
        **{label: ("n.name, n.aliases", ("name", "aliases")) for label in ENTITY_TYPES},
        "Author": ("n.name", ("name",)),
    }
    for label, (fields, names) in nodes.items():
        columns = store.columns(f"MATCH (n:{label}) RETURN n.id, {fields}{scores}")
        for node_id, *values in zip(*columns, strict=True):
            g.add_node(key(label, node_id), label=label, **dict(zip((*names, *SCORES), values, strict=True)))
    for n, d in g.nodes(data=True):
        d["name"] = d.get("name") or n.split(":", 1)[1]
    edges: dict[tuple[str, str], list[str]] = {}
    for rel, ends in REL_ENDS.items():
        for a_label, b_label in ends:
            a_ids, b_ids = store.columns(f"MATCH (a:{a_label})-[:{rel}]->(b:{b_label}) RETURN a.id, b.id")
            for a_id, b_id in zip(a_ids, b_ids, strict=True):
                found = edges.setdefault((key(a_label, a_id), key(b_label, b_id)), [])
                if rel not in found:
                    found.append(rel)
    g.add_edges_from((a, b, {"rels": rels}) for (a, b), rels in edges.items() if a in g and b in g)
    return g


def _importance(g: nx.DiGraph) -> tuple[dict[str, float], dict[str, float], str]:
    """(rank, size, what the size shows): stored PageRank after ``citegraph report``, else degree.

    The report scores papers on the citation graph and entities on the paper–entity
    graph, so each family is scaled by its own mean to make them comparable. Before
    any report, nodes are ranked by a PageRank computed here and sized by degree.
    """
    stored = {n: d["pagerank"] for n, d in g.nodes(data=True) if d.get("pagerank") is not None}
    if stored:
        scaled: dict[str, float] = {}
        for is_paper in (True, False):
            family = {n: s for n, s in stored.items() if (g.nodes[n]["label"] == "Paper") == is_paper}
            mean = sum(family.values()) / len(family) if family else 0.0
            scaled.update({n: (s / mean if mean else 0.0) for n, s in family.items()})
        rank = {n: scaled.get(n, 0.0) for n in g}
        return rank, rank, "PageRank"
    degree = {n: float(g.degree(n)) for n in g}
    und = g.to_undirected(as_view=True)
    rank = nx.pagerank(und) if und.number_of_edges() else degree
    return rank, degree, "degree (run citegraph report to size by PageRank)"


# -- the views ---------------------------------------------------------------------------


def overview(store: GraphStore, limit: int = DEFAULT_LIMIT) -> View:
    """The most central part of the graph: the ``limit`` nodes of highest PageRank."""
    g = read_graph(store)
    rank, size, size_by = _importance(g)
    chosen = _central(g, rank, limit)
    view = View(title=f"Overview: the {len(chosen)} most central of {len(g)} nodes", size_by=size_by)
    _draw(store, g, view, chosen, size, rank)
    view.left_out = len(g) - len(chosen)
    if view.left_out:
        more = min(len(g), max(2 * limit, limit + 100))
        view.hint = (
            f"raise --limit (e.g. --limit {more}), or look closer with --around NAME or --community ID"
        )
    return view


def _central(g: nx.DiGraph, rank: dict[str, float], limit: int) -> list[str]:
    """The ``limit`` nodes of highest rank, preferring nodes linked to the others.

    A node whose every neighbour falls outside the selection would float alone, so it
    gives way to the next-ranked node that links into the selection, when there is one.
    """
    order = sorted(g, key=lambda n: (-rank[n], n))
    und = g.to_undirected(as_view=True)
    chosen = set(order[:limit])
    lonely: set[str] = set()
    for _ in range(3):
        alone = {n for n in chosen if not any(m in chosen for m in und[n])}
        if not alone:
            break
        lonely |= alone
        chosen -= alone
        for n in order:
            if len(chosen) >= limit:
                break
            if n not in chosen and n not in lonely and any(m in chosen for m in und[n]):
                chosen.add(n)
    for n in order:
        if len(chosen) >= limit:
            break
        chosen.add(n)
    return [n for n in order if n in chosen]


def around(store: GraphStore, name: str, depth: int = 1, limit: int = DEFAULT_LIMIT) -> View:
    """A node and everything within ``depth`` links of it, the closest and most central first."""
    if depth not in (1, 2):
        raise InputError(f"--depth {depth}: must be 1 or 2")
    g = read_graph(store)
    centre, how = find_node(g, name)
    rank, size, size_by = _importance(g)
    dist = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), centre, cutoff=depth)
    ordered = sorted(dist, key=lambda n: (dist[n], -rank[n], n))
    chosen = ordered[:limit]
    d = g.nodes[centre]
    view = View(
        title=f"Around {d['name']} ({d['label']}), {depth} link{'s' if depth > 1 else ''} out",
        size_by=size_by,
        focus=centre,
    )
    if how:
        view.notes.append(how)
    _draw(store, g, view, chosen, size, rank)
    view.left_out = len(ordered) - len(chosen)
    if view.left_out:
        hint = f"raise --limit (this neighbourhood has {len(ordered)} nodes)"
        view.hint = hint + (", or use --depth 1" if depth == 2 else "")
    return view


def from_query(
    store: GraphStore,
    name: str | None = None,
    cypher: str | None = None,
    params: dict[str, Any] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> View:
    """The nodes and relationships a read query returns (a catalog query by ``name``, or ``cypher``).

    Nodes are what the rows return: node values, and text cells naming a node (catalog
    queries return names and titles). Query parameters that name a node (``technique=DPO``)
    join every row. Nodes returned in the same row are linked by the relationships
    between them, only of the types the row returns when it returns relationships.
    """
    import queries
    from graph.stores.base import require_read_only

    params = dict(params or {})
    if bool(name) == bool(cypher):
        raise InputError("give a catalog query NAME or --cypher TEXT")
    if cypher:
        require_read_only(cypher)
        params = {k: queries.coerce(v) if isinstance(v, str) else v for k, v in params.items()}
        result = store.query(cypher, params)
        title = f"Query: {_short(' '.join(cypher.split()), 90)}"
    else:
        result = queries.run(store, name, params)
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        title = f"Query {name}" + (f" ({shown})" if shown else "")
    g = read_graph(store)
    by_name = _name_index(g)
    subjects = [n for v in params.values() if isinstance(v, str) for n in _named(g, by_name, v, loose=True)]
    order: dict[str, None] = dict.fromkeys(subjects)
    pairs: dict[tuple[str, str], set[str] | None] = {}
    for row in result.rows:
        found: list[str] = []
        rels: set[str] = set()
        type_hint = {str(v) for v in row if isinstance(v, str) and v in NODE_LABELS}
        for column, value in zip(result.columns, row, strict=True):
            _collect(g, by_name, column, value, type_hint, found, rels)
        row_nodes = list(dict.fromkeys(found + subjects))
        order.update(dict.fromkeys(found))
        for i, a in enumerate(row_nodes):
            for b in row_nodes[i + 1 :]:
                for x, y in ((a, b), (b, a)):
                    if g.has_edge(x, y):
                        kept = pairs.get((x, y), set())
                        if kept is not None:
                            pairs[(x, y)] = None if not rels else kept | rels
    if not order:
        raise QueryError(
            f"the query returned {_plural(len(result.rows), 'row')} and none names a node of the graph; "
            "return nodes (e.g. RETURN p, t) or names and titles"
        )
    rank, size, size_by = _importance(g)
    nodes = list(order)
    chosen = nodes[:limit]
    view = View(title=title, size_by=size_by)
    allowed = {p: r for p, r in pairs.items() if p[0] in chosen and p[1] in chosen}
    _draw(store, g, view, chosen, size, rank, edges=allowed)
    view.notes.append(f"{_plural(len(result.rows), 'row')} returned")
    view.left_out = len(nodes) - len(chosen)
    if view.left_out:
        view.hint = f"raise --limit (the result names {len(nodes)} nodes)"
    return view


def community(store: GraphStore, cid: int, limit: int = DEFAULT_LIMIT) -> View:
    """One community: its entities and its papers, the most central first."""
    g = read_graph(store)
    groups = _communities(g)
    if cid not in groups:
        known = sorted(groups)
        raise InputError(
            f"--community {cid}: no such community (the graph has {len(known)}, numbered "
            f"{known[0]} to {known[-1]}; `citegraph view --communities` maps them)"
        )
    rank, size, size_by = _importance(g)
    members = groups[cid]
    ordered = sorted(members, key=lambda n: (-rank[n], n))
    chosen = ordered[:limit]
    top = _community_top(g, members, 5)
    view = View(title=f"Community {cid}: {', '.join(top)}", size_by=size_by)
    entities = sum(g.nodes[n]["label"] != "Paper" for n in members)
    view.notes.append(f"{entities} entities and {len(members) - entities} papers")
    _draw(store, g, view, chosen, size, rank)
    view.left_out = len(ordered) - len(chosen)
    if view.left_out:
        view.hint = f"raise --limit (this community has {len(ordered)} nodes)"
    return view


def communities(store: GraphStore, limit: int = DEFAULT_LIMIT, links_per_community: int = 5) -> View:
    """The map of the field: one node per community, sized by its papers, labelled by its top entities.

    Two communities are linked by the papers that name entities of both; each shows its
    ``links_per_community`` strongest links so the map stays readable.
    """
    g = read_graph(store)
    groups = _communities(g)
    papers = {c: {n for n in m if g.nodes[n]["label"] == "Paper"} for c, m in groups.items()}
    entities = {c: m - papers[c] for c, m in groups.items()}
    drawn = [c for c in groups if len(entities[c]) > 1]
    singles = len(groups) - len(drawn)
    drawn.sort(key=lambda c: (-len(papers[c]), -len(entities[c]), c))
    chosen = drawn[:limit]
    member = {n: c for c, m in entities.items() for n in m}
    shared: Counter[tuple[int, int]] = Counter()
    for p, d in g.nodes(data=True):
        if d["label"] == "Paper":
            touched = sorted({member[e] for e in nx.all_neighbors(g, p) if e in member})
            shared.update((a, b) for i, a in enumerate(touched) for b in touched[i + 1 :])
    keep: set[tuple[int, int]] = set()
    chosen_set = set(chosen)
    for c in chosen:
        mine = [(pair, w) for pair, w in shared.items() if c in pair and set(pair) <= chosen_set]
        mine.sort(key=lambda pw: (-pw[1], pw[0]))
        keep.update(pair for pair, _ in mine[:links_per_community])
    view = View(
        title=f"Communities: the map of the field ({len(chosen)} communities)",
        size_by="papers",
        physics={
            "gravitationalConstant": -14000,
            "springLength": 240,
            "avoidOverlap": 0.6,
            "centralGravity": 1.2,
        },
        font_size=20,
    )
    top_papers = max((len(papers[c]) for c in chosen), default=1) or 1
    for c in chosen:
        top = _community_top(g, entities[c], 3)
        by_type = []
        for label in ENTITY_TYPES:
            names = _community_top(g, {n for n in entities[c] if g.nodes[n]["label"] == label}, 4)
            if names:
                by_type.append([f"{label}s", ", ".join(names)])
        view.nodes.append(
            {
                "id": f"Community:{c}",
                "label": f"#{c} " + " · ".join(_short(t, 24) for t in top),
                "group": "Community",
                "color": COLOURS["Community"],
                "size": round(10 + 40 * math.sqrt(len(papers[c]) / top_papers), 1),
                "info": {
                    "name": f"Community {c}",
                    "type": f"{len(papers[c])} papers, {len(entities[c])} entities",
                    "facts": [["Top", ", ".join(_community_top(g, entities[c], 6))], *by_type],
                    "cmd": f"citegraph view --community {c}",
                },
            }
        )
    top_weight = max((shared[p] for p in keep), default=1)
    for a, b in sorted(keep):
        w = shared[(a, b)]
        view.edges.append(
            {
                "from": f"Community:{a}",
                "to": f"Community:{b}",
                "title": f"{w} papers name entities of both community {a} and community {b}",
                "color": {"color": EDGE_COLOURS["CO_OCCURS"], "opacity": 0.7},
                "width": round(1 + 9 * math.sqrt(w / top_weight), 1),
                "rel": "CO_OCCURS",
                "arrows": {"to": {"enabled": False}},
            }
        )
    view.notes.append(
        f"links: papers naming entities of both (each community's {links_per_community} strongest)"
    )
    if singles:
        view.notes.append(f"{singles} one-entity communities are not drawn")
    view.left_out = len(drawn) - len(chosen)
    if view.left_out:
        view.hint = f"raise --limit (there are {len(drawn)} communities of two or more entities)"
    return view


def _communities(g: nx.DiGraph) -> dict[int, set[str]]:
    """Community id -> member nodes, from the scores ``citegraph report`` writes.

    Papers join the community most of their entities belong to when the report left
    them without one (ties: the lower number).
    """
    groups: dict[int, set[str]] = {}
    for n, d in g.nodes(data=True):
        c = _cid(d)
        if c is not None:
            groups.setdefault(c, set()).add(n)
    if not groups:
        raise InputError("the graph has no community scores yet: run `citegraph report` first")
    if not any(g.nodes[n]["label"] == "Paper" for m in groups.values() for n in m):
        for p, d in g.nodes(data=True):
            if d["label"] != "Paper":
                continue
            votes = Counter(
                _cid(g.nodes[e])
                for e in nx.all_neighbors(g, p)
                if g.nodes[e]["label"] != "Paper" and _cid(g.nodes[e]) is not None
            )
            if votes:
                groups[min(votes, key=lambda c: (-votes[c], c))].add(p)
    return groups


def _cid(d: dict) -> int | None:
    c = d.get("community")
    return int(c) if c is not None and c >= 0 else None


def _community_top(g: nx.DiGraph, members: set[str], n: int) -> list[str]:
    """Names of the members that the most papers name: what a community is about."""
    ents = [m for m in members if g.nodes[m]["label"] not in ("Paper", "Author")]
    ents.sort(key=lambda m: (-_paper_count(g, m), g.nodes[m]["name"]))
    return [g.nodes[m]["name"] for m in ents[:n]]


# -- finding nodes by name ---------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def _name_index(g: nx.DiGraph) -> dict[str, list[str]]:
    """Exact name (title for papers) -> nodes."""
    index: dict[str, list[str]] = {}
    for n, d in g.nodes(data=True):
        index.setdefault(d["name"], []).append(n)
    return index


def _named(g: nx.DiGraph, by_name: dict[str, list[str]], text: str, loose: bool = False) -> list[str]:
    """Nodes whose name is ``text``; ``loose`` also matches names and aliases ignoring case."""
    hits = list(by_name.get(text, []))
    if loose and not hits and text.strip():
        q = text.casefold()
        hits = [
            n
            for n, d in g.nodes(data=True)
            if d["name"].casefold() == q or any(a.casefold() == q for a in d.get("aliases") or [])
        ]
    return hits


def _collect(g, by_name, column: str, value: Any, type_hint: set[str], found: list, rels: set) -> None:
    """Nodes and relationship types in one returned value (nodes, paths, lists, or names)."""
    if isinstance(value, dict):
        label = value.get("_label")
        if label in NODE_LABELS and "id" in value:
            n = key(label, str(value["id"]))
            if n in g:
                found.append(n)
        elif label in REL_TYPES:
            rels.add(label)
        else:
            for v in value.values():
                _collect(g, by_name, column, v, type_hint, found, rels)
    elif isinstance(value, list):
        for v in value:
            _collect(g, by_name, column, v, type_hint, found, rels)
    elif isinstance(value, str) and value in by_name:
        hits = by_name[value]
        wanted = {lab for lab in NODE_LABELS if lab.lower() == column.lower()} or type_hint
        narrowed = [n for n in hits if g.nodes[n]["label"] in wanted]
        found.extend(narrowed or hits)


def find_node(g: nx.DiGraph, text: str) -> tuple[str, str]:
    """The node a user means by ``text`` and, when it was not an exact match, a note saying which.

    Exact names and aliases first (ignoring case and punctuation), then names containing
    the text, then close spellings (difflib). ``Type:name`` (e.g. ``Benchmark:GSM8K``)
    chooses between nodes of several types with one name.
    """
    nodes = list(g.nodes)
    wanted = text.strip()
    m = re.match(r"\s*(\w+)\s*:\s*(.+)", text)
    if m and m.group(1).lower() in {lab.lower() for lab in NODE_LABELS}:
        nodes = [n for n in nodes if g.nodes[n]["label"].lower() == m.group(1).lower()]
        wanted = m.group(2).strip()
    q = _norm(wanted)
    if not q:
        raise InputError(f"--around {text!r}: give a name")
    rank, _, _ = _importance(g)
    exact, contains = _candidates(g, nodes, q)
    if len(exact) == 1:
        return exact[0], ""
    if len(exact) > 1:
        for same in (lambda a: _norm(a) == q, lambda a: a.casefold() == wanted.casefold()):
            named = [n for n in exact if same(g.nodes[n]["name"])]
            if len(named) == 1:
                return named[0], ""
        example = exact[0]
        raise InputError(
            f"--around {text!r} names {len(exact)} nodes: {_listing(g, exact, rank)}; "
            f"say which with its type, e.g. --around '{g.nodes[example]['label']}:{g.nodes[example]['name']}'"
        )
    spellings: dict[str, set[str]] = {}
    for n in nodes:
        d = g.nodes[n]
        for s in [d["name"], *(d.get("aliases") or [])]:
            spellings.setdefault(_norm(s), set()).add(n)
    close = difflib.get_close_matches(q, list(spellings), n=8, cutoff=0.6)
    hits = list(dict.fromkeys(n for s in close for n in sorted(spellings[s])))
    strong = [s for s in close if difflib.SequenceMatcher(None, q, s).ratio() >= 0.85]
    near = list(dict.fromkeys(n for s in strong for n in sorted(spellings[s])))
    if len(near) == 1:
        return near[0], f"{text!r} matched {g.nodes[near[0]]['name']} ({g.nodes[near[0]]['label']})"
    if near:
        raise InputError(
            f"--around {text!r}: no node has that name; close matches: {_listing(g, near, rank)}"
        )
    if len(contains) == 1:
        n = contains[0]
        return n, f"{text!r} matched {g.nodes[n]['name']} ({g.nodes[n]['label']})"
    if len(contains) > 1:
        raise InputError(
            f"--around {text!r} matches {len(contains)} nodes: {_listing(g, contains, rank)}; give more of the name"
        )
    if hits:
        raise InputError(
            f"--around {text!r}: no node has that name; close matches: {_listing(g, hits, None)}"
        )
    kinds = "paper, technique, model, dataset or benchmark"
    if len(nodes) < len(g):
        kinds = {g.nodes[n]["label"] for n in nodes}.pop().lower() if nodes else "node of that type"
    raise InputError(
        f"--around {text!r}: no {kinds} has a name like that "
        "(`citegraph query top-techniques` and the other catalog queries list names)"
    )


def _candidates(g: nx.DiGraph, nodes: list[str], q: str) -> tuple[list[str], list[str]]:
    """(exact name or alias matches, names containing ``q``) among ``nodes``, all normalised."""
    exact, contains = [], []
    for n in nodes:
        d = g.nodes[n]
        name = _norm(d["name"])
        if name == q or any(_norm(a) == q for a in d.get("aliases") or []):
            exact.append(n)
        elif len(q) >= 4 and q in name:
            contains.append(n)
    return exact, contains


def _listing(g: nx.DiGraph, nodes: list[str], rank: dict[str, float] | None, most: int = 8) -> str:
    if rank is not None:
        nodes = sorted(nodes, key=lambda n: (-rank[n], n))
    shown = [f"{_short(g.nodes[n]['name'], 70)} ({g.nodes[n]['label']})" for n in nodes[:most]]
    more = f" and {len(nodes) - most} more" if len(nodes) > most else ""
    return ", ".join(shown) + more


# -- node and edge data ------------------------------------------------------------------


def _draw(
    store: GraphStore,
    g: nx.DiGraph,
    view: View,
    chosen: list[str],
    size: dict[str, float],
    rank: dict[str, float],
    edges: dict[tuple[str, str], set[str] | None] | None = None,
) -> None:
    """Fill ``view`` with ``chosen`` nodes and the edges between them (``edges``: only these pairs)."""
    chosen_set = set(chosen)
    top = max((size[n] for n in chosen), default=0.0) or 1.0
    by_size = sorted(chosen, key=lambda n: (-size[n], n))
    labelled = set(by_size[: max(20, len(chosen) // 5)])
    if view.focus:
        labelled.add(view.focus)
    abstracts, evidence = _details(store, g, chosen)
    for n in chosen:
        d = g.nodes[n]
        node = {
            "id": n,
            "group": d["label"],
            "color": COLOURS.get(d["label"], "#999999"),
            "size": round(7 + 28 * math.sqrt(max(size[n], 0.0) / top), 1),
            "info": _info(g, n, abstracts.get(n, ""), rank),
        }
        if n in labelled:
            node["label"] = _short(d["name"], 32)
        view.nodes.append(node)
    if edges is None:
        pairs: dict[tuple[str, str], set[str] | None] = {
            (a, b): None for a, b in g.subgraph(chosen).edges if a in chosen_set
        }
    else:
        pairs = edges
    for (a, b), only in sorted(pairs.items()):
        rels = [r for r in EDGE_COLOURS if r in g.edges[a, b]["rels"] and (only is None or r in only)]
        if not rels:
            continue
        lines = []
        for rel in rels:
            lines += _edge_lines(g, a, b, rel, evidence.get((a, rel, b), []))
        view.edges.append(
            {
                "from": a,
                "to": b,
                "rel": rels[0],
                "title": "\n".join(lines),
                "color": {"color": EDGE_COLOURS[rels[0]], "opacity": 0.75},
                "dashes": rels[0] in DASHED,
            }
        )


def _details(
    store: GraphStore, g: nx.DiGraph, chosen: list[str]
) -> tuple[dict[str, str], dict[tuple[str, str, str], list[dict]]]:
    """Abstracts of the chosen papers and the properties of relationships among chosen nodes."""
    ids: dict[str, list[str]] = {}
    for n in chosen:
        label, node_id = n.split(":", 1)
        ids.setdefault(label, []).append(node_id)
    abstracts = {}
    if ids.get("Paper"):
        for pid, abstract in store.query(
            "MATCH (p:Paper) WHERE p.id IN $ids RETURN p.id, p.abstract", {"ids": ids["Paper"]}
        ).rows:
            abstracts[key("Paper", pid)] = abstract or ""
    props = {
        "REPORTS": "r.value AS value, r.metric AS metric, r.model AS model, r.delta AS delta, r.evidence AS evidence",
        "CITES": "r.source AS source, r.evidence AS evidence",
        "AUTHORED": "r.position AS position",
        "VARIANT_OF": "",
    }
    evidence: dict[tuple[str, str, str], list[dict]] = {}
    for rel, ends in REL_ENDS.items():
        wanted = props.get(rel, "r.mention AS mention, r.evidence AS evidence")
        if not wanted:
            continue
        for a_label, b_label in ends:
            if not ids.get(a_label) or not ids.get(b_label):
                continue
            cypher = (
                f"MATCH (a:{a_label})-[r:{rel}]->(b:{b_label}) WHERE a.id IN $a AND b.id IN $b "
                f"RETURN a.id AS a, b.id AS b, {wanted}"
            )
            for row in store.query(cypher, {"a": ids[a_label], "b": ids[b_label]}).records():
                k = (key(a_label, row.pop("a")), rel, key(b_label, row.pop("b")))
                evidence.setdefault(k, []).append(row)
    return abstracts, evidence


def _edge_lines(g: nx.DiGraph, a: str, b: str, rel: str, rows: list[dict]) -> list[str]:
    """The tooltip of one relationship type between two nodes: the type, then each evidence."""
    if rel == "VARIANT_OF":
        return [f"VARIANT_OF: {g.nodes[a]['name']} is a variant of {g.nodes[b]['name']}"]
    if not rows:
        return [rel]
    lines = []
    for row in rows[:4]:
        if rel == "REPORTS":
            value = row.get("value")
            what = " ".join(
                str(x)
                for x in (
                    f"{value:g}" if isinstance(value, int | float) else value,
                    row.get("metric"),
                    f"({row['model']})" if row.get("model") else "",
                    "gain" if row.get("delta") else "",
                )
                if x
            )
            head = f"REPORTS {what}".strip()
        elif rel == "CITES":
            head = f"CITES (source: {row.get('source') or 'unknown'})"
        elif rel == "AUTHORED":
            head = f"AUTHORED (author {row.get('position')})" if row.get("position") else "AUTHORED"
        else:
            head = f"{rel} “{row['mention']}”" if row.get("mention") else rel
        lines.append(head)
        if row.get("evidence"):
            lines.append(_short(row["evidence"], 400))
    if len(rows) > 4:
        lines.append(f"… and {len(rows) - 4} more")
    return lines


def _paper_count(g: nx.DiGraph, n: str) -> int:
    """Papers linking to an entity."""
    return sum(1 for p in g.predecessors(n) if g.nodes[p]["label"] == "Paper")


def _info(g: nx.DiGraph, n: str, abstract: str, rank: dict[str, float]) -> dict:
    """What the tooltip and the details panel say about a node; plain text, the page escapes it."""
    d = g.nodes[n]
    label = d["label"]
    facts: list[list[str]] = []
    links: list[list[str]] = []
    info: dict[str, Any] = {"name": d["name"], "type": label}
    if label == "Paper":
        if d.get("ref"):
            info["type"] = "Paper (named as a reference only)"
        if abstract:
            info["excerpt"] = _excerpt(abstract)
        if d.get("published"):
            facts.append(["Published", str(d["published"])[:10]])
        by_verb: dict[str, list[str]] = {}
        ents = [e for e in g.successors(n) if g.nodes[e]["label"] in ENTITY_TYPES]
        for e in sorted(ents, key=lambda e: (-rank.get(e, 0.0), e))[:TIP_ENTITIES]:
            rels = g.edges[n, e]["rels"]
            verb = next((VERBS[r] for r in EDGE_COLOURS if r in rels and r in VERBS), "names")
            by_verb.setdefault(verb, []).append(g.nodes[e]["name"])
        if by_verb:
            facts.append(["Top entities", "; ".join(f"{v} {', '.join(ns)}" for v, ns in by_verb.items())])
        cites = sum(1 for m in g.successors(n) if g.nodes[m]["label"] == "Paper")
        cited = sum(1 for m in g.predecessors(n) if g.nodes[m]["label"] == "Paper")
        if cites or cited:
            facts.append(["Citations", f"cites {cites}, cited by {cited} in this graph"])
        if d.get("arxiv_id"):
            links.append(["arXiv", f"https://arxiv.org/abs/{d['arxiv_id']}"])
        if d.get("doi"):
            links.append(["DOI", f"https://doi.org/{d['doi']}"])
        if d.get("url") and str(d["url"]).startswith(("https://", "http://")) and not links:
            links.append(["Link", str(d["url"])])
    elif label in ENTITY_TYPES:
        aliases = [a for a in d.get("aliases") or [] if a != d["name"]]
        if aliases:
            facts.append(["Aliases", ", ".join(aliases[:8]) + (" …" if len(aliases) > 8 else "")])
        facts.append(["Papers", str(_paper_count(g, n))])
        parents = [g.nodes[m]["name"] for m in g.successors(n) if g.nodes[m]["label"] == label]
        if parents:
            facts.append(["Variant of", ", ".join(parents)])
    else:
        facts.append(["Papers", str(sum(1 for m in g.successors(n) if g.nodes[m]["label"] == "Paper"))])
    if d.get("community") is not None and d["community"] >= 0:
        facts.append(["Community", str(d["community"])])
    info["facts"] = facts
    info["links"] = links
    info["cmd"] = f"citegraph view --around {shlex.quote(d['name'])}"
    return info


def _excerpt(text: str, n: int = EXCERPT) -> str:
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[:n].rsplit(" ", 1)[0]
    return cut + " …"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# -- the page ----------------------------------------------------------------------------

# Barnes–Hut with a coarse theta: a 500-node view lays out in about two seconds in headless
# Chromium on two busy cores (bench/view_settle.py); the page then turns physics off.
PHYSICS = {
    "solver": "barnesHut",
    "barnesHut": {
        "theta": 1.0,
        "gravitationalConstant": -6000,
        "centralGravity": 0.35,
        "springLength": 120,
        "springConstant": 0.03,
        "damping": 0.35,
        "avoidOverlap": 0,
    },
    "maxVelocity": 60,
    "minVelocity": 1.0,
    "timestep": 0.5,
    "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 50, "fit": True},
}
OPTIONS = {
    "physics": PHYSICS,
    "layout": {"improvedLayout": False, "randomSeed": 7},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": False, "multiselect": False},
    "nodes": {
        "shape": "dot",
        "font": {"size": 13, "strokeWidth": 3, "strokeColor": "#ffffff"},
        "borderWidth": 1,
    },
    "edges": {"smooth": False, "width": 1.2, "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}}},
}
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)
STYLE = """
html, body { margin: 0; height: 100%; font: 14px/1.35 system-ui, sans-serif; color: #222; }
body { display: flex; flex-direction: column; }
#citegraph-header { padding: 8px 12px; border-bottom: 1px solid #ddd; background: #fafafa; }
#citegraph-header h1 { font-size: 16px; margin: 0 0 4px 0; }
#citegraph-header .meta, #citegraph-header .note { color: #555; font-size: 13px; }
#left-out { color: #9a3412; background: #fff7ed; border: 1px solid #fdba74; padding: 3px 8px;
  margin: 4px 0; display: inline-block; border-radius: 4px; }
#legend { margin-top: 4px; display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center; }
#legend label { cursor: pointer; white-space: nowrap; }
.dot { display: inline-block; width: 12px; height: 12px; border-radius: 6px; vertical-align: -1px; }
.line { display: inline-block; width: 22px; height: 0; border-top: 3px solid; vertical-align: 3px; }
.line.dashed { border-top-style: dashed; }
#search { margin-left: auto; width: 240px; padding: 3px 6px; }
#status { color: #555; font-size: 12px; margin-left: 8px; }
main { flex: 1; display: flex; min-height: 0; }
#network { flex: 1; min-width: 0; }
#details { width: 320px; overflow-y: auto; border-left: 1px solid #ddd; padding: 10px 12px;
  font-size: 13px; background: #fff; }
#details a { display: inline-block; margin-right: 10px; }
#details code { display: block; background: #f4f4f4; padding: 4px 6px; margin-top: 8px;
  word-break: break-all; white-space: pre-wrap; }
div.vis-tooltip { white-space: pre-wrap !important; max-width: 420px; font: 13px/1.35 system-ui,
  sans-serif !important; padding: 8px !important; background: #fffef5 !important; }
.tip-name { font-weight: 600; }
.tip-type { color: #666; font-size: 12px; margin-bottom: 4px; }
.tip-excerpt { margin: 4px 0; color: #333; }
.tip-fact b { font-weight: 600; }
.tip-link { color: #1d4ed8; }
"""
APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var state = { settled: false, settleMs: null, requests: [] };
  window.citegraph = state;
  var status = document.getElementById("status");
  var panel = document.getElementById("details");

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function describe(info, forPanel) {
    var box = el("div", null, "tip");
    box.appendChild(el("div", info.name, "tip-name"));
    box.appendChild(el("div", info.type, "tip-type"));
    if (info.excerpt) box.appendChild(el("div", info.excerpt, "tip-excerpt"));
    (info.facts || []).forEach(function (f) {
      var row = el("div", null, "tip-fact");
      row.appendChild(el("b", f[0] + ": "));
      row.appendChild(document.createTextNode(f[1]));
      box.appendChild(row);
    });
    (info.links || []).forEach(function (l) {
      if (forPanel && /^https?:\/\//.test(l[1])) {
        var a = el("a", l[0]);
        a.href = l[1];
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        box.appendChild(a);
      } else {
        box.appendChild(el("div", l[0] + ": " + l[1], "tip-link"));
      }
    });
    if (forPanel && info.cmd) box.appendChild(el("code", info.cmd));
    return box;
  }
  var infoById = {};
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    infoById[n.id] = n.info;
    var copy = Object.assign({}, n);
    delete copy.info;
    copy.title = describe(n.info, false);
    return copy;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return Object.assign({ id: "e" + i }, e);
  }));
  var network = new vis.Network(document.getElementById("network"), { nodes: nodes, edges: edges }, data.options);
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;

  network.on("stabilizationProgress", function (p) {
    status.textContent = "laying out " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    state.settleMs = performance.now();
    state.settled = true;
    status.textContent = "layout done; drag nodes to rearrange";
  });

  function show(content) {
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    panel.appendChild(content);
  }
  function showNode(id) {
    if (infoById[id]) show(describe(infoById[id], true));
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) {
      var e = edges.get(p.edges[0]);
      var box = el("div");
      box.appendChild(el("div", nodes.get(e.from).label || infoById[e.from].name, "tip-type"));
      box.appendChild(el("div", e.title, "tip-excerpt"));
      box.lastChild.style.whiteSpace = "pre-wrap";
      show(box);
    }
  });

  document.querySelectorAll("#legend input[data-group]").forEach(function (box) {
    box.addEventListener("change", function () {
      var group = box.getAttribute("data-group");
      nodes.update(nodes.getIds({ filter: function (n) { return n.group === group; } })
        .map(function (id) { return { id: id, hidden: !box.checked }; }));
    });
  });
  document.querySelectorAll("#legend input[data-rel]").forEach(function (box) {
    box.addEventListener("change", function () {
      var rel = box.getAttribute("data-rel");
      edges.update(edges.getIds({ filter: function (e) { return e.rel === rel; } })
        .map(function (id) { return { id: id, hidden: !box.checked }; }));
    });
  });

  var names = document.getElementById("names");
  Object.keys(infoById).forEach(function (id) {
    var o = document.createElement("option");
    o.value = infoById[id].name;
    names.appendChild(o);
  });
  var search = document.getElementById("search");
  function find() {
    var q = search.value.trim().toLowerCase();
    if (!q) return;
    var ids = Object.keys(infoById);
    var hit = ids.filter(function (id) { return infoById[id].name.toLowerCase() === q; })[0] ||
      ids.filter(function (id) { return infoById[id].name.toLowerCase().indexOf(q) >= 0; })[0];
    if (!hit) { status.textContent = "no drawn node matches"; return; }
    network.selectNodes([hit]);
    network.focus(hit, { scale: 1.2, animation: { duration: 400 } });
    showNode(hit);
  }
  search.addEventListener("change", find);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") find(); });
  if (data.focus && infoById[data.focus]) {
    network.selectNodes([data.focus]);
    showNode(data.focus);
  }
})();
"""


def render_html(view: View) -> str:
    """A self-contained page: vis-network inlined, every text escaped, no request allowed out."""
    lib = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    vis_js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (lib / "vis-network.css").read_text(encoding="utf-8")
    options = json.loads(json.dumps(OPTIONS))
    # Bigger views are drawn zoomed out: larger label text keeps the labels readable.
    options["nodes"]["font"]["size"] = view.font_size or round(
        13 * max(1.0, math.sqrt(len(view.nodes) / 150))
    )
    options["physics"]["barnesHut"].update(view.physics)
    data = {"nodes": view.nodes, "edges": view.edges, "options": options, "focus": view.focus}
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{html.escape(view.title)} · citegraph</title>\n",
            f"<style>{vis_css}</style>\n<style>{STYLE}</style>\n",
            f"<script>{_script_safe(vis_js)}</script>\n</head>\n<body>\n",
            _header(view),
            '<main><div id="network"></div>',
            '<aside id="details">Click a node or a link for details; hover for a summary.</aside></main>\n',
            f'<script id="graph-data" type="application/json">{_json(data)}</script>\n',
            f"<script>{APP_JS}</script>\n</body>\n</html>\n",
        ]
    )


def _json(data: Any) -> str:
    """JSON that cannot end the script element it sits in."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _script_safe(code: str) -> str:
    return code.replace("</script", "<\\/script")


def _header(view: View) -> str:
    esc = html.escape
    groups = list(dict.fromkeys(n["group"] for n in view.nodes))
    groups.sort(key=lambda g: list(COLOURS).index(g) if g in COLOURS else 99)
    legend = [
        f'<label><input type="checkbox" checked data-group="{esc(g)}"> '
        f'<span class="dot" style="background:{COLOURS.get(g, "#999999")}"></span> {esc(g)}</label>'
        for g in groups
    ]
    rels = [r for r in EDGE_COLOURS if any(e.get("rel") == r for e in view.edges)]
    legend += [
        f'<label><input type="checkbox" checked data-rel="{esc(r)}"> '
        f'<span class="line{" dashed" if r in DASHED else ""}" style="border-color:{EDGE_COLOURS[r]}"></span>'
        f" {esc(r)}</label>"
        for r in rels
    ]
    left_out = ""
    if view.left_out:
        left_out = (
            f'<div id="left-out">{view.left_out} more nodes are not drawn; '
            f"{esc(view.hint or 'raise --limit to draw them')}.</div>"
        )
    notes = "".join(f'<div class="note">{esc(n)}</div>' for n in view.notes)
    return (
        '<header id="citegraph-header">'
        f"<h1>{esc(view.title)}</h1>"
        f'<div class="meta">{len(view.nodes)} nodes, {len(view.edges)} links · size: {esc(view.size_by)}'
        " · labels on the largest nodes · hover for a summary, click for details"
        '<span id="status">laying out…</span></div>'
        f"{notes}{left_out}"
        f'<div id="legend">{"".join(legend)}'
        '<input id="search" type="search" list="names" placeholder="find a drawn node" aria-label="find a node">'
        '<datalist id="names"></datalist></div>'
        "</header>\n"
    )
