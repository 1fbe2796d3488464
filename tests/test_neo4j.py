"""The Neo4j store, with and without a server.

Without a server: every statement of graph/stores/neo4j_cypher.py that LadybugDB
also accepts is run against a real LadybugDB with the rows the Neo4j store
would send, and must rebuild the example graph exactly; the Neo4j-only ones are
parsed as Neo4j Cypher; connection failures are one-line errors.

With a server (NEO4J_URI set, an empty database): the README's whole flow, marked
``neo4j`` and skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import os

import pytest

import queries
from graph.errors import CitegraphError
from graph.export import push, read_batch
from graph.schema import (
    ENTITY_TYPES,
    AuthorNode,
    Authorship,
    Citation,
    GraphBatch,
    Link,
    Paper,
    ResultLink,
)
from graph.stores import neo4j_cypher as cy
from graph.stores.base import MENTION_RELS, NODE_LABELS, REL_TYPES
from graph.stores.ladybug import LadybugStore
from graph.stores.neo4j import lucene_escape, node_rows, paper_rows, redact, rel_rows, score_rows
from tests.conftest import EXAMPLES, invoke
from tests.test_queries import SAMPLE_PARAMS

PORTABLE = {name: s for name, s in cy.statements() if s not in cy.NEO4J_ONLY}


# -- every portable statement, run on LadybugDB with the Neo4j store's rows ----------------


class Recorder:
    """Runs statements on a LadybugDB store and remembers which ones ran."""

    def __init__(self, store: LadybugStore):
        self.store = store
        self.ran: set[str] = set()

    def run(self, statement: str, params: dict | None = None):
        assert statement in PORTABLE.values(), "only statements of neo4j_cypher.py"
        self.ran.add(statement)
        return self.store.query(statement, params)

    def write(self, batch) -> None:
        """What Neo4jStore.write sends, in its order: papers (merged with the stored ones), nodes, rels."""
        stored = self.run(cy.PAPERS_BY_ID, {"ids": [p.id for p in batch.papers]}).records()
        rows, _, _ = paper_rows(
            batch.papers, [Paper(**{k: v for k, v in r.items() if v is not None}) for r in stored]
        )
        if rows:
            self.run(cy.MERGE_PAPERS, {"rows": rows})
        for label, rows in node_rows(batch).items():
            self.run(cy.MERGE_NODES[label], {"rows": rows})
        for pattern, rows in rel_rows(batch).items():
            self.run(cy.MERGE_RELS[pattern], {"rows": rows})


@pytest.fixture(scope="module")
def example(example_db):
    store = LadybugStore(example_db, read_only=True)
    yield store
    store.close()


def complete_batch(example: LadybugStore) -> GraphBatch:
    """The example graph plus what the examples lack: a paper with every field, an author, and a
    link of every relationship pattern, so that every write statement meets real rows."""
    batch = read_batch(example)
    first = {t: next(e.id for e in batch.entities if e.type == t) for t in ENTITY_TYPES}
    paper = Paper(
        id="arxiv:2401.00001",
        title="A Paper With Every Field",
        abstract="It fine-tunes with DPO and reports numbers.",
        arxiv_id="2401.00001",
        doi="10.1000/every.field",
        openalex_id="W1",
        s2_id="S1",
        published="2024-01-02",
        url="https://arxiv.org/abs/2401.00001",
        venue="ICML",
        categories=["cs.CL", "cs.LG"],
        citation_count=12,
        sources=["complete.json"],
    )
    cited = batch.papers[0].id
    return batch.model_copy(
        update={
            "papers": [*batch.papers, paper],
            "links": [
                *batch.links,
                *(
                    Link(
                        paper_id=paper.id,
                        rel=rel,
                        entity_type=t,
                        entity_id=first[t],
                        mention="m",
                        evidence="e",
                    )
                    for rel in MENTION_RELS
                    for t in ENTITY_TYPES
                ),
            ],
            "results": [
                *batch.results,
                ResultLink(
                    paper_id=paper.id,
                    benchmark_id=first["Benchmark"],
                    value=71.5,
                    metric="accuracy",
                    evidence="e",
                ),
            ],
            "citations": [*batch.citations, Citation(src_id=paper.id, dst_id=cited, source="openalex")],
            "authors": [*batch.authors, AuthorNode(id="author:ada-lovelace", name="Ada Lovelace")],
            "authorships": [
                *batch.authorships,
                Authorship(author_id="author:ada-lovelace", paper_id=paper.id, position=0),
            ],
        }
    )


@pytest.fixture(scope="module")
def graphs(example, tmp_path_factory):
    """The same batch written twice by the Neo4j store's statements, and once by LadybugStore.write."""
    root = tmp_path_factory.mktemp("rebuilt")
    batch = complete_batch(example)
    expected = LadybugStore(root / "expected.db")
    expected.write(batch)
    store = LadybugStore(root / "rebuilt.db")
    recorder = Recorder(store)
    recorder.write(batch)
    recorder.first_counts = store.counts()
    recorder.write(batch)  # idempotent: the second write adds nothing
    yield recorder, expected
    store.close()
    expected.close()


@pytest.fixture(scope="module")
def rebuilt(graphs):
    return graphs[0]


def test_neo4j_write_statements_build_what_the_embedded_store_builds(graphs):
    rebuilt, expected = graphs
    assert rebuilt.first_counts == expected.counts()
    assert rebuilt.first_counts.nodes["Author"] == 1
    assert _by_id(read_batch(rebuilt.store)) == _by_id(read_batch(expected))


def test_writing_the_same_batch_again_adds_nothing(graphs):
    rebuilt, expected = graphs
    assert rebuilt.store.counts() == rebuilt.first_counts == expected.counts()


def _by_id(batch: GraphBatch) -> dict:
    """A batch with its lists in a fixed order, to compare two stores' contents."""
    data = batch.model_dump()
    return {k: sorted(v, key=repr) for k, v in data.items()}


def test_count_statements_agree_with_the_store(rebuilt):
    counts = rebuilt.store.counts()
    for label in NODE_LABELS:
        assert rebuilt.run(cy.COUNT_NODES[label]).rows == [[counts.nodes[label]]], label
    for rel in REL_TYPES:
        assert rebuilt.run(cy.COUNT_RELS[rel]).rows == [[counts.relationships[rel]]], rel


def test_identity_and_proposal_statements_give_what_ingest_needs(rebuilt):
    rows = rebuilt.run(cy.PAPER_IDENTITIES).records()
    assert sorted(r["id"] for r in rows) == sorted(pid for pid, _ in rebuilt.store.paper_identities())
    assert {r["doi"] for r in rows} == {None, "10.1000/every.field"}
    proposals = {
        (paper, label, name)
        for label in cy.PROPOSALS
        for paper, name in rebuilt.run(cy.PROPOSALS[label]).rows
    }
    assert proposals == set(rebuilt.store.proposals())
    assert proposals, "the examples propose things"


def test_a_paper_read_again_from_another_file_is_merged_not_duplicated(rebuilt):
    some = rebuilt.run(cy.PAPERS_BY_ID, {"ids": ["arxiv:2401.00001"]})
    stored = Paper(**{k: v for k, v in some.records()[0].items() if v is not None})
    assert stored.citation_count == 12 and stored.categories == ["cs.CL", "cs.LG"]
    again = stored.model_copy(update={"sources": ["another-dump.json"]})
    rows, new, updated = paper_rows([again], [stored])
    assert (new, updated) == (0, 1)
    rebuilt.run(cy.MERGE_PAPERS, {"rows": rows})
    after = rebuilt.run(cy.PAPERS_BY_ID, {"ids": [stored.id]}).records()
    assert len(after) == 1
    assert after[0]["sources"] == [*stored.sources, "another-dump.json"]


def test_score_statements_write_every_score(rebuilt):
    ids = [r[0] for r in rebuilt.store.query("MATCH (t:Technique) RETURN t.id ORDER BY t.id LIMIT 3").rows]
    rows = [
        {"id": i, "pagerank": 0.5 + n, "degree": n, "betweenness": 0.25, "community": 7}
        for n, i in enumerate(ids)
    ]
    for prop, values in score_rows(rows).items():
        rebuilt.run(cy.SET_SCORE[("Technique", prop)], {"rows": values})
    for label in NODE_LABELS:  # the same statements for every label
        for prop, values in score_rows([{"id": "no-such-node", "pagerank": 1.0, "community": 1}]).items():
            rebuilt.run(cy.SET_SCORE[(label, prop)], {"rows": values})
        for prop in ("degree", "betweenness"):
            rebuilt.run(cy.SET_SCORE[(label, prop)], {"rows": [{"id": "no-such-node", "value": 1}]})
    got = rebuilt.store.query(
        "MATCH (t:Technique) WHERE t.id IN $ids RETURN t.id, t.pagerank, t.degree, t.community ORDER BY t.id",
        {"ids": ids},
    ).rows
    assert got == [[i, 0.5 + n, n, 7] for n, i in enumerate(ids)]


def test_every_statement_ladybug_accepts_was_run(rebuilt):
    # Runs last in this group (pytest keeps file order): the tests above use every statement.
    missing = sorted(name for name, s in PORTABLE.items() if s not in rebuilt.ran)
    assert not missing, f"statements never executed against LadybugDB: {missing}"


# -- Neo4j-only statements: parsed as Neo4j Cypher -----------------------------------------


def test_neo4j_only_statements_parse_as_neo4j_cypher():
    from graphglot.dialect import Dialect

    neo4j = Dialect.get_or_raise("neo4j")
    assert not neo4j.validate("CREATE CONSTRAINT c FOR (n:Paper REQUIRE n.id IS UNIQUE").success
    checked = [s for s in cy.NEO4J_ONLY if s not in cy.PARSER_UNSUPPORTED]
    assert len(checked) >= len(cy.NEO4J_ONLY) - 2
    for statement in checked:
        result = neo4j.validate(statement)
        assert result.success, f"{statement}\n{result.error or result.diagnostics}"


def test_neo4j_only_statements_are_rejected_by_ladybug(example):
    """If LadybugDB ever accepts one, it belongs in the executed set instead."""
    for statement in [cy.CONSTRAINTS["Paper"], cy.FULLTEXT_INDEX, cy.SEARCH]:
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do
            example.query(statement, {"text": "x", "top": 1})


def test_statements_carry_no_values_only_parameters():
    import re

    fixed = {cy.FULLTEXT_INDEX_NAME, "weight", "*"}  # names in the code, never input
    for name, statement in cy.statements():
        assert set(re.findall(r"'([^']*)'", statement)) <= fixed, name
        assert "$" in statement or statement.startswith(("MATCH", "CREATE")), name


# -- search on the embedded store ----------------------------------------------------------


def test_search_finds_papers_by_title_or_abstract_in_any_case(runner, example_db):
    result = invoke(runner, "search", "PREFERENCE optimization", "--db", example_db, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and list(rows[0]) == ["id", "title", "published", "score"]
    for r in rows:
        assert r["score"] in (1.0, 2.0)
    titled = [r for r in rows if r["score"] == 2.0]
    assert all("preference optimization" in r["title"].lower() for r in titled)
    assert rows == sorted(rows, key=lambda r: (-r["score"], r["title"]))


def test_search_text_is_a_value_not_cypher(runner, example_db):
    result = invoke(runner, "search", "x' OR 1=1 //", "--db", example_db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []


def test_search_refuses_empty_text(runner, example_db):
    result = invoke(runner, "search", "  ", "--db", example_db)
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error:") and "empty" in result.output


def test_lucene_escape_keeps_words_and_neutralises_operators():
    assert lucene_escape("GPT-4: (RLHF) && DPO?") == r"GPT\-4\: \(RLHF\) \&& DPO\?"
    assert lucene_escape("plain words") == "plain words"


# -- no server: one-line errors naming the URI ---------------------------------------------


@pytest.fixture
def no_neo4j_env(monkeypatch):
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize(
    "args",
    [
        ("stats",),
        ("query", "top-techniques"),
        ("search", "dpo"),
        ("report",),
        ("view", "-o", "unused.html"),
        ("ingest", str(EXAMPLES)),
        ("export", "unused-dir"),
    ],
)
def test_every_command_reaches_for_the_neo4j_uri_it_is_given(
    runner, no_neo4j_env, args, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    result = invoke(runner, *args, "--neo4j", "bolt://127.0.0.1:1")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Error: bolt://127.0.0.1:1: cannot reach the Neo4j server"
    ), result.output
    assert "Traceback" not in result.output


def test_neo4j_uri_from_the_environment_selects_the_neo4j_store(runner, no_neo4j_env, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j://127.0.0.1:1")
    result = invoke(runner, "stats")
    assert result.exit_code == 1
    assert result.output.startswith("Error: neo4j://127.0.0.1:1: cannot reach")


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("http://localhost:7474", "not a Bolt URI"),
        ("localhost", "not a Bolt URI"),
        ("bolt://localhost:port", "not a valid URI"),
        ("bolt://nosuchhost.invalid:7687", "cannot reach the Neo4j server"),
    ],
)
def test_bad_uris_are_one_line_errors(runner, no_neo4j_env, uri, message):
    result = invoke(runner, "stats", "--neo4j", uri)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and message in result.output and uri in result.output


def test_push_needs_a_server_and_says_so(runner, no_neo4j_env, example_db):
    result = invoke(runner, "push", "--db", example_db)
    assert result.exit_code == 1 and "--neo4j URI" in result.output
    result = invoke(runner, "push", "--db", example_db, "--neo4j", "bolt://127.0.0.1:1")
    assert result.exit_code == 1 and result.output.startswith("Error: bolt://127.0.0.1:1: cannot reach")


def test_messages_never_show_a_password_in_a_uri():
    assert redact("neo4j://me:secret@db.example:7687") == "neo4j://db.example:7687"
    assert redact("bolt://localhost:7687") == "bolt://localhost:7687"


# -- with a server -------------------------------------------------------------------------

NEO4J_URI = os.environ.get("NEO4J_URI")
needs_server = pytest.mark.skipif(
    not NEO4J_URI,
    reason="NEO4J_URI is not set: start the server (README, Neo4j: docker compose up -d) and export "
    "NEO4J_URI and NEO4J_PASSWORD to run these",
)
CLEAR = "MATCH (n) DETACH DELETE n"


@pytest.fixture(scope="module")
def server():
    """The Neo4j store at NEO4J_URI, which must start empty; emptied again afterwards."""
    from graph.stores.neo4j import Neo4jStore

    store = Neo4jStore.from_env()
    if sum(store.counts().nodes.values()):
        store.close()
        pytest.skip(
            "the database at NEO4J_URI holds data; these tests need an empty one (they empty it after)"
        )
    yield store
    with store._session(write=True) as session:
        session.run(CLEAR).consume()
    store.close()


@pytest.mark.neo4j
@needs_server
class TestOnAServer:
    """The README's Neo4j commands, in order, against the server."""

    def test_ingest_gives_the_same_graph_as_the_embedded_store(self, runner, server, example):
        result = invoke(runner, "ingest", EXAMPLES, "--neo4j", NEO4J_URI, "--quiet")
        assert result.exit_code == 0, result.output
        assert server.counts() == example.counts()
        assert _by_id(read_batch(server)) == _by_id(read_batch(example))

    def test_ingest_again_adds_nothing(self, runner, server, example):
        result = invoke(runner, "ingest", EXAMPLES, "--neo4j", NEO4J_URI)
        assert result.exit_code == 0 and "nothing new" in result.output
        assert server.counts() == example.counts()

    @pytest.mark.parametrize("name", sorted(queries.catalog()))
    def test_every_catalog_query_answers_as_on_the_embedded_store(self, server, example, name):
        q = queries.catalog()[name]
        params = {p: SAMPLE_PARAMS[p] for p in q.required}
        there, here = queries.run(server, name, params), queries.run(example, name, params)
        assert there.columns == here.columns
        assert len(there.rows) == len(here.rows)
        if len(here.rows) < q.defaults.get("limit", len(here.rows) + 1):  # no ties cut off at the limit
            assert sorted(map(repr, there.rows)) == sorted(map(repr, here.rows))

    def test_search_uses_the_full_text_index(self, runner, server):
        result = invoke(runner, "search", "preference optimization", "--neo4j", NEO4J_URI, "--format", "json")
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)
        assert rows and all(r["score"] > 0 for r in rows)

    def test_push_of_the_same_graph_adds_nothing(self, runner, server, example_db, example):
        result = invoke(runner, "push", "--db", example_db, "--neo4j", NEO4J_URI)
        assert result.exit_code == 0, result.output
        assert "nothing new" in result.output
        assert server.counts() == example.counts()

    def test_push_fills_an_empty_server(self, server, example):
        with server._session(write=True) as session:
            session.run(CLEAR).consume()
        summary = push(example, server)
        assert sum(summary.nodes.values()) == sum(example.counts().nodes.values())
        assert server.counts() == example.counts()

    def test_report_runs_on_neo4j(self, runner, server):
        result = invoke(runner, "report", "--neo4j", NEO4J_URI, "--format", "json")
        assert result.exit_code == 0, result.output
        scored = server.query("MATCH (n:Technique) WHERE n.pagerank IS NOT NULL RETURN count(n)").rows[0][0]
        assert scored > 0

    def test_report_engine_gds(self, runner, server):
        from graph.analytics import gds

        if not gds.available(server):
            pytest.skip("the server does not answer gds.version(): no Graph Data Science plugin")
        ranks, communities = gds.pagerank(server), gds.louvain(server)
        assert ranks and abs(sum(ranks.values()) - 1) < 1e-6
        assert all(k.split(":", 1)[0] in NODE_LABELS for k in ranks)
        assert communities and min(communities.values()) == 0
        assert gds.citation_pagerank(server)
        result = invoke(runner, "report", "--neo4j", NEO4J_URI, "--engine", "gds", "--format", "json")
        assert result.exit_code == 0, result.output

    def test_a_wrong_password_is_a_one_line_error(self, runner, monkeypatch):
        monkeypatch.setenv("NEO4J_PASSWORD", "surely-not-the-password")
        result = invoke(runner, "stats", "--neo4j", NEO4J_URI)
        assert result.exit_code == 1
        assert result.output.count("\n") == 1 and "authentication failed" in result.output

    def test_a_read_only_query_cannot_write(self, runner, server):
        result = invoke(runner, "query", "--neo4j", NEO4J_URI, "--cypher", "MATCH (n) DETACH DELETE n")
        assert result.exit_code == 1
        with pytest.raises(CitegraphError):  # refused by the server: queries run in read mode
            server.query("CREATE (:Scratch)")
