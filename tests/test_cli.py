"""The commands a researcher runs first, on the example dumps, against a real LadybugDB."""

from __future__ import annotations

import json
from collections import Counter

from loaders.ontology import model_parts
from tests.conftest import EXAMPLES, cypher_rows, invoke


def stats(runner, db):
    result = invoke(runner, "stats", "--db", db)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_ingest_examples_gives_papers_and_all_entity_labels(runner, example_db):
    counts = stats(runner, example_db)
    assert 360 <= counts["nodes"]["Paper"] <= 380
    for label in ("Technique", "Model", "Dataset", "Benchmark"):
        assert counts["nodes"][label] > 0, label


def test_most_papers_link_to_an_entity(runner, example_db):
    linked = cypher_rows(
        runner,
        example_db,
        "MATCH (p:Paper) WHERE EXISTS { MATCH (p)-[]->(e) WHERE label(e) IN ['Technique', 'Model', 'Dataset', 'Benchmark'] } RETURN count(p) AS n",
    )
    total = stats(runner, example_db)["nodes"]["Paper"]
    assert linked[0]["n"] >= 0.9 * total


def test_examples_resolve_model_variants_and_infer_citations(runner, example_db):
    """Re-ingesting the dumps: one node per model variant, linked upward, and inferred CITES with evidence."""
    models = cypher_rows(runner, example_db, "MATCH (m:Model) RETURN m.name AS name")
    keys = Counter(model_parts(m["name"]) for m in models)
    assert not [k for k, n in keys.items() if n > 1]
    chain = cypher_rows(
        runner,
        example_db,
        "MATCH (a:Model {name: 'Llama-3-8B-Instruct'})-[:VARIANT_OF]->(b:Model)-[:VARIANT_OF]->(f:Model) "
        "RETURN b.name AS b, f.name AS f",
    )
    assert chain == [{"b": "Llama-3-8B", "f": "Llama 3"}]
    cites = cypher_rows(
        runner,
        example_db,
        "MATCH (a:Paper)-[c:CITES]->(b:Paper) WHERE c.source = 'inferred' "
        "RETURN a.title AS title, a.abstract AS abstract, c.evidence AS evidence",
    )
    assert len(cites) >= 50
    assert all(c["evidence"] and c["evidence"] in (c["title"] + "\n" + c["abstract"]) for c in cites)


def test_cypher_count_matches_stats(runner, example_db):
    result = invoke(runner, "query", "--db", example_db, "--cypher", "MATCH (p:Paper) RETURN count(p) AS n")
    assert result.exit_code == 0
    assert str(stats(runner, example_db)["nodes"]["Paper"]) in result.output.split()


def test_reingest_adds_nothing(runner, fresh_db):
    before = stats(runner, fresh_db)
    result = invoke(runner, "ingest", EXAMPLES, "--db", fresh_db)
    assert result.exit_code == 0, result.output
    assert "nothing new" in result.output
    assert stats(runner, fresh_db) == before


def test_reingest_extracts_a_paper_again_when_its_abstract_grew(runner, tmp_path):
    db = tmp_path / "graph.db"
    header = "Daily Papers\n\nbyAK and the research community\n\nSep 5\n\n"
    title = "Tiny Tuning: A Study of Adapters"
    short = tmp_path / "short" / "dump.txt"
    longer = tmp_path / "longer" / "dump.txt"
    for path, abstract in (
        (short, "We fine-tune Mistral-7B with LoRA."),
        (longer, "We fine-tune Mistral-7B with LoRA. We then evaluate it on GSM8K and compare it with DPO."),
    ):
        path.parent.mkdir()
        path.write_text(f"{header}{title}\n\n{abstract}\n", encoding="utf-8")
    linked = "MATCH (p:Paper)-[]->(e) RETURN DISTINCT e.name AS name"
    assert invoke(runner, "ingest", short, "--db", db, "--quiet").exit_code == 0
    first = {r["name"] for r in cypher_rows(runner, db, linked)}
    assert invoke(runner, "ingest", longer, "--db", db, "--quiet").exit_code == 0
    second = {r["name"] for r in cypher_rows(runner, db, linked)}
    assert {"Mistral-7B", "Low-Rank Adaptation"} <= first
    assert second - first == {"GSM8K", "Direct Preference Optimization"}
    assert stats(runner, db)["nodes"]["Paper"] == 1


def test_paper_remembers_every_dump_it_came_from(runner, example_db):
    rows = cypher_rows(
        runner,
        example_db,
        "MATCH (p:Paper) WHERE size(p.sources) > 1 RETURN p.title AS t, p.sources AS s LIMIT 5",
    )
    assert rows, "some papers appear in several example dumps"
    assert all(len(set(r["s"])) == len(r["s"]) for r in rows)


def test_evidence_is_a_sentence_of_the_abstract(runner, example_db):
    rows = cypher_rows(
        runner,
        example_db,
        "MATCH (p:Paper)-[r:USES]->(t:Technique) RETURN p.title AS title, p.abstract AS abstract, r.evidence AS ev LIMIT 50",
    )
    assert rows
    for row in rows:
        assert row["ev"] and (row["ev"] in row["abstract"] or row["ev"] == row["title"])


def test_query_list_shows_every_catalog_query_with_its_description(runner):
    import queries

    result = invoke(runner, "query", "--list")
    assert result.exit_code == 0
    for q in queries.catalog().values():
        assert q.name in result.output and q.description in result.output


def test_query_output_formats(runner, example_db):
    as_csv = invoke(runner, "query", "top-techniques", "--db", example_db, "--format", "csv", "-p", "limit=3")
    lines = as_csv.output.strip().splitlines()
    assert lines[0] == "technique,papers" and len(lines) == 4
    as_json = invoke(
        runner, "query", "top-techniques", "--db", example_db, "--format", "json", "-p", "limit=3"
    )
    assert len(json.loads(as_json.output)) == 3
    table = invoke(runner, "query", "top-techniques", "--db", example_db)
    assert "technique" in table.output and "rows)" in table.output


def test_report_names_what_the_dumps_are_about(runner, fresh_db):
    result = invoke(runner, "report", "--db", fresh_db)
    assert result.exit_code == 0, result.output
    text = result.output
    for section in ("Top techniques", "Most central papers", "technique x benchmark", "Communities"):
        assert section in text
    assert "Direct Preference Optimization" in text
    assert "GSM8K" in text


def test_report_writes_pagerank_back(runner, fresh_db):
    invoke(runner, "report", "--db", fresh_db)
    rows = cypher_rows(runner, fresh_db, "MATCH (t:Technique) WHERE t.pagerank > 0 RETURN count(t) AS n")
    assert rows[0]["n"] > 0


def test_view_writes_an_offline_page(runner, example_db, tmp_path):
    out = tmp_path / "g.html"
    result = invoke(runner, "view", "--db", example_db, "-o", out, "--limit", "60")
    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert "vis.DataSet" in page and 'id="legend"' in page
    assert "https://cdn" not in page and 'src="http' not in page and 'href="http' not in page
    assert "more nodes are not drawn" in page


def test_paper_seen_again_in_a_later_ingest_gains_the_new_source(runner, tmp_path):
    header = "new\n\nSubscribe\n\nDaily Papers\n\nSep 5\n\n"
    first, second = tmp_path / "mon.txt", tmp_path / "tue.txt"
    first.write_text(header + "Shared Paper Title\n\n\nWe fine-tune Llama-3-8B with DPO.\n")
    second.write_text(
        header + "Shared paper title\n\nWe fine-tune Llama-3-8B with DPO.\n\nOther Paper\n\nIt uses LoRA.\n"
    )
    db = tmp_path / "g.db"
    assert invoke(runner, "ingest", first, "--db", db).exit_code == 0
    result = invoke(runner, "ingest", second, "--db", db)
    assert "updated 1 papers" in result.output
    rows = cypher_rows(runner, db, "MATCH (p:Paper) RETURN p.title AS t, p.sources AS s ORDER BY t")
    assert [r["s"] for r in rows] == [["tue.txt"], ["mon.txt", "tue.txt"]]


def test_folder_of_mixed_files_passes_over_what_no_loader_knows(runner, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "dump.txt").write_text("new\n\nSubscribe\n\nDaily Papers\n\nA Paper\n\nIt uses LoRA.\n")
    (folder / "notes.txt").write_text("shopping list\n")
    result = invoke(runner, "ingest", folder, "--db", tmp_path / "g.db")
    assert result.exit_code == 0, result.output
    assert "skipped:" in result.output and "notes.txt" in result.output
    assert "Paper 1" in result.output


def test_a_paper_ingested_later_cites_the_earlier_paper_whose_method_it_names(runner, tmp_path):
    header = "new\n\nSubscribe\n\nDaily Papers\n\nSep 5\n\n"
    first, second = tmp_path / "mon.txt", tmp_path / "tue.txt"
    first.write_text(
        header
        + "QuillRank: Ranking Drafts with Sparse Rewards\n\nWe propose QuillRank, a method that ranks drafts.\n\n"
        + "InkBench: Drafting Tasks\n\nWe introduce InkBench, a benchmark of drafting tasks.\n"
    )  # the store then knows more coined names than the second ingest has papers: they are filtered first
    second.write_text(
        header + "Faster Drafting\n\nWe fine-tune Mistral-7B and rank its drafts with QuillRank. It helps.\n"
    )
    db = tmp_path / "g.db"
    assert invoke(runner, "ingest", first, "--db", db, "--quiet").exit_code == 0
    assert invoke(runner, "ingest", second, "--db", db, "--quiet").exit_code == 0
    rows = cypher_rows(
        runner,
        db,
        "MATCH (a:Paper)-[c:CITES]->(b:Paper) RETURN a.title AS a, b.title AS b, c.source AS s, c.evidence AS e",
    )
    assert rows == [
        {
            "a": "Faster Drafting",
            "b": "QuillRank: Ranking Drafts with Sparse Rewards",
            "s": "inferred",
            "e": "We fine-tune Mistral-7B and rank its drafts with QuillRank.",
        }
    ]
