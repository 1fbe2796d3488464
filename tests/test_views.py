"""`citegraph view`: every view mode on the example dumps, escaping, offline pages, in real Chromium.

The browser tests drive Debian's /usr/bin/chromium headless through Playwright; `.ci/run`
installs the package when it is missing. Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest

from bench.view_settle import CHROMIUM as BROWSER
from bench.view_settle import FLAGS
from graph import views
from graph.errors import InputError
from graph.stores.ladybug import LadybugStore
from tests.conftest import ROOT, invoke

CHROMIUM = Path(BROWSER)
ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_DUMP = (
    "new\n\nSubscribe\n\nDaily Papers\n\nSep 5\n\n"
    f"{HOSTILE}\n\n"
    "We fine-tune Llama-3-8B with DPO and evaluate on MMLU and GSM8K. "
    '</script><b>bold</b> & "quotes" <img src=y onerror=alert(2)>.\n\n'
    "A Friendly Second Paper\n\n"
    "We apply LoRA to Llama-3-8B and reach 71.2% accuracy on MMLU.\n"
)


# -- fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reported_db(example_db, runner, tmp_path_factory) -> Path:
    """The example graph after `citegraph report` wrote PageRank and communities onto it."""
    db = tmp_path_factory.mktemp("reported") / "graph.db"
    shutil.copy(example_db, db)
    result = invoke(runner, "report", "--db", db)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def hostile_db(runner, tmp_path_factory) -> Path:
    """A graph of two papers, one titled with an HTML payload."""
    folder = tmp_path_factory.mktemp("hostile")
    dump = folder / "hostile.txt"
    dump.write_text(HOSTILE_DUMP, encoding="utf-8")
    db = folder / "graph.db"
    result = invoke(runner, "ingest", dump, "--db", db, "--quiet")
    assert result.exit_code == 0, result.output
    return db


def view_of(db: Path, make, *args, **kwargs) -> views.View:
    store = LadybugStore(db, read_only=True)
    try:
        return make(store, *args, **kwargs)
    finally:
        store.close()


def write_view(runner, db: Path, out: Path, *args: str) -> str:
    result = invoke(runner, "view", "--db", db, "-o", out, *args)
    assert result.exit_code == 0, result.output
    return result.output


def error_of(runner, db: Path, tmp_path: Path, *args: str) -> str:
    result = invoke(runner, "view", "--db", db, "-o", tmp_path / "x.html", *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()
    return result.output


def query_json(runner, db: Path, *args: str) -> list[dict]:
    result = invoke(runner, "query", "--db", db, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


# -- choosing what to draw ---------------------------------------------------------------


def test_overview_draws_the_most_central_nodes_and_says_how_many_it_left_out(runner, example_db, tmp_path):
    v = view_of(example_db, views.overview, 40)
    g = view_of(example_db, views.read_graph)
    assert len(v.nodes) == 40 and v.left_out == g.number_of_nodes() - 40
    ranks = nx.pagerank(g.to_undirected())
    best = max(ranks, key=ranks.get)
    drawn = {n["id"] for n in v.nodes}
    assert best in drawn
    assert sum(ranks[n] for n in drawn) > 5 * sum(sorted(ranks.values())[:40])
    out = tmp_path / "o.html"
    printed = write_view(runner, example_db, out, "--limit", "40")
    page = out.read_text()
    assert f"{v.left_out} more nodes are not drawn" in page and "--limit" in page
    assert f"{v.left_out} more not drawn" in printed


def test_around_an_alias_draws_the_entity_and_every_paper_that_names_it(runner, example_db):
    v = view_of(example_db, views.around, "dpo")
    assert v.focus.startswith("Technique:")
    centre = next(n for n in v.nodes if n["id"] == v.focus)
    assert centre["info"]["name"] == "Direct Preference Optimization"
    papers = query_json(
        runner,
        example_db,
        "--cypher",
        "MATCH (p:Paper)-[]->(t:Technique {name: 'Direct Preference Optimization'}) RETURN DISTINCT p.title AS t",
    )
    titles = {n["info"]["name"] for n in v.nodes if n["group"] == "Paper"}
    assert titles == {r["t"] for r in papers}
    linked = {e["from"] for e in v.edges if e["to"] == v.focus} | {
        e["to"] for e in v.edges if e["from"] == v.focus
    }
    assert linked == {n["id"] for n in v.nodes} - {v.focus}


def test_around_depth_two_reaches_further_and_a_cap_is_announced(runner, example_db, tmp_path):
    one = view_of(example_db, views.around, "GSM8K", depth=1, limit=1000)
    two = view_of(example_db, views.around, "GSM8K", depth=2, limit=1000)
    assert {n["id"] for n in one.nodes} < {n["id"] for n in two.nodes}
    out = tmp_path / "a.html"
    write_view(runner, example_db, out, "--around", "GSM8K", "--depth", "2", "--limit", "10")
    page = out.read_text()
    assert f"{len(two.nodes) - 10} more nodes are not drawn" in page and "--depth 1" in page


def test_a_misspelt_name_is_matched_and_the_page_says_which(runner, example_db, tmp_path):
    out = tmp_path / "f.html"
    printed = write_view(runner, example_db, out, "--around", "Direct Preferance Optimisation")
    assert "matched Direct Preference Optimization (Technique)" in printed
    assert "Around Direct Preference Optimization (Technique)" in out.read_text()


def test_unknown_and_ambiguous_names_list_close_matches(runner, example_db, tmp_path):
    unknown = error_of(runner, example_db, tmp_path, "--around", "Mixtrel of Expurts")
    assert "Error: --around 'Mixtrel of Expurts'" in unknown and "Mixture of Experts" in unknown
    ambiguous = error_of(runner, example_db, tmp_path, "--around", "Direct Pref")
    assert "matches" in ambiguous and "Direct Preference Optimization (Technique)" in ambiguous
    nothing = error_of(runner, example_db, tmp_path, "--around", "qqqqzzzz")
    assert "no paper, technique, model, dataset or benchmark" in nothing


def test_a_type_prefix_chooses_between_nodes_of_one_name(example_db):
    g = view_of(example_db, views.read_graph)
    names: dict[str, set[str]] = {}
    for _, d in g.nodes(data=True):
        if d["label"] in ("Dataset", "Benchmark"):
            names.setdefault(d["name"], set()).add(d["label"])
    shared = sorted(name for name, labels in names.items() if len(labels) == 2)
    if not shared:
        pytest.skip("the example graph has no name that is both a dataset and a benchmark")
    with pytest.raises(InputError, match="say which with its type"):
        views.find_node(g, shared[0])
    node, _ = views.find_node(g, f"Dataset:{shared[0]}")
    assert g.nodes[node]["label"] == "Dataset"


def test_query_view_draws_the_papers_a_catalog_query_returns(runner, example_db):
    rows = query_json(runner, example_db, "papers-using-technique", "-p", "technique=DPO")
    v = view_of(example_db, views.from_query, name="papers-using-technique", params={"technique": "DPO"})
    drawn = {n["info"]["name"] for n in v.nodes}
    assert {r["paper"] for r in rows} <= drawn and "Direct Preference Optimization" in drawn
    papers = {n["id"] for n in v.nodes if n["group"] == "Paper"}
    assert papers and all(any(p in (e["from"], e["to"]) for e in v.edges) for p in papers)


def test_cypher_view_draws_returned_nodes_and_only_returned_relationship_types(runner, example_db, tmp_path):
    cypher = (
        "MATCH (p:Paper)-[r:EVALUATES_ON]->(b:Benchmark) WHERE b.name = 'MMLU' RETURN p, r, b ORDER BY p.id"
    )
    rows = query_json(runner, example_db, "--cypher", cypher)
    v = view_of(example_db, views.from_query, cypher=cypher)
    assert len(v.nodes) == len(rows) + 1
    assert len(v.edges) == len(rows) and {e["rel"] for e in v.edges} == {"EVALUATES_ON"}
    out = tmp_path / "c.html"
    write_view(
        runner, example_db, out, "--cypher", "MATCH (b:Benchmark) WHERE b.name = $n RETURN b", "-p", "n=MMLU"
    )
    assert "1 row returned" in out.read_text()


def test_query_views_refuse_writes_and_say_when_nothing_can_be_drawn(runner, example_db, tmp_path):
    write = error_of(runner, example_db, tmp_path, "--cypher", "MATCH (p:Paper) DETACH DELETE p")
    assert "read-only" in write
    empty = error_of(runner, example_db, tmp_path, "--cypher", "MATCH (p:Paper) RETURN count(p) AS n")
    assert "none names a node" in empty
    both = error_of(runner, example_db, tmp_path, "--around", "DPO", "--communities")
    assert "choose one view" in both


def test_community_views_need_the_report_first(runner, example_db, tmp_path):
    for args in (["--communities"], ["--community", "0"]):
        assert "run `citegraph report` first" in error_of(runner, example_db, tmp_path, *args)


def test_community_map_has_one_node_per_community_labelled_by_its_top_entities(runner, reported_db, tmp_path):
    v = view_of(reported_db, views.communities)
    g = view_of(reported_db, views.read_graph)
    sizes: dict[int, int] = {}
    for _, d in g.nodes(data=True):
        if d["label"] != "Paper" and (d.get("community") or 0) >= 0 and d.get("community") is not None:
            sizes[d["community"]] = sizes.get(d["community"], 0) + 1
    assert len(v.nodes) == sum(1 for s in sizes.values() if s > 1)
    assert all(n["group"] == "Community" for n in v.nodes) and v.edges
    largest = next(n for n in v.nodes if n["id"] == "Community:0")
    members = [d["name"] for _, d in g.nodes(data=True) if d.get("community") == 0 and d["label"] != "Paper"]
    assert any(name in largest["label"] for name in members)
    out = tmp_path / "m.html"
    write_view(runner, reported_db, out, "--communities")
    assert "one-entity communities are not drawn" in out.read_text()


def test_one_community_draws_its_entities_and_papers(runner, reported_db, tmp_path):
    v = view_of(reported_db, views.community, 0, limit=1000)
    g = view_of(reported_db, views.read_graph)
    entities = {n for n, d in g.nodes(data=True) if d.get("community") == 0 and d["label"] != "Paper"}
    drawn = {n["id"] for n in v.nodes}
    assert entities <= drawn and any(n["group"] == "Paper" for n in v.nodes)
    assert "no such community" in error_of(runner, reported_db, tmp_path, "--community", "100000")


# -- the page ----------------------------------------------------------------------------


def test_page_is_offline_and_shows_hostile_text_only_escaped(runner, hostile_db, tmp_path):
    for args in ([], ["--around", HOSTILE]):
        out = tmp_path / "h.html"
        write_view(runner, hostile_db, out, *args)
        page = out.read_text()
        assert "<img" not in page and "<b>bold" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page or "\\u003cimg src=x" in page
        assert page.count("</script") == 3  # vis-network, the data, the page's script: nothing broke out
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
        assert "@import" not in page and "Content-Security-Policy" in page and "default-src 'none'" in page


# -- in the browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (.ci/run installs it: apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1400, "height": 900},
        )
        yield context
        context.close()


class Loaded:
    """A view open in Chromium, with what the page logged, asked for and popped up."""

    def __init__(self, context, path: Path):
        self.page = context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => window.citegraph && window.citegraph.settled", timeout=60_000)

    def counts(self) -> tuple[int, int]:
        return tuple(
            self.page.evaluate("() => [window.citegraph.nodes.length, window.citegraph.edges.length]")
        )

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def hover(self, node_id: str) -> str:
        """Move the mouse onto a node and return the tooltip's text."""
        x, y = self.page.evaluate(
            """(id) => {
                const net = window.citegraph.network;
                net.moveTo({position: net.getPositions([id])[id], scale: 1.0});
                const p = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.getElementById("network").getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            node_id,
        )
        self.page.mouse.move(x - 40, y - 40)
        self.page.mouse.move(x, y, steps=4)
        tip = self.page.locator("div.vis-tooltip")
        tip.wait_for(state="visible", timeout=10_000)
        return tip.inner_text()


MODES = {
    "overview": [],
    "around": ["--around", "Direct Preference Optimization", "--depth", "2"],
    "query": ["--query", "papers-using-technique", "-p", "technique=DPO"],
    "community": ["--community", "1"],
    "communities": ["--communities"],
}


@pytest.mark.browser
@pytest.mark.parametrize("mode", list(MODES))
def test_every_view_loads_in_chromium_with_its_nodes_and_no_errors(
    browser, runner, reported_db, tmp_path, mode
):
    out = tmp_path / f"{mode}.html"
    printed = write_view(runner, reported_db, out, *MODES[mode])
    nodes, links = map(int, re.search(r"\((\d+) nodes, (\d+) links", printed).groups())
    loaded = Loaded(browser, out)
    assert loaded.counts() == (nodes, links) and nodes > 1
    assert loaded.errors == []
    assert all(url.startswith("file://") for url in loaded.requests), loaded.requests
    assert loaded.page.evaluate("() => window.citegraph.network.physics.physicsEnabled") is False
    before = loaded.page.evaluate("() => window.citegraph.network.getPositions()")
    loaded.page.wait_for_timeout(400)
    assert loaded.page.evaluate("() => window.citegraph.network.getPositions()") == before
    assert loaded.screenshot(f"view-{mode}").stat().st_size > 10_000
    loaded.page.close()


@pytest.mark.browser
def test_tooltip_and_details_show_a_hostile_title_as_text(browser, runner, hostile_db, tmp_path):
    out = tmp_path / "hostile.html"
    write_view(runner, hostile_db, out)
    loaded = Loaded(browser, out)
    paper = loaded.page.evaluate(
        "(t) => window.citegraph.nodes.getIds().find(id => window.citegraph.nodes.get(id).title.textContent.includes(t))",
        HOSTILE,
    )
    text = loaded.hover(paper)
    assert HOSTILE in text and "We fine-tune Llama-3-8B" in text
    assert loaded.page.locator("div.vis-tooltip img, #details img, header img").count() == 0
    loaded.page.evaluate("(id) => window.citegraph.network.selectNodes([id])", paper)
    loaded.page.mouse.click(
        *loaded.page.evaluate(
            """(id) => {
            const net = window.citegraph.network;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById("network").getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
            paper,
        )
    )
    assert HOSTILE in loaded.page.locator("#details").inner_text()
    loaded.screenshot("view-hostile-tooltip")
    assert loaded.dialogs == [] and loaded.errors == []
    assert all(url.startswith("file://") for url in loaded.requests), loaded.requests
    loaded.page.close()


@pytest.mark.browser
def test_legend_filter_and_search_box_work(browser, runner, example_db, tmp_path):
    out = tmp_path / "o.html"
    write_view(runner, example_db, out, "--limit", "80")
    loaded = Loaded(browser, out)
    page = loaded.page
    page.locator('#legend input[data-group="Paper"]').uncheck()
    hidden = page.evaluate(
        "() => window.citegraph.nodes.get().filter(n => n.group === 'Paper').every(n => n.hidden)"
    )
    assert hidden
    page.locator("#search").fill("Direct Preference Optimization")
    page.locator("#search").press("Enter")
    selected = page.evaluate(
        "() => window.citegraph.network.getSelectedNodes().map(id => window.citegraph.nodes.get(id).title.textContent)"
    )
    assert len(selected) == 1 and selected[0].startswith("Direct Preference Optimization")
    assert "Direct Preference Optimization" in page.locator("#details").inner_text()
    assert loaded.errors == []
    page.close()
