"""PageRank and communities inside Neo4j, through the Graph Data Science plugin.

For graphs too large to read into NetworkX: the graph is projected in the
database (the same shapes as ``graph.analytics.projection`` builds), the
algorithm streams its answer back, and the projection is dropped again. Every
function returns what its NetworkX counterpart returns, keyed ``Label:id``
(``projection.key``), so ``citegraph report --engine gds`` can use either:

- ``pagerank(store)``: PageRank of the undirected paper–entity graph, like
  ``centrality.pagerank(projection.papers)``;
- ``citation_pagerank(store)``: PageRank of the directed citation graph, like
  ``centrality.pagerank(projection.citations)``;
- ``louvain(store)``: Louvain communities of the weighted entity co-occurrence
  graph, like ``communities.membership(communities.louvain(cooccurrence(...)))``:
  0 is the largest community.

Scores are scaled to sum to 1, as NetworkX's do. Nodes without any edge in a
projection are absent from its answer (NetworkX gives them the smallest score
and a community of their own). Louvain in GDS is not seeded: on ties two runs
may split a community differently.

``available(store)`` says whether this can run at all (a Neo4j store whose
server answers ``gds.version()``). Needs the ``graphdatascience`` package.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from graph.analytics.projection import key
from graph.errors import StoreError
from graph.stores import neo4j_cypher as cy


def available(store: Any) -> bool:
    """True when ``store`` is a Neo4j store whose server has the GDS plugin."""
    if getattr(store, "name", None) != "neo4j":
        return False
    try:
        with _client(store) as gds:
            gds.server_version()
    except StoreError:
        return False
    return True


def pagerank(store: Any) -> dict[str, float]:
    """PageRank of papers and entities on the paper–entity graph: ``{"Label:id": score}``."""
    with _client(store) as gds, _projected(gds, cy.GDS_PROJECT_PAPERS) as graph:
        rows = _run(gds, cy.GDS_PAGERANK, {"graph": graph})
    return _normalised({key(r["label"], r["id"]): float(r["score"]) for r in rows})


def citation_pagerank(store: Any) -> dict[str, float]:
    """PageRank of papers on the citation graph: ``{"Paper:id": score}``."""
    with _client(store) as gds, _projected(gds, cy.GDS_PROJECT_CITATIONS) as graph:
        rows = _run(gds, cy.GDS_PAGERANK, {"graph": graph})
    return _normalised({key(r["label"], r["id"]): float(r["score"]) for r in rows})


def louvain(store: Any) -> dict[str, int]:
    """Community of each entity on the co-occurrence graph: ``{"Label:id": community}``, 0 the largest."""
    with _client(store) as gds, _projected(gds, cy.GDS_PROJECT_COOCCURRENCE) as graph:
        rows = _run(gds, cy.GDS_LOUVAIN, {"graph": graph})
    members: dict[int, list[str]] = {}
    for r in rows:
        members.setdefault(int(r["community"]), []).append(key(r["label"], r["id"]))
    ordered = sorted(members.values(), key=lambda ms: (-len(ms), min(ms)))
    return {node: i for i, ms in enumerate(ordered) for node in ms}


# -- plumbing -----------------------------------------------------------------------------


@contextmanager
def _client(store: Any) -> Iterator[Any]:
    """A GraphDataScience client on the store's server (its own connection, closed after)."""
    if getattr(store, "name", None) != "neo4j":
        raise StoreError("the gds engine needs the Neo4j store (--neo4j URI or NEO4J_URI)")
    try:
        from graphdatascience import GraphDataScience
    except ImportError:
        raise StoreError(
            "the gds engine needs the graphdatascience package (pip install -e '.[gds]')"
        ) from None
    try:
        gds = GraphDataScience(
            store.uri, auth=store.auth, database=store.database, arrow=False, show_progress=False
        )
    except Exception as exc:  # the client raises its own and the driver's errors
        raise StoreError(
            f"{_where(store)}: Graph Data Science does not answer ({_first_line(exc)})"
        ) from None
    try:
        yield gds
    finally:
        gds.close()


@contextmanager
def _projected(gds: Any, statement: str) -> Iterator[str | None]:
    """Project a named in-memory graph with ``statement``; drop it whatever happens."""
    name = f"citegraph-{uuid.uuid4().hex[:12]}"
    made = _run(gds, statement, {"graph": name})
    if not made or not made[0].get("nodes"):
        _run(gds, cy.GDS_DROP, {"graph": name})
        yield None  # nothing to project: the algorithm has nothing to say
        return
    try:
        yield name
    finally:
        _run(gds, cy.GDS_DROP, {"graph": name})


def _run(gds: Any, statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    if params.get("graph", "") is None:
        return []
    try:
        return gds.run_cypher(statement, params).to_dict("records")
    except Exception as exc:
        raise StoreError(f"Graph Data Science call failed ({_first_line(exc)})") from None


def _normalised(scores: dict[str, float]) -> dict[str, float]:
    total = sum(scores.values())
    return {k: v / total for k, v in scores.items()} if total > 0 else scores


def _where(store: Any) -> str:
    from graph.stores.neo4j import redact

    return redact(store.uri)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
