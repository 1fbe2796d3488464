"""Every Cypher statement the Neo4j store sends, as named constants, and nothing else.

Keeping them in one module makes them checkable without a server: the test
suite runs every statement LadybugDB also accepts against a real LadybugDB with
real parameters, and parses the ones in ``NEO4J_ONLY`` (constraints, the
full-text index, the search call, GDS calls) with a Neo4j Cypher parser.

Labels, relationship types and property names in these statements come from
the fixed vocabulary in ``graph.schema``/``graph.stores.base``, never from
input; every value travels as a parameter (``$rows``, ``$ids``, ``$text``...).
Statements that depend on a label or type are dicts keyed by it.
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.schema import ENTITY_TYPES
from graph.stores.base import MENTION_RELS, NODE_LABELS, REL_TYPES, SCORE_PROPERTIES

# -- vocabulary ---------------------------------------------------------------------------

PAPER_PROPERTIES = (
    "title",
    "abstract",
    "title_key",
    "arxiv_id",
    "doi",
    "openalex_id",
    "s2_id",
    "published",
    "url",
    "venue",
    "categories",
    "citation_count",
    "sources",
    "reference_only",
)
ENTITY_PROPERTIES = ("name", "aliases", "family", "size", "variant")
NODE_PROPERTIES: dict[str, tuple[str, ...]] = {
    "Paper": PAPER_PROPERTIES,
    **dict.fromkeys(ENTITY_TYPES, ENTITY_PROPERTIES),
    "Author": ("name",),
}
# (type, start label, end label) -> (properties that tell two relationships apart, other properties).
# The same keys the embedded store deduplicates on, so both stores hold the same relationships.
REL_PATTERNS: dict[tuple[str, str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    **{(rel, "Paper", t): ((), ("mention", "evidence")) for rel in MENTION_RELS for t in ENTITY_TYPES},
    ("REPORTS", "Paper", "Benchmark"): (("value", "metric", "model"), ("delta", "evidence")),
    **{("VARIANT_OF", t, t): ((), ()) for t in ENTITY_TYPES},
    ("CITES", "Paper", "Paper"): (("source",), ("evidence",)),
    ("AUTHORED", "Author", "Paper"): ((), ("position",)),
}
FULLTEXT_INDEX_NAME = "citegraph_paper_text"


def _sets(var: str, props: tuple[str, ...]) -> str:
    return ", ".join(f"{var}.{p} = r.{p}" for p in props)


def _merge_rel(rel: str, start: str, end: str) -> str:
    keys, others = REL_PATTERNS[(rel, start, end)]
    key_map = " {" + ", ".join(f"{p}: r.{p}" for p in keys) + "}" if keys else ""
    tail = f" ON CREATE SET {_sets('x', others)}" if others else ""
    return (
        f"UNWIND $rows AS r MATCH (a:{start} {{id: r.from}}) MATCH (b:{end} {{id: r.to}}) "
        f"MERGE (a)-[x:{rel}{key_map}]->(b){tail}"
    )


# -- schema (Neo4j only) ------------------------------------------------------------------

CONSTRAINTS: dict[str, str] = {
    label: f"CREATE CONSTRAINT citegraph_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
    for label in NODE_LABELS
}
FULLTEXT_INDEX = (
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX_NAME} IF NOT EXISTS FOR (p:Paper) ON EACH [p.title, p.abstract]"
)
# Full-text search; $text is a Lucene query (the store escapes what a user types).
SEARCH = (
    f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX_NAME}', $text) YIELD node, score "
    "RETURN node.id AS id, node.title AS title, node.published AS published, score "
    "ORDER BY score DESC, title LIMIT $top"
)

# -- reading (both dialects) --------------------------------------------------------------

COUNT_NODES: dict[str, str] = {label: f"MATCH (n:{label}) RETURN count(n) AS n" for label in NODE_LABELS}
COUNT_RELS: dict[str, str] = {rel: f"MATCH ()-[r:{rel}]->() RETURN count(r) AS n" for rel in REL_TYPES}
PAPER_IDENTITIES = (
    "MATCH (p:Paper) RETURN p.id AS id, p.title AS title, p.arxiv_id AS arxiv_id, p.doi AS doi, "
    "p.openalex_id AS openalex_id, p.s2_id AS s2_id"
)
PAPER_FIELDS = tuple(p for p in PAPER_PROPERTIES if p not in ("title_key", "reference_only"))
PAPERS_BY_ID = "MATCH (p:Paper) WHERE p.id IN $ids RETURN p.id AS id, " + ", ".join(
    f"p.{p} AS {p}" for p in PAPER_FIELDS
)
PROPOSALS: dict[str, str] = {
    label: f"MATCH (p:Paper)-[:PROPOSES]->(e:{label}) RETURN p.id AS paper, e.name AS name"
    for label in ENTITY_TYPES
}

# -- writing (both dialects) --------------------------------------------------------------

# Papers: rows are already merged with what the store held (graph.schema.Paper.merged), so SET is right.
MERGE_PAPERS = "UNWIND $rows AS r MERGE (p:Paper {id: r.id}) SET " + _sets("p", PAPER_PROPERTIES)
# Entities and authors: the first write of a node wins, as in the embedded store.
MERGE_NODES: dict[str, str] = {
    label: f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) ON CREATE SET "
    + _sets("n", NODE_PROPERTIES[label])
    for label in NODE_LABELS
    if label != "Paper"
}
MERGE_RELS: dict[tuple[str, str, str], str] = {pattern: _merge_rel(*pattern) for pattern in REL_PATTERNS}
SET_SCORE: dict[tuple[str, str], str] = {
    (label, prop): f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) SET n.{prop} = r.value"
    for label in NODE_LABELS
    for prop in SCORE_PROPERTIES
}

# -- Graph Data Science (Neo4j with the GDS plugin only) ----------------------------------

_MENTIONS = "|".join(MENTION_RELS)
# The paper–entity graph of graph.analytics.projection: papers read from files, undirected, one edge a pair.
GDS_PROJECT_PAPERS = (
    f"MATCH (p:Paper)-[:{_MENTIONS}]->(e) WHERE p.reference_only = false "
    "WITH DISTINCT p, e "
    "WITH gds.graph.project($graph, p, e, {}, {undirectedRelationshipTypes: ['*']}) AS g "
    "RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships"
)
# The directed citation graph.
GDS_PROJECT_CITATIONS = (
    "MATCH (a:Paper)-[:CITES]->(b:Paper) "
    "WITH gds.graph.project($graph, a, b) AS g "
    "RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships"
)
# Entity co-occurrence (graph.analytics.cooccurrence): weight = papers naming both entities.
GDS_PROJECT_COOCCURRENCE = (
    f"MATCH (a)<-[:{_MENTIONS}]-(p:Paper)-[:{_MENTIONS}]->(b) "
    "WHERE p.reference_only = false AND elementId(a) < elementId(b) "
    "WITH a, b, count(DISTINCT p) AS weight "
    "WITH gds.graph.project($graph, a, b, {relationshipProperties: {weight: weight}}, "
    "{undirectedRelationshipTypes: ['*']}) AS g "
    "RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships"
)
GDS_PAGERANK = (
    "CALL gds.pageRank.stream($graph, {dampingFactor: 0.85}) YIELD nodeId, score "
    "WITH gds.util.asNode(nodeId) AS n, score "
    "RETURN labels(n)[0] AS label, n.id AS id, score"
)
GDS_LOUVAIN = (
    "CALL gds.louvain.stream($graph, {relationshipWeightProperty: 'weight'}) YIELD nodeId, communityId "
    "WITH gds.util.asNode(nodeId) AS n, communityId "
    "RETURN labels(n)[0] AS label, n.id AS id, communityId AS community"
)
GDS_DROP = "CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName"

# -- registry -----------------------------------------------------------------------------

# Statements only Neo4j understands: never run on LadybugDB, checked by a Cypher parser and
# by the neo4j integration tests.
NEO4J_ONLY: list[str] = [
    *CONSTRAINTS.values(),
    FULLTEXT_INDEX,
    SEARCH,
    GDS_PROJECT_PAPERS,
    GDS_PROJECT_CITATIONS,
    GDS_PROJECT_COOCCURRENCE,
    GDS_PAGERANK,
    GDS_LOUVAIN,
    GDS_DROP,
]
# Of those, what the parser used in the tests (graphglot) cannot read, though Neo4j 5 does:
# CREATE FULLTEXT INDEX is outside its grammar, and it takes `drop` for a reserved word.
# These are checked by the neo4j integration tests only.
PARSER_UNSUPPORTED: list[str] = [FULLTEXT_INDEX, GDS_DROP]


def statements() -> Iterator[tuple[str, str]]:
    """(name, statement) of every statement in this module, dict entries named ``NAME[key]``."""
    for name, value in sorted(globals().items()):
        if not name.isupper() or name.startswith("_") or name in ("NEO4J_ONLY", "PARSER_UNSUPPORTED"):
            continue
        if isinstance(value, str) and _is_cypher(value):
            yield name, value
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, str) and _is_cypher(v):
                    yield f"{name}[{k if isinstance(k, str) else ' '.join(k)}]", v


def _is_cypher(text: str) -> bool:
    return text.split(" ", 1)[0] in ("MATCH", "UNWIND", "CREATE", "CALL", "WITH", "MERGE")
