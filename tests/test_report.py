"""The report and the analytics commands on the example dumps and on a small dated graph, via the CLI."""

from __future__ import annotations

import json
import shutil

import pytest

from graph.analytics.gaps import Gap
from graph.analytics.leaderboard import Leaderboard
from graph.analytics.similarity import Similar
from graph.analytics.trends import Trends
from graph.report import Report, schema_doc
from graph.schema import Entity, GraphBatch, Link, Paper
from tests.conftest import ROOT, cypher_rows, invoke


@pytest.fixture(scope="module")
def report_json(runner, example_db, tmp_path_factory) -> str:
    db = tmp_path_factory.mktemp("report") / "graph.db"
    shutil.copy(example_db, db)
    result = invoke(runner, "report", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    return result.output


def ok(result):
    assert result.exit_code == 0, result.output
    return result.output


def test_report_json_validates_against_the_documented_model(report_json):
    report = Report.model_validate_json(report_json)
    assert report.counts.nodes["Paper"] > 300
    assert report.engine == "networkx"
    assert {"technique-benchmark", "technique-model"} == set(report.gaps)


def test_schema_doc_matches_the_models():
    assert (ROOT / "docs" / "report-schema.md").read_text() == schema_doc()


def test_the_field_rests_on_dpo_gsm8k_and_humaneval(report_json):
    report = Report.model_validate_json(report_json)
    techniques = [r.name for r in report.top_entities["Technique"]]
    benchmarks = [r.name for r in report.top_entities["Benchmark"]]
    assert "Direct Preference Optimization" in techniques
    assert "GSM8K" in benchmarks[:5] and "HumanEval" in benchmarks


def test_report_sections_are_filled(report_json):
    report = Report.model_validate_json(report_json)
    assert report.central_papers and report.central_entities and report.bridging_entities
    assert report.communities and all(c.top and c.papers >= 1 for c in report.communities)
    assert report.technique_benchmark and report.base_models and report.cooccurring
    m = report.technique_benchmark_matrix
    assert len(m.counts) == len(m.rows) and all(len(r) == len(m.columns) for r in m.counts)
    assert report.leaderboards and report.gaps["technique-benchmark"]
    assert report.trends is None  # Daily Papers dumps carry no dates


def test_simpo_tops_the_alpacaeval_2_leaderboard(runner, example_db):
    board = Leaderboard.model_validate_json(
        ok(invoke(runner, "leaderboard", "AlpacaEval 2", "--db", example_db, "--format", "json"))
    )
    entries = [e for b in board.boards for e in b.entries]
    simpo = [e for e in entries if e.value == 44.7 and "SimPO" in e.paper]
    assert simpo and "44.7" in simpo[0].evidence
    for b in board.boards:
        values = [e.value for e in b.entries]
        assert values == sorted(values, reverse=b.higher_is_better)
    text = ok(invoke(runner, "leaderboard", "alpacaeval 2.0", "--db", example_db))
    assert "SimPO" in text and "44.7" in text


def test_leaderboard_of_an_unknown_benchmark_is_a_clear_error(runner, example_db):
    result = invoke(runner, "leaderboard", "No Such Bench", "--db", example_db)
    assert result.exit_code == 1
    assert "Error: benchmark 'No Such Bench'" in result.output and "Traceback" not in result.output


def test_similar_papers_to_simpo_share_preference_optimisation(runner, example_db):
    found = Similar.model_validate_json(
        ok(invoke(runner, "similar", "SimPO: Simple Preference", "--db", example_db, "--format", "json"))
    )
    assert "SimPO" in found.title and found.similar
    assert all(s.shared for s in found.similar)
    assert any("AlpacaEval 2.0" in s.shared for s in found.similar)
    text = ok(invoke(runner, "similar", "SimPO: Simple Preference", "--db", example_db))
    assert "shared:" in text


def test_similar_with_an_ambiguous_fragment_lists_candidates(runner, example_db):
    result = invoke(runner, "similar", "Language", "--db", example_db)
    assert result.exit_code == 1 and "matches" in result.output and "give more of the title" in result.output


def test_gaps_commands_give_reasons(runner, example_db):
    for kind in ("technique-benchmark", "technique-model"):
        raw = ok(invoke(runner, "gaps", "--type", kind, "--db", example_db, "--format", "json", "--top", "5"))
        found = [Gap.model_validate(x) for x in json.loads(raw)]
        assert found and all(g.reason.startswith("no paper names") and g.shared for g in found)
    assert "Adamic" in ok(invoke(runner, "gaps", "--db", example_db))


def test_trends_without_dates_says_so(runner, example_db):
    assert "No paper carries a publication date" in ok(invoke(runner, "trends", "--db", example_db))


@pytest.fixture
def dated_db(tmp_path):
    """Six dated papers: PPO fades, DPO rises, over three months with one empty month between."""
    from graph.stores.ladybug import LadybugStore

    months = ["2024-01-10", "2024-01-20", "2024-02-05", "2024-04-01", "2024-04-02", "2024-04-03"]
    batch = GraphBatch(
        entities=[
            Entity(type="Technique", id="ppo", name="Proximal Policy Optimization"),
            Entity(type="Technique", id="dpo", name="Direct Preference Optimization"),
        ]
    )
    for i, published in enumerate(months):
        pid = f"arxiv:2401.{i:05d}"
        batch.papers.append(Paper(id=pid, title=f"Dated paper {i}", published=published, sources=["t.xml"]))
        tech = "ppo" if i < 3 else "dpo"
        batch.links.append(
            Link(
                paper_id=pid, rel="USES", entity_type="Technique", entity_id=tech, mention=tech, evidence="x"
            )
        )
    db = tmp_path / "dated.db"
    store = LadybugStore(db)
    try:
        store.write(batch)
    finally:
        store.close()
    return db


def test_trends_on_dated_papers(runner, dated_db):
    found = Trends.model_validate_json(ok(invoke(runner, "trends", "--db", dated_db, "--format", "json")))
    assert found.granularity == "month" and found.periods == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert found.papers == [2, 1, 0, 3]
    assert [s.name for s in found.rising] == ["Direct Preference Optimization"]
    assert [s.name for s in found.falling] == ["Proximal Policy Optimization"]
    text = ok(invoke(runner, "trends", "--db", dated_db, "--by", "year"))
    assert "per year" in text and "2024" in text
    report = Report.model_validate_json(ok(invoke(runner, "report", "--db", dated_db, "--format", "json")))
    assert report.trends and report.trends.rising[0].name == "Direct Preference Optimization"


def test_report_scores_are_written_back_and_repeatable(runner, fresh_db):
    first = ok(invoke(runner, "report", "--db", fresh_db, "--format", "json"))
    second = ok(invoke(runner, "report", "--db", fresh_db, "--format", "json"))
    assert first == second
    rows = cypher_rows(
        runner,
        fresh_db,
        "MATCH (t:Technique) WHERE t.name = 'Direct Preference Optimization' "
        "RETURN t.pagerank AS pr, t.degree AS d, t.betweenness AS b, t.community AS c",
    )
    assert rows[0]["pr"] > 0 and rows[0]["d"] >= 5 and rows[0]["b"] > 0 and rows[0]["c"] >= 0
    paper = cypher_rows(
        runner,
        fresh_db,
        "MATCH (p:Paper) WHERE p.title STARTS WITH 'SimPO' RETURN p.community AS c, p.pagerank AS pr",
    )
    assert paper[0]["c"] >= 0 and paper[0]["pr"] > 0


def test_report_formats_and_output_file(runner, example_db, tmp_path):
    db = tmp_path / "g.db"
    shutil.copy(example_db, db)
    md = tmp_path / "report.md"
    assert "Wrote" in ok(invoke(runner, "report", "--db", db, "--format", "markdown", "-o", md))
    text = md.read_text()
    assert text.startswith("# citegraph report") and "## Top techniques" in text and "| --- |" in text
    plain = ok(invoke(runner, "report", "--db", db, "--top", "5"))
    for section in ("Top techniques", "Bridging papers", "Leaderboard:", "Gaps: technique-benchmark"):
        assert section in plain


def test_gds_engine_needs_neo4j(runner, fresh_db):
    result = invoke(runner, "report", "--db", fresh_db, "--engine", "gds")
    assert result.exit_code == 1 and "--engine gds needs a Neo4j store" in result.output


def test_html_report_is_offline_with_charts_and_escaped(runner, example_db, tmp_path):
    db = tmp_path / "g.db"
    shutil.copy(example_db, db)
    out = tmp_path / "report.html"
    ok(invoke(runner, "report", "--db", db, "--format", "html", "-o", out))
    page = out.read_text()
    assert page.count("<svg") >= 5  # four bar charts of top entities and the heatmap
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page and "<script" not in page
    assert "Direct Preference Optimization" in page and "SimPO" in page


def test_html_escapes_every_text():
    import networkx as nx

    from graph.analytics.projection import Projection
    from graph.report import compute_report
    from graph.report_html import render_html
    from graph.schema import Counts
    from tests.test_analytics import paper_graph

    evil = '<script>alert("x")</script>'
    g = paper_graph(
        {evil: [f"Technique:{evil}", "Benchmark:B&B"], "Other": [f"Technique:{evil}", "Benchmark:B&B"]}
    )
    counts = Counts(nodes={"Paper": 2}, relationships={"USES": 2})
    report = compute_report(Projection(papers=g, citations=nx.DiGraph()), counts)
    page = render_html(report)
    assert "<script" not in page
    assert "&lt;script&gt;" in page and "B&amp;B" in page


@pytest.mark.browser
def test_html_report_opens_offline_in_chromium(runner, example_db, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    db = tmp_path / "g.db"
    shutil.copy(example_db, db)
    out = tmp_path / "report.html"
    ok(invoke(runner, "report", "--db", db, "--format", "html", "-o", out))
    with playwright.sync_playwright() as p:
        browser = None
        installed = [shutil.which(name) for name in ("chromium", "chromium-browser")]
        for path in [None, *(x for x in installed if x)]:  # Playwright's own build first
            try:
                browser = p.chromium.launch(executable_path=path)
                break
            except Exception:
                continue
        if browser is None:
            pytest.skip("no Chromium for Playwright on this machine")
        try:
            page = browser.new_page()
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(out.as_uri())
            assert requests == [out.as_uri()] and not errors
            assert page.locator("svg").count() >= 5
            bars = page.locator("figure:has-text('Top techniques') rect")
            assert bars.count() >= 5 and bars.first.bounding_box()["width"] > 50
            assert page.locator("#heatmap rect").count() > 20
        finally:
            browser.close()


@pytest.mark.neo4j
def test_analytics_commands_on_neo4j(runner):
    """The same robust facts through the Neo4j store (runs only with a server at NEO4J_URI)."""
    import os

    from tests.conftest import EXAMPLES

    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.skip("no Neo4j server (set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD)")
    ok(invoke(runner, "ingest", EXAMPLES, "--neo4j", uri, "--quiet"))
    report = Report.model_validate_json(ok(invoke(runner, "report", "--neo4j", uri, "--format", "json")))
    assert "Direct Preference Optimization" in [r.name for r in report.top_entities["Technique"]]
    board = Leaderboard.model_validate_json(
        ok(invoke(runner, "leaderboard", "AlpacaEval 2", "--neo4j", uri, "--format", "json"))
    )
    assert any(e.value == 44.7 for b in board.boards for e in b.entries)
    assert "shared:" in ok(invoke(runner, "similar", "SimPO: Simple Preference", "--neo4j", uri))
    assert "Adamic" in ok(invoke(runner, "gaps", "--neo4j", uri))
    ok(invoke(runner, "trends", "--neo4j", uri))
