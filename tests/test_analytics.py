"""Analytics on small hand-built graphs whose right answers are known."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graph.analytics import centrality, communities, cooccurrence
from graph.analytics.gaps import gaps
from graph.analytics.leaderboard import find_benchmark, leaderboard, most_reported
from graph.analytics.projection import ResultRow
from graph.analytics.similarity import find_paper, similar
from graph.analytics.trends import trends
from graph.errors import InputError


def paper_graph(papers: dict[str, list[str]], dates: dict[str, str] | None = None) -> nx.Graph:
    """A paper–entity graph: paper title -> entities written ``Label:Name`` (``Model:X@BUILDS_ON`` sets the role)."""
    g = nx.Graph()
    for title, entities in papers.items():
        p = f"Paper:{title.lower()}"
        g.add_node(p, label="Paper", name=title, published=(dates or {}).get(title))
        for spec in entities:
            spec, _, rel = spec.partition("@")
            label, name = spec.split(":", 1)
            e = f"{label}:{name.lower()}"
            g.add_node(e, label=label, name=name, aliases=[])
            g.add_edge(p, e, rels=[rel or "USES"])
    return g


def two_cliques() -> nx.Graph:
    g = nx.Graph()
    left, right = [f"a{i}" for i in range(5)], [f"b{i}" for i in range(5)]
    g.add_edges_from((u, v, {"weight": 1}) for group in (left, right) for u in group for v in group if u < v)
    g.add_edge("a0", "b0", weight=1)
    return g


def test_star_centre_ranks_first():
    g = nx.star_graph(6)
    nx.relabel_nodes(g, {i: f"n{i}" for i in g}, copy=False)
    ranks = centrality.pagerank(g)
    assert centrality.top(ranks, 1)[0][0] == "n0"
    assert all(ranks["n0"] > ranks[f"n{i}"] for i in range(1, 7))
    between = centrality.betweenness(g)
    assert between["n0"] == pytest.approx(1.0) and between["n1"] == 0


def test_louvain_splits_two_cliques_and_betweenness_finds_the_bridge():
    g = two_cliques()
    found = communities.louvain(g)
    assert sorted(sorted(c) for c in found) == [[f"a{i}" for i in range(5)], [f"b{i}" for i in range(5)]]
    between = centrality.betweenness(g)
    assert {n for n, _ in centrality.top(between, 2)} == {"a0", "b0"}


def test_sampled_betweenness_still_finds_the_bridge_and_is_repeatable():
    g = two_cliques()
    sampled = centrality.betweenness(g, sample=4)
    assert {n for n, _ in centrality.top(sampled, 2)} == {"a0", "b0"}
    assert sampled == centrality.betweenness(g, sample=4)


@pytest.mark.parametrize("sample", [10_000, 20])
def test_betweenness_gives_networkx_figures(sample):
    g = nx.relabel_nodes(nx.gnm_random_graph(120, 260, seed=5), lambda i: f"n{i}")
    g.add_edge("lone-a", "lone-b")  # a second component
    expected = nx.betweenness_centrality(g, k=sample if sample < len(g) else None, seed=42)
    found = centrality.betweenness(g, sample=sample)
    assert found.keys() == expected.keys()
    assert all(found[v] == pytest.approx(expected[v], abs=1e-12) for v in g)


def test_louvain_is_the_same_every_time():
    g = nx.les_miserables_graph()
    assert communities.louvain(g) == communities.louvain(g.copy())


def test_paper_pagerank_uses_citations_when_there_are_some():
    g = paper_graph({"A": ["Technique:T"], "B": ["Technique:T"], "C": ["Technique:T"]})
    cites = nx.DiGraph()
    cites.add_nodes_from(["Paper:a", "Paper:b", "Paper:c"])
    cites.add_edges_from([("Paper:a", "Paper:c"), ("Paper:b", "Paper:c")])
    ranks = centrality.paper_pagerank(g, cites)
    assert set(ranks) == {"Paper:a", "Paper:b", "Paper:c"}
    assert max(ranks, key=ranks.get) == "Paper:c"


def test_pmi_favours_a_specific_pair_over_a_popular_one():
    # "LLM" is in every paper; X and Y meet only with each other.
    papers = {f"P{i}": ["Technique:LLM", "Technique:SFT"] for i in range(6)}
    papers |= {
        "Q1": ["Technique:LLM", "Technique:X", "Technique:Y"],
        "Q2": ["Technique:LLM", "Technique:X", "Technique:Y"],
    }
    co = cooccurrence.cooccurrence(paper_graph(papers))
    common = co.edges["Technique:llm", "Technique:sft"]
    specific = co.edges["Technique:x", "Technique:y"]
    assert common["weight"] == 6 and specific["weight"] == 2
    assert specific["pmi"] > common["pmi"]
    assert specific["lift"] == pytest.approx(8 * 2 / (2 * 2))
    assert co.edges["Technique:llm", "Technique:x"]["pmi"] == pytest.approx(math.log(2 * 8 / (8 * 2)))


def test_base_model_pairs_only_count_models_built_on():
    g = paper_graph(
        {
            "A": ["Technique:DPO", "Model:Llama@BUILDS_ON", "Model:GPT-4@COMPARES_WITH"],
            "B": ["Technique:DPO", "Model:Llama@BUILDS_ON"],
        }
    )
    stats = cooccurrence.pair_stats(g, "Technique", "Model", rel_b="BUILDS_ON")
    assert [(s.a, s.b, len(s.papers)) for s in stats] == [("Technique:dpo", "Model:llama", 2)]
    assert cooccurrence.matrix(g, ["Technique:dpo"], ["Model:llama", "Model:gpt-4"]) == [[2, 1]]


def test_community_labels_and_paper_membership():
    g = paper_graph(
        {
            "A": ["Technique:DPO", "Benchmark:AlpacaEval"],
            "B": ["Technique:DPO", "Benchmark:AlpacaEval", "Model:Zephyr"],
            "C": ["Technique:CoT", "Benchmark:GSM8K"],
            "D": ["Technique:CoT", "Benchmark:GSM8K", "Model:PaLM"],
        }
    )
    co = cooccurrence.cooccurrence(g)
    found = communities.louvain(co)
    member = communities.membership(found)
    assert member["Technique:dpo"] == member["Benchmark:alpacaeval"] != member["Technique:cot"]
    papers = communities.paper_membership(g, member)
    assert papers["Paper:a"] == papers["Paper:b"] == member["Technique:dpo"]
    assert set(communities.label(co, found[member["Technique:cot"]], 2)) == {"CoT", "GSM8K"}


def test_similar_papers_rank_by_rare_shared_entities_and_say_why():
    g = paper_graph(
        {
            "Target paper": ["Technique:SimPO", "Model:GPT-4", "Benchmark:AlpacaEval"],
            "Shares the rare one": ["Technique:SimPO", "Model:Mistral"],
            "Shares the common one": ["Model:GPT-4"],
            "Another with GPT-4": ["Model:GPT-4"],
            "Third with GPT-4": ["Model:GPT-4"],
            "Unrelated": ["Technique:RAG"],
        }
    )
    found = similar(g, find_paper(g, "target"), n=5)
    assert [s.title for s in found.similar][:1] == ["Shares the rare one"]
    assert found.similar[0].shared == ["SimPO"]
    assert "Unrelated" not in [s.title for s in found.similar]
    assert found.similar[0].score > found.similar[1].score


def test_find_paper_by_id_fragment_and_ambiguity():
    g = paper_graph(
        {"Direct Preference Optimization": ["Technique:DPO"], "Direct Nash Optimization": ["Technique:DNO"]}
    )
    assert find_paper(g, "direct preference opt") == "Paper:direct preference optimization"
    assert find_paper(g, "direct nash optimization") == "Paper:direct nash optimization"
    with pytest.raises(InputError, match="matches 2 papers"):
        find_paper(g, "Direct")
    with pytest.raises(InputError, match="no paper"):
        find_paper(g, "quantum chromodynamics")


def _result(paper, value, model="", metric="", delta=False, bench="Benchmark:b"):
    return ResultRow(
        paper=paper,
        benchmark=bench,
        value=value,
        metric=metric,
        model=model,
        delta=delta,
        evidence=f"{value}",
    )


def test_leaderboard_ranks_best_first_per_metric_and_leaves_out_gains():
    g = paper_graph({"P1": ["Benchmark:B"], "P2": ["Benchmark:B"], "P3": ["Benchmark:B"]})
    results = [
        _result("Paper:p1", 40.0, "M1", "accuracy"),
        _result("Paper:p2", 55.5, "M2", "Accuracy"),
        _result("Paper:p3", 99.0, "M3", "accuracy", delta=True),
        _result("Paper:p3", 12.0, "M3", "perplexity"),
        _result("Paper:p1", 9.0, "M1", "perplexity"),
        _result("Paper:p1", 40.0, "M1", "accuracy"),  # the same result twice counts once
    ]
    board = leaderboard(g, results, find_benchmark(g, "b"))
    assert board.gains_left_out == 1
    accuracy, perplexity = board.boards
    assert [(e.rank, e.value, e.model, e.paper) for e in accuracy.entries] == [
        (1, 55.5, "M2", "P2"),
        (2, 40.0, "M1", "P1"),
    ]
    assert not perplexity.higher_is_better
    assert [e.value for e in perplexity.entries] == [9.0, 12.0]


def test_find_benchmark_by_alias_and_most_reported():
    g = paper_graph({"P": ["Benchmark:AlpacaEval 2.0", "Benchmark:AlpacaEval"]})
    g.nodes["Benchmark:alpacaeval 2.0"]["aliases"] = ["AlpacaEval 2"]
    assert find_benchmark(g, "alpacaeval-2") == "Benchmark:alpacaeval 2.0"
    assert find_benchmark(g, "AlpacaEval") == "Benchmark:alpacaeval"
    with pytest.raises(InputError, match="ambiguous"):
        find_benchmark(g, "alpaca")
    results = [
        _result("Paper:p", 1.0, bench="Benchmark:x"),
        _result("Paper:q", 2.0, bench="Benchmark:y"),
        _result("Paper:r", 3.0, bench="Benchmark:y"),
    ]
    assert most_reported(results, 1) == ["Benchmark:y"]


def test_gap_is_a_pair_never_seen_together_whose_neighbours_meet():
    papers = {
        "A": ["Technique:DPO", "Model:Llama", "Benchmark:MT-Bench"],
        "B": ["Technique:DPO", "Model:Mistral", "Benchmark:MT-Bench"],
        "C": ["Technique:SimPO", "Model:Llama", "Benchmark:AlpacaEval"],
        "D": ["Technique:SimPO", "Model:Mistral", "Benchmark:AlpacaEval", "Benchmark:MT-Bench"],
        "E": ["Technique:CoT", "Benchmark:GSM8K"],
        "F": ["Technique:CoT", "Benchmark:GSM8K"],
    }
    g = paper_graph(papers)
    found = gaps(g, cooccurrence.cooccurrence(g), "technique-benchmark")
    assert [(x.a, x.b) for x in found] == [("DPO", "AlpacaEval")]
    assert set(found[0].shared) == {"Llama", "Mistral", "MT-Bench"}
    assert "no paper names DPO with AlpacaEval" in found[0].reason


def test_cooccurrence_keeps_the_strongest_pairs_within_its_budget_and_gaps_still_see_the_rest():
    papers = {
        "A": ["Technique:DPO", "Benchmark:MT-Bench", "Model:Llama"],
        "B": ["Technique:DPO", "Benchmark:MT-Bench", "Model:Llama"],
        "C": ["Technique:DPO", "Benchmark:AlpacaEval", "Model:Llama"],
        "D": ["Technique:SimPO", "Benchmark:AlpacaEval", "Model:Llama"],
    }
    g = paper_graph(papers)
    full = cooccurrence.cooccurrence(g)
    assert full.graph["min_papers"] == 1 and full.number_of_edges() == 7
    thin = cooccurrence.cooccurrence(g, budget=4)  # 4 pairs are named by 2 papers or more
    assert thin.graph["min_papers"] == 2
    assert sorted(thin.edges) == sorted(e for e in full.edges if full.edges[e]["weight"] >= 2)
    assert thin.number_of_nodes() == full.number_of_nodes()  # every entity stays, even alone
    # DPO and AlpacaEval meet once: dropped from the thin graph, yet no gap
    assert not thin.has_edge("Technique:dpo", "Benchmark:alpacaeval")
    assert all(
        (x.a, x.b) != ("DPO", "AlpacaEval") for x in gaps(g, thin, "technique-benchmark", min_shared=1)
    )


def test_technique_model_gaps_only_consider_base_models():
    papers = {
        "A": ["Technique:DPO", "Model:Llama@BUILDS_ON", "Benchmark:MT-Bench"],
        "B": ["Technique:DPO", "Model:Llama@BUILDS_ON", "Benchmark:AlpacaEval"],
        "C": ["Technique:ORPO", "Model:Mistral@BUILDS_ON", "Benchmark:MT-Bench", "Model:GPT-4@COMPARES_WITH"],
        "D": [
            "Technique:ORPO",
            "Model:Mistral@BUILDS_ON",
            "Benchmark:AlpacaEval",
            "Model:GPT-4@COMPARES_WITH",
        ],
    }
    g = paper_graph(papers)
    found = gaps(g, cooccurrence.cooccurrence(g), "technique-model")
    assert {(x.a, x.b) for x in found} == {("DPO", "Mistral"), ("ORPO", "Llama")}


def test_trends_fill_empty_months_and_find_rising_and_falling():
    papers, dates = {}, {}
    for i, month in enumerate(["2024-01", "2024-01", "2024-02", "2024-04", "2024-04", "2024-04"]):
        title = f"P{i}"
        papers[title] = ["Technique:PPO"] if i < 3 else ["Technique:DPO"]
        papers[title].append("Model:Llama")
        dates[title] = f"{month}-15"
    papers["Undated"] = ["Technique:DPO"]
    found = trends(paper_graph(papers, dates), min_papers=2)
    assert found.granularity == "month"
    assert found.periods == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert found.papers == [2, 1, 0, 3]
    assert (found.dated_papers, found.undated_papers) == (6, 1)
    assert [s.name for s in found.rising] == ["DPO"]
    assert [s.name for s in found.falling] == ["PPO"]
    dpo = next(s for s in found.top if s.name == "DPO")
    assert dpo.counts == [0, 0, 0, 3]
    assert "Llama" not in [s.name for s in found.rising + found.falling]  # in every paper: flat


def test_trends_use_years_over_a_long_span():
    papers = {f"P{y}": ["Technique:T"] for y in range(2019, 2024)}
    dates = {f"P{y}": str(y) for y in range(2019, 2024)}
    found = trends(paper_graph(papers, dates), min_papers=1)
    assert found.granularity == "year" and found.periods == [str(y) for y in range(2019, 2024)]
