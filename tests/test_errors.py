"""Every user mistake: one line on stderr starting with Error:, exit 1, no traceback, store intact."""

from __future__ import annotations

import pytest

from tests.conftest import cypher_rows, invoke


def assert_clean_error(result, *words):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.strip().splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    for word in words:
        assert word in lines[0]


def test_missing_file(runner, tmp_path):
    assert_clean_error(invoke(runner, "ingest", tmp_path / "nope.txt", "--db", tmp_path / "g.db"), "nope.txt")


def test_bad_buffer_pool_setting(runner, example_db, monkeypatch):
    monkeypatch.setenv("CITEGRAPH_BUFFER_POOL_MB", "lots")
    assert_clean_error(invoke(runner, "stats", "--db", example_db), "CITEGRAPH_BUFFER_POOL_MB", "lots")


def test_directory_without_dumps(runner, tmp_path):
    (tmp_path / "empty").mkdir()
    assert_clean_error(invoke(runner, "ingest", tmp_path / "empty", "--db", tmp_path / "g.db"), "empty")


@pytest.mark.parametrize(
    ("name", "content", "word"),
    [
        ("binary.txt", b"\x00\x01\x02PK\x03\x04", "binary"),
        ("empty.txt", b"", "empty"),
        ("notes.txt", b"Just some notes\nabout nothing.\n", "not a recognised"),
        ("latin1.txt", "Caf\xe9 titles".encode("latin-1"), "UTF-8"),
    ],
)
def test_file_that_is_not_a_dump(runner, tmp_path, name, content, word):
    path = tmp_path / name
    path.write_bytes(content)
    assert_clean_error(invoke(runner, "ingest", path, "--db", tmp_path / "g.db"), name, word)


def test_failed_ingest_leaves_the_store_as_it_was(runner, fresh_db, tmp_path):
    before = invoke(runner, "stats", "--db", fresh_db).output
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00binary")
    good = tmp_path / "good.txt"
    good.write_text("new\n\nSubscribe\n\nDaily Papers\n\nA Brand New Paper\n\nIt uses DPO.\n")
    assert_clean_error(invoke(runner, "ingest", good, bad, "--db", fresh_db), "bad.txt")
    assert invoke(runner, "stats", "--db", fresh_db).output == before


def test_unknown_catalog_query(runner, example_db):
    assert_clean_error(invoke(runner, "query", "no-such-query", "--db", example_db), "no-such-query")


def test_missing_parameter(runner, example_db):
    assert_clean_error(invoke(runner, "query", "papers-using-technique", "--db", example_db), "technique")


def test_cypher_syntax_error(runner, example_db):
    assert_clean_error(
        invoke(runner, "query", "--cypher", "MATCH (p:Paper RETURN p", "--db", example_db), "Parser"
    )


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (p:Paper) DETACH DELETE p",
        "CREATE (:Paper {id: 'x'})",
        "MATCH (p:Paper) SET p.title = 'x'",
        "MERGE (p:Paper {id: 'x'})",
    ],
)
def test_write_queries_are_refused(runner, fresh_db, cypher):
    before = invoke(runner, "stats", "--db", fresh_db).output
    assert_clean_error(invoke(runner, "query", "--cypher", cypher, "--db", fresh_db), "read-only")
    assert invoke(runner, "stats", "--db", fresh_db).output == before


def test_write_words_inside_strings_are_fine(runner, example_db):
    rows = cypher_rows(
        runner, example_db, "MATCH (p:Paper) WHERE p.title CONTAINS 'CREATE' RETURN count(p) AS n"
    )
    assert rows[0]["n"] >= 0


def test_query_on_a_store_that_does_not_exist(runner, tmp_path):
    assert_clean_error(invoke(runner, "stats", "--db", tmp_path / "none.db"), "citegraph ingest")


def test_bad_param_syntax(runner, example_db):
    assert_clean_error(
        invoke(runner, "query", "top-techniques", "-p", "limit", "--db", example_db), "key=value"
    )
