"""Input-format loaders: what a user sees when loading arXiv, HF, OpenAlex, S2 and BibTeX files.

Fixtures in ``tests/data/formats`` are small files written in each service's format;
the real recorded samples in ``../shared/formats`` are checked when that folder exists.
Cross-source tests go through ``graph.build``'s pure functions, without a store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import loaders
from graph.build import Identities, explicit_citations, identity_keys, resolve_papers
from graph.errors import InputError
from graph.schema import Paper
from loaders import arxiv, bibtex, daily_papers, hf_papers, openalex, semantic_scholar

DATA = Path(__file__).parent / "data" / "formats"
SAMPLES = Path(__file__).parents[2] / "shared" / "formats"
JSON_LOADERS = (hf_papers, openalex, semantic_scholar)

QLORA_ABSTRACT = (
    "We present QLoRA, a way to finetune a quantized 4-bit model through low-rank adapters. It makes "
    "finetuning a 65B model possible on a single 48GB GPU, and the model it gives matches the quality "
    "of a finetune in 16-bit precision."
)


def load(name: str, bad: list[str] | None = None) -> list[Paper]:
    return loaders.read(DATA / name, bad=bad)


def by_arxiv(papers: list[Paper]) -> dict[str, Paper]:
    return {p.arxiv_id: p for p in papers if p.arxiv_id}


def graph(*papers: Paper, identities: Identities | None = None):
    """Papers, stubs and CITES that a batch of ``papers`` becomes, as ``graph.build`` makes them."""
    identities = identities or Identities()
    resolved = resolve_papers(papers, identities)
    stubs, citations = explicit_citations(resolved, identities)
    return resolved, stubs, {(c.src_id, c.dst_id) for c in citations}


# --- detection and the common interface -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("arxiv_llm.xml", "arxiv"),
        ("arxiv_legacy.xml", "arxiv"),
        ("truncated.xml", "arxiv"),
        ("hf_daily.json", "hf-papers"),
        ("hf_bare.json", "hf-papers"),
        ("truncated.json", "hf-papers"),
        ("openalex_page.json", "openalex"),
        ("openalex_works.jsonl", "openalex"),
        ("s2_paper.json", "semantic-scholar"),
        ("s2_search.json", "semantic-scholar"),
        ("s2_batch.json", "semantic-scholar"),
        ("broken_line.jsonl", "semantic-scholar"),
        ("llm.bib", "bibtex"),
        ("unbalanced.bib", "bibtex"),
    ],
)
def test_format_is_detected_from_content(name, fmt):
    assert loaders.detect((DATA / name).read_text(encoding="utf-8"), name) == fmt


def test_detection_ignores_the_file_extension(tmp_path):
    misnamed = tmp_path / "papers.txt"
    misnamed.write_text((DATA / "s2_search.json").read_text(encoding="utf-8"), encoding="utf-8")
    assert len(loaders.read(misnamed)) == 2


def test_json_of_another_shape_is_an_error_not_zero_papers():
    with pytest.raises(InputError, match=r"other_shape.json: not a recognised paper file"):
        load("other_shape.json")
    text = (DATA / "other_shape.json").read_text(encoding="utf-8")
    for module in JSON_LOADERS:
        with pytest.raises(InputError, match=r"^other_shape\.json: "):
            module.parse(text, source="other_shape.json")


@pytest.mark.parametrize(
    ("fixture", "module"),
    [
        ("openalex_page.json", semantic_scholar),
        ("openalex_page.json", hf_papers),
        ("s2_search.json", openalex),
        ("s2_paper.json", hf_papers),
        ("hf_daily.json", semantic_scholar),
        ("hf_daily.json", openalex),
    ],
)
def test_a_loader_given_another_services_json_refuses_the_whole_file(fixture, module):
    with pytest.raises(InputError, match=rf"^{fixture}: "):
        module.parse((DATA / fixture).read_text(encoding="utf-8"), source=fixture)


def test_forced_format_that_does_not_fit_says_what_the_file_looks_like():
    with pytest.raises(InputError, match=r"not a openalex file; it looks like semantic-scholar"):
        loaders.read(DATA / "s2_paper.json", fmt="openalex")
    with pytest.raises(InputError, match=r"not a bibtex file; it looks like arxiv"):
        loaders.read(DATA / "arxiv_llm.xml", fmt="bibtex")


def test_forced_format_on_a_broken_file_says_where_it_breaks():
    with pytest.raises(InputError, match=r"truncated\.json: broken JSON: .* at line 18, column 14"):
        loaders.read(DATA / "truncated.json", fmt="hf-papers")


def test_read_all_passes_skip_bad_through_and_keeps_the_good_records():
    bad: list[str] = []
    papers, passed_over = loaders.read_all([DATA / "wrong_types.json", DATA / "hf_daily.json"], bad=bad)
    assert [p.arxiv_id for p in papers] == ["2106.09685", "2405.14734", "2305.14314"]
    assert passed_over == []
    assert len(bad) == 4
    assert all(m.startswith("wrong_types.json: record ") and "\n" not in m for m in bad)
    with pytest.raises(InputError, match=r"wrong_types.json: record 2: title is a number"):
        loaders.read_all([DATA / "hf_daily.json", DATA / "wrong_types.json"])


def test_every_parse_takes_bad_and_daily_papers_ignores_it():
    text = "new\n\nDaily Papers\n\nSep 5\n\nA Title About Models\n\nAn abstract about models.\n"
    assert [p.title for p in daily_papers.parse(text, source="dump.txt", bad=[])] == ["A Title About Models"]


def test_each_record_remembers_its_file():
    assert {tuple(p.sources) for p in load("s2_search.json")} == {("s2_search.json",)}


# --- arXiv Atom -------------------------------------------------------------------------


def test_arxiv_current_serializer():
    papers = load("arxiv_llm.xml")
    assert len(papers) == 6
    dpo = by_arxiv(papers)["2305.18290"]
    assert dpo.title == "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
    assert [a.name for a in dpo.authors] == [
        "Rafael Rafailov",
        "Archit Sharma",
        "Eric Mitchell",
        "Stefano Ermon",
        "Christopher D. Manning",
        "Chelsea Finn",
    ]
    assert dpo.published == "2023-05-29"
    assert dpo.categories == ["cs.LG", "cs.AI", "cs.CL"]
    assert dpo.url == "https://arxiv.org/abs/2305.18290v3"
    assert dpo.abstract.startswith("Aligning a language model") and "\n" not in dpo.abstract
    assert dpo.doi is None and dpo.venue is None
    assert by_arxiv(papers)["2405.14734"].categories == ["cs.CL", "cs.LG"]


def test_arxiv_legacy_serializer_with_old_style_id_doi_and_journal_ref():
    attention, maldacena = load("arxiv_legacy.xml")
    assert attention.arxiv_id == "1706.03762"
    assert len(attention.authors) == 8
    assert attention.categories == ["cs.CL", "cs.LG"]
    assert attention.abstract.startswith("A sequence transduction architecture")
    assert maldacena.arxiv_id == "hep-th/9711200"
    assert maldacena.doi == "10.1023/a:1026654312961"
    assert maldacena.venue == "Adv.Theor.Math.Phys.2:231-252,1998"
    assert maldacena.published == "1997-11-27"
    assert maldacena.default_id() == "arxiv:hep-th/9711200"


def test_arxiv_truncated_xml_names_file_line_and_column():
    with pytest.raises(InputError) as err:
        load("truncated.xml")
    assert str(err.value) == "truncated.xml: broken XML: unclosed token at line 43, column 25"


def test_arxiv_api_error_feed_is_an_error():
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>arXiv Query: id_list=2305.99999999</title>"
        "<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_2305.99999999</id>"
        "<title>Error</title><summary>incorrect id format for 2305.99999999</summary></entry></feed>"
    )
    with pytest.raises(InputError, match=r"q.xml: the arXiv API answered with an error: incorrect id format"):
        arxiv.parse(text, source="q.xml")


def test_arxiv_entity_expansion_bomb_is_refused():
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "lol"}">' for i in range(9))
    text = (
        f'<?xml version="1.0"?><!DOCTYPE feed [{entities}]><feed xmlns="http://www.w3.org/2005/Atom">'
        "<entry><id>http://arxiv.org/abs/2305.18290v1</id><title>&e8;</title></entry></feed>"
    )
    with pytest.raises(InputError, match=r"^bomb\.xml: broken XML: .* at line 1, column \d+$"):
        arxiv.parse(text, source="bomb.xml")


def test_arxiv_xml_that_is_not_a_feed():
    with pytest.raises(InputError, match=r"page.xml: root element is <html>, not an Atom <feed>"):
        arxiv.parse("<html><body>arxiv</body></html>", source="page.xml")


def test_arxiv_entry_without_title_is_a_bad_record():
    text = (DATA / "arxiv_llm.xml").read_text(encoding="utf-8")
    text = text.replace("<title>QLoRA: Efficient Finetuning of Quantized LLMs</title>", "<title> </title>")
    with pytest.raises(InputError, match=r"^feed.xml: entry 4 \(2305.14314\): no title$"):
        arxiv.parse(text, source="feed.xml")
    bad: list[str] = []
    assert len(arxiv.parse(text, source="feed.xml", bad=bad)) == 5
    assert bad == ["feed.xml: entry 4 (2305.14314): no title"]


# --- Hugging Face daily papers ------------------------------------------------------------


def test_hf_daily_papers_items():
    simpo, qlora = load("hf_daily.json")
    assert simpo.title == "SimPO: Simple Preference Optimization with a Reference-Free Reward"
    assert simpo.arxiv_id == "2405.14734"
    assert simpo.published == "2024-05-23"
    assert [a.name for a in simpo.authors] == ["Yu Meng", "Mengzhou Xia", "Danqi Chen"]
    assert simpo.url == "https://huggingface.co/papers/2405.14734"
    assert "\n" not in simpo.abstract
    assert qlora.arxiv_id == "2305.14314" and len(qlora.authors) == 4


def test_hf_bare_paper_objects_and_a_single_object():
    (dpo,) = load("hf_bare.json")
    assert dpo.title == "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
    assert len(dpo.authors) == 6
    one = json.loads((DATA / "hf_bare.json").read_text(encoding="utf-8"))[0]
    assert hf_papers.parse(json.dumps(one), source="one.json")[0].arxiv_id == "2305.18290"


def test_hf_wrong_types_stop_or_are_skipped():
    with pytest.raises(InputError) as err:
        load("wrong_types.json")
    assert str(err.value) == "wrong_types.json: record 2: title is a number, not text"
    bad: list[str] = []
    assert [p.arxiv_id for p in load("wrong_types.json", bad)] == ["2106.09685"]
    assert bad == [
        "wrong_types.json: record 2: title is a number, not text",
        "wrong_types.json: record 3: authors is a string, not a list",
        "wrong_types.json: record 4: publishedAt 'last spring' is not a date",
        "wrong_types.json: record 5: a string, not a paper item",
    ]


def test_hf_empty_list_is_an_error():
    with pytest.raises(InputError, match=r"empty.json: empty list"):
        hf_papers.parse("[]", source="empty.json")


def test_huge_title_is_a_bad_record_and_huge_abstract_is_kept(tmp_path):
    items = json.loads((DATA / "hf_daily.json").read_text(encoding="utf-8"))
    items[0]["paper"]["title"] = "Attention " * 50_000
    items[1]["paper"]["summary"] = "word " * 400_000
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    with pytest.raises(InputError, match=r"huge.json: record 1: title is 499999 characters long"):
        loaders.read(path)
    bad: list[str] = []
    (qlora,) = loaders.read(path, bad=bad)
    assert len(qlora.abstract) == 2_000_000 - 1 and len(bad) == 1


def test_deeply_nested_json_is_one_line_error():
    with pytest.raises(InputError, match=r"deep.json: broken JSON: nested too deeply"):
        semantic_scholar.parse("[" * 200_000, source="deep.json")


# --- OpenAlex -------------------------------------------------------------------------------


def test_openalex_page():
    qlora, chem = load("openalex_page.json")
    assert qlora.openalex_id == "W4378189609"
    assert qlora.doi == "10.48550/arxiv.2305.14314"
    assert qlora.arxiv_id == "2305.14314"
    assert qlora.abstract == QLORA_ABSTRACT
    assert qlora.published == "2023-05-23"
    assert qlora.citation_count == 1200
    assert qlora.citation_source == "openalex"
    assert [r.openalex_id for r in qlora.references] == ["W3168867926", "W4226278401", "W2963403868"]
    assert (qlora.authors[0].name, qlora.authors[0].source_id) == ("Tim Dettmers", "A5048530937")
    assert qlora.venue is None  # arXiv hosts it, nobody published it
    assert chem.venue == "Nature Machine Intelligence"
    assert chem.doi == "10.1038/s42256-024-00832-8" and chem.arxiv_id is None
    assert chem.abstract.startswith("Large language models do well")  # the "Abstract" label is dropped
    assert len(chem.authors) == 6


def test_openalex_json_lines_and_old_host_venue():
    lora, cot = load("openalex_works.jsonl")
    assert lora.arxiv_id == "2106.09685" and lora.openalex_id == "W3168867926"
    assert lora.url == "https://doi.org/10.48550/arxiv.2106.09685"
    assert cot.arxiv_id == "2201.11903"  # from a location on arxiv.org
    assert cot.doi is None
    assert cot.venue == "Neural Information Processing Systems"
    assert cot.abstract.startswith("Prompting a large model with a few worked examples")


def test_openalex_single_work_object():
    work = json.loads((DATA / "openalex_page.json").read_text(encoding="utf-8"))["results"][1]
    (paper,) = openalex.parse(json.dumps(work), source="work.json")
    assert paper.openalex_id == "W4396723768"
    assert [r.openalex_id for r in paper.references] == ["W4365597205", "W4378189609"]


def test_openalex_authors_are_not_works():
    authors = {
        "meta": {"count": 1},
        "results": [{"id": "https://openalex.org/A5048530937", "display_name": "Tim Dettmers"}],
    }
    with pytest.raises(InputError, match=r"^authors\.json: no OpenAlex work in it"):
        openalex.parse(json.dumps(authors), source="authors.json")


def test_openalex_abstract_is_rebuilt_from_word_positions():
    assert openalex.abstract({"low-rank": [2], "LoRA": [0], "adds": [1], "adapters": [3]}) == (
        "LoRA adds low-rank adapters"
    )
    assert openalex.abstract({"to": [1, 3], "be": [0, 4], "or": [2], "not": [5]}) == "be to or to be not"
    assert openalex.abstract(None) == ""


def test_openalex_inverted_index_of_wrong_type_is_a_bad_record():
    page = json.loads((DATA / "openalex_page.json").read_text(encoding="utf-8"))
    page["results"][0]["abstract_inverted_index"] = {"We": "zero"}
    bad: list[str] = []
    papers = openalex.parse(json.dumps(page), source="page.json", bad=bad)
    assert [p.openalex_id for p in papers] == ["W4396723768"]
    assert bad == ["page.json: record 1: abstract_inverted_index['We'] is not a list of positions"]


# --- Semantic Scholar ------------------------------------------------------------------------


def test_s2_paper_with_references_and_citations():
    (dpo,) = load("s2_paper.json")
    assert dpo.s2_id == "0d1c76d45afa012ded7ab741194baf142117c495"
    assert dpo.arxiv_id == "2305.18290"
    assert dpo.published == "2023-05-29"
    assert dpo.venue == "Neural Information Processing Systems"
    assert dpo.citation_count == 2500
    assert dpo.citation_source == "semantic_scholar"
    assert (dpo.authors[0].name, dpo.authors[0].source_id) == ("Rafael Rafailov", "102801055")
    assert len(dpo.references) == 4 and len(dpo.cited_by) == 3
    assert dpo.references[0].arxiv_id == "2203.02155"
    assert dpo.references[3].s2_id is None and dpo.references[3].title.startswith("Rank analysis")


def test_s2_search_page_and_batch_with_a_null_slot():
    lora, cot = load("s2_search.json")
    assert lora.venue == "International Conference on Learning Representations"
    assert cot.published == "2022-01-28"
    bad: list[str] = []
    qlora, cot = load("s2_batch.json", bad)
    assert bad == []  # the null slot is an id S2 did not find, not a bad record
    assert qlora.published == "2023" and qlora.venue is None  # "arXiv.org" is no venue
    assert qlora.abstract == ""


def test_s2_missing_and_wrongly_typed_fields():
    with pytest.raises(InputError, match=r"^missing_fields\.json: record 2: no title$"):
        load("missing_fields.json")
    bad: list[str] = []
    assert [p.arxiv_id for p in load("missing_fields.json", bad)] == ["2106.09685"]
    assert bad == [
        "missing_fields.json: record 2: no title",
        "missing_fields.json: record 3: no title",
        "missing_fields.json: record 4: an author is a number, not an object",
        "missing_fields.json: record 5: year is a string, not a whole number",
    ]


def test_s2_unicode_titles_are_kept():
    infinity, goedel = load("unicode_titles.json")
    assert infinity.title == "∞-former: Infinite Memory Transformer"
    assert infinity.authors[2].name == "André F. T. Martins"
    assert goedel.title.startswith("Über formal unentscheidbare Sätze")
    assert goedel.authors[0].name == "Kurt Gödel" and goedel.published == "1931"


def test_s2_json_lines_with_a_broken_line():
    with pytest.raises(InputError, match=r"^broken_line\.jsonl: line 2: broken JSON: Unterminated string"):
        load("broken_line.jsonl")
    bad: list[str] = []
    assert [p.arxiv_id for p in load("broken_line.jsonl", bad)] == ["2106.09685", "2305.14314"]
    assert len(bad) == 1


def test_s2_citation_endpoint_wrappers():
    page = {"offset": 0, "data": [{"contexts": [], "citingPaper": {"paperId": "abc", "title": "SimPO"}}]}
    (paper,) = semantic_scholar.parse(json.dumps(page), source="citations.json")
    assert paper.s2_id == "abc"
    wrapped = {
        "paperId": "p1",
        "title": "A paper",
        "references": [{"citedPaper": {"paperId": "p2", "title": "B"}}],
    }
    assert semantic_scholar.parse(json.dumps(wrapped))[0].references[0].s2_id == "p2"


def test_s2_empty_search_page_is_zero_papers():
    assert semantic_scholar.parse('{"total": 0, "offset": 0, "data": []}', source="none.json") == []


# --- BibTeX ----------------------------------------------------------------------------------


def test_bibtex_exporter_styles():
    papers = load("llm.bib")
    assert len(papers) == 9
    ids = [p.arxiv_id for p in papers]
    assert ids == [
        None,  # NeurIPS proceedings entry: no arXiv id anywhere
        "2106.09685",  # arXiv export: eprint + archivePrefix
        "2305.14314",  # Google Scholar: journal = {arXiv preprint arXiv:...}
        "2201.11903",  # DBLP: eprinttype + eprint, CoRR abs/...
        "2405.14734",  # Semantic Scholar: journal = {ArXiv}, volume = {abs/...}
        "2302.13971",  # NASA ADS
        None,  # ACL Anthology
        "2203.02155",  # only a URL on arxiv.org
        "2303.08774",
    ]
    dpo, lora, qlora, cot, simpo, llama, bert, instruct, gpt4 = papers
    assert dpo.title == "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
    assert dpo.venue == "Advances in Neural Information Processing Systems"
    assert dpo.authors[3].name == "Christopher D Manning" and dpo.published == "2023"
    assert lora.categories == ["cs.CL"] and lora.url == "https://arxiv.org/abs/2106.09685"
    assert qlora.venue is None  # "arXiv preprint arXiv:..." is no venue
    assert [a.name for a in cot.authors][-1] == "Denny Zhou"
    assert simpo.published == "2024"
    assert llama.title == "LLaMA: Open and Efficient Foundation Language Models"
    assert [a.name for a in llama.authors][5:] == ["Timothée Lacroix", "Baptiste Rozière", "Naman Goyal"]
    assert llama.doi == "10.48550/arxiv.2302.13971"
    assert bert.doi == "10.18653/v1/n19-1423"  # field written DOI
    assert bert.title.startswith("BERT: Pre-training")
    assert bert.venue.startswith("Proceedings of the 2019 Conference of the North American")  # @string
    assert [a.name for a in bert.authors] == [
        "Jacob Devlin",
        "Ming-Wei Chang",
        "Kenton Lee",
        "Kristina Toutanova",
    ]
    assert len(instruct.authors) == 4  # "and others" is not an author
    assert [a.name for a in gpt4.authors] == ["OpenAI"]


def test_bibtex_arxiv_id_in_ads_pages_and_braced_and_in_names():
    text = r"""@article{ads, author = {{Joshi}, Mandar and {Barnes and Noble} and Schl\"uter, Ralf},
        title = "{TriviaQA}", journal = {arXiv e-prints}, year = 2017, pages = {arXiv:1705.03551}}
    @misc{hal, title = {Not on arXiv}, eprint = {hal-01234567}, archivePrefix = {HAL}}"""
    ads, hal = bibtex.parse(text, source="x.bib")
    assert ads.arxiv_id == "1705.03551"
    assert [a.name for a in ads.authors] == ["Mandar Joshi", "Barnes and Noble", "Ralf Schlüter"]
    assert hal.arxiv_id is None


def test_bibtex_unbalanced_braces_missing_title_and_duplicate_key():
    with pytest.raises(InputError) as err:
        load("unbalanced.bib")
    message = str(err.value)
    assert message.startswith("unbalanced.bib: entry 'dettmers2023qlora' (line 9): broken entry")
    assert "\n" not in message
    bad: list[str] = []
    papers = load("unbalanced.bib", bad)
    assert [p.arxiv_id for p in papers] == ["2106.09685", "2201.11903"]
    assert len(bad) == 3
    assert bad[1] == "unbalanced.bib: entry 'untitled2023' (line 23): no title"
    assert bad[2].startswith("unbalanced.bib: entry 'hu2021lora' (line 28): duplicate key")


def test_bibtex_latin1_file_is_refused_with_its_name():
    with pytest.raises(InputError, match=r"latin1\.bib: not UTF-8 text \(byte 134"):
        load("latin1.bib")


def test_bibtex_text_without_entries():
    with pytest.raises(InputError, match=r"notes.bib: no BibTeX entries"):
        bibtex.parse("% only a comment\n", source="notes.bib")


# --- across sources, through graph.build ----------------------------------------------------


def test_same_paper_from_arxiv_xml_and_bibtex_is_one_paper_with_both_ids():
    papers, _, _ = graph(*load("arxiv_llm.xml"), *load("llm.bib"))
    assert len(papers) == 9  # 6 + 9 records, 6 of them the same papers
    bert = next(p for p in papers if p.arxiv_id == "1810.04805")  # met by title
    assert bert.doi == "10.18653/v1/n19-1423"
    assert bert.sources == ["arxiv_llm.xml", "llm.bib"]
    assert bert.venue.startswith("Proceedings of the 2019 Conference")
    dpo = next(p for p in papers if p.arxiv_id == "2305.18290")  # braces and line breaks do not count
    assert dpo.id == "arxiv:2305.18290" and dpo.sources == ["arxiv_llm.xml", "llm.bib"]
    assert dpo.published == "2023-05-29"


def test_s2_citing_and_cited_papers_become_papers_with_cites():
    papers, stubs, cites = graph(*load("s2_paper.json"))
    assert len(papers) + len(stubs) == 8
    assert len(cites) == 7
    assert ("arxiv:2305.18290", "arxiv:2203.02155") in cites  # DPO cites InstructGPT
    assert ("arxiv:2405.14734", "arxiv:2305.18290") in cites  # SimPO cites DPO
    # SimPO also read from arXiv: the CITES starts at that paper, not at a stub.
    papers, stubs, cites = graph(*load("s2_paper.json"), *load("arxiv_llm.xml"))
    assert len(stubs) == 6
    simpo = next(p for p in papers if p.arxiv_id == "2405.14734")
    assert (simpo.id, "arxiv:2305.18290") in cites and simpo.sources == ["arxiv_llm.xml"]


def test_openalex_references_meet_papers_loaded_later_from_another_file():
    first, stubs, cites = graph(*load("openalex_page.json"))
    assert len(stubs) == 4  # LoRA, CoT and two more known only by OpenAlex id
    assert ("doi:10.1038/s42256-024-00832-8", "arxiv:2305.14314") in cites  # Chem cites QLoRA, read alongside
    assert ("arxiv:2305.14314", "openalex:W3168867926") in cites
    # Next ingest: the store knows the stubs; LoRA arrives from OpenAlex JSON Lines and arXiv XML.
    known = Identities((p.id, identity_keys(p)) for p in first + stubs)
    second, _, cites = graph(*load("openalex_works.jsonl"), *load("arxiv_llm.xml"), identities=known)
    lora = next(p for p in second if p.arxiv_id == "2106.09685")
    assert lora.id == "openalex:W3168867926"
    assert lora.sources == ["openalex_works.jsonl", "arxiv_llm.xml"]
    assert ("openalex:W4226278401", "openalex:W3168867926") in cites  # CoT -> LoRA


def test_openalex_reference_to_a_paper_in_the_same_batch():
    _, _, cites = graph(*load("openalex_page.json"), *load("openalex_works.jsonl"))
    assert ("arxiv:2305.14314", "arxiv:2106.09685") in cites  # QLoRA -> LoRA


# --- the real recorded samples in ../shared/formats --------------------------------------------


def sample(name: str) -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"real format samples not found at {SAMPLES}")
    return SAMPLES / name


@pytest.mark.parametrize(
    ("name", "fmt", "count"),
    [
        ("arxiv_atom.xml", "arxiv", 10),
        ("arxiv_atom_legacy.xml", "arxiv", 10),
        ("hf_daily_papers.json", "hf-papers", 10),
        ("hf_daily_papers_2024-11-11.json", "hf-papers", 8),
        ("openalex_works.json", "openalex", 2),
        ("s2_papers.json", "semantic-scholar", 1),
        ("s2_search_match_llm.json", "semantic-scholar", 1),
        ("s2_paper_batch.json", "semantic-scholar", 3),
        ("papers.bib", "bibtex", 24),
        ("papers_mixed_styles.bib", "bibtex", 23),
    ],
)
def test_real_samples_load(name, fmt, count):
    path = sample(name)
    assert loaders.detect(path.read_text(encoding="utf-8"), name) == fmt
    bad: list[str] = []
    papers = loaders.read(path, bad=bad)
    assert len(papers) == count and bad == []
    assert all(p.title and "\n" not in p.title and "  " not in p.title for p in papers)


@pytest.mark.parametrize("fmt", list(loaders.REGISTRY))
def test_real_pwc_evaluation_table_is_no_paper_list(fmt):
    path = sample("pwc_evaluation_tables_format_sample.json")
    with pytest.raises(InputError, match=r"pwc_evaluation_tables_format_sample.json"):
        loaders.read(path)
    with pytest.raises(InputError, match=f"not a {fmt} file"):
        loaders.read(path, fmt=fmt)


def test_real_arxiv_samples():
    current = by_arxiv(loaders.read(sample("arxiv_atom.xml")))
    assert current["2302.03287"].doi == "10.1109/icstw58534.2023.00078"
    assert current["2302.03287"].venue.startswith("2023 IEEE International Conference on Software Testing")
    assert current["2302.03287"].categories == ["cs.SE", "cs.HC"]
    legacy = by_arxiv(loaders.read(sample("arxiv_atom_legacy.xml")))
    assert "math/0502287" in legacy and "math/0507289" in legacy
    assert legacy["1801.05533"].categories == ["math.DG"]  # MSC classes are not arXiv categories
    assert legacy["0808.2097"].categories == ["math.DG", "math-ph", "math.MP"]


def test_real_openalex_sample():
    nature, preprint = loaders.read(sample("openalex_works.json"))
    assert len(nature.references) == 57 and nature.citation_count == 236
    assert nature.abstract.startswith("Large language models (LLMs) have shown strong performance")
    assert nature.venue == "Nature Machine Intelligence"
    assert preprint.arxiv_id == "2304.05376" and preprint.openalex_id == "W4365597205"


def test_real_s2_sample_gives_25_papers_and_24_cites():
    papers, stubs, cites = graph(*loaders.read(sample("s2_papers.json")))
    assert len(papers) + len(stubs) == 25
    assert len(cites) == 24


def test_real_bibtex_samples():
    papers = {p.title: p for p in loaders.read(sample("papers.bib"))}
    irie = papers["Language Modeling with Deep Transformers"]
    assert [a.name for a in irie.authors][2] == "Ralf Schlüter"
    assert irie.doi == "10.21437/interspeech.2019-2225"
    assert (
        papers["See What You Are Told: Visual Attention Sink in Large Multimodal Models"].arxiv_id
        == "2503.03321"
    )
    mixed = loaders.read(sample("papers_mixed_styles.bib"))
    ids = {p.title: p.arxiv_id for p in mixed}
    assert ids["Quality and Trust in LLM-generated Code"] == "2402.02047"
    assert ids["Attention Is All You Need"] == "1706.03762"
    assert (
        ids["triviaqa: A Large Scale Distantly Supervised Challenge Dataset for Reading Comprehension"]
        == "1705.03551"
    )
    assert ids["Yara Parser: A Fast and Accurate Dependency Parser"] == "1503.06733"
    nair = next(p for p in mixed if p.title.startswith("Examining Calibration"))
    assert [a.name for a in nair.authors] == ["Aakarsh Nair", "Ilinca Vandici", "Linus Rösener"]
