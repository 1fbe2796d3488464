"""The ontology data files are valid: unique names and aliases, parents that exist."""

from __future__ import annotations

from collections import Counter

from loaders.ontology import Ontology, match_key


def test_ontology_is_broad():
    counts = Counter(e.type for e in Ontology.load().entries)
    assert sum(counts.values()) >= 600
    assert all(counts[t] >= 100 for t in ("Technique", "Model", "Dataset", "Benchmark"))


def test_every_alias_names_one_entry():
    """Two entries may share a spelling only where case tells them apart (TransCoder, transcoder)."""
    onto = Ontology.load()
    shared = {
        k: {a.entry.name for a in v}
        for k, v in onto.index.items()
        if len({a.entry.name for a in v}) > 1
        and (sum(not a.case_sensitive for a in v) > 1 or len({a.surface for a in v}) < len(v))
    }
    assert not shared


def test_every_parent_and_family_exists():
    onto = Ontology.load()
    for e in onto.entries:
        if e.parent:
            assert onto.get(e.type, e.parent), f"{e.name}: parent {e.parent} missing"
        if e.family:
            assert onto.get("Model", e.family), f"{e.name}: family {e.family} missing"


def test_spelling_variants_share_one_key():
    assert (
        match_key("LLaMA-3-8B-Instruct")
        == match_key("Llama 3 8B Instruct")
        == match_key("llama3-8b-instruct")
    )
    assert match_key("Qwen2.5-7B") != match_key("Qwen2-57B")
    assert match_key("HumanEval+") != match_key("HumanEval")
