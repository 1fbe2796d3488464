"""Every catalog query documents itself and runs on the example graph."""

from __future__ import annotations

import pytest

import queries
from graph.stores.ladybug import LadybugStore

SAMPLE_PARAMS = {
    "technique": "DPO",
    "benchmark": "GSM8K",
    "family": "Llama 3",
    "title": "Preference",
}


@pytest.fixture(scope="module")
def store(example_db):
    s = LadybugStore(example_db, read_only=True)
    yield s
    s.close()


def test_catalog_has_the_first_questions():
    assert len(queries.catalog()) >= 8


@pytest.mark.parametrize("name", sorted(queries.catalog()))
def test_query_is_documented_and_runs(store, name):
    q = queries.catalog()[name]
    assert len(q.description) > 20
    for param in q.required:
        assert param in SAMPLE_PARAMS, f"add a sample value for {param}"
    result = queries.run(store, name, {p: SAMPLE_PARAMS[p] for p in q.required})
    assert result.columns


def test_papers_using_dpo_carry_evidence_naming_it(store):
    rows = queries.run(store, "papers-using-technique", {"technique": "dpo"}).records()
    assert rows
    assert any("DPO" in r["evidence"] or "Direct Preference" in r["evidence"] for r in rows)


def test_benchmarks_for_technique_and_results(store):
    assert queries.run(store, "top-benchmarks").rows
    assert queries.run(store, "benchmark-results", {"benchmark": "HumanEval"}).columns
