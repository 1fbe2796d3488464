"""Turn loaded papers into one graph batch: merged papers, entities, links, results, citations.

Pure: it reads nothing and writes nothing. The store hands in what it already
holds (paper identities, proposals) so that a new batch joins the old graph.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import ahocorasick

from graph.schema import (
    ROLE_REL,
    AuthorNode,
    Authorship,
    Citation,
    Entity,
    Extraction,
    GraphBatch,
    Link,
    Paper,
    PaperRef,
    ResultLink,
    VariantLink,
    norm,
    title_key,
)
from loaders.extract import Extractor
from loaders.ontology import Entry, Ontology, fold, match_key

NOT_ALNUM = re.compile(r"[^0-9a-z]+")
T = TypeVar("T")
R = TypeVar("R")
IDENTIFIERS = ("arxiv_id", "doi", "openalex_id", "s2_id")


def identity_keys(paper: Paper | PaperRef) -> list[str]:
    """Every key under which the same paper may be met, strongest first."""
    keys = [f"{field}:{str(value).lower()}" for field in IDENTIFIERS if (value := getattr(paper, field))]
    if paper.title and len(norm(paper.title)) >= 12:
        keys.append(f"title:{title_key(paper.title)}")
    return keys


class Identities:
    """Maps identity keys to paper ids: the papers a store holds plus those met so far."""

    def __init__(self, known: Iterable[tuple[str, list[str]]] = ()):
        self.ids: dict[str, str] = {}
        for paper_id, keys in known:
            for key in keys:
                self.ids.setdefault(key, paper_id)

    def resolve(self, paper: Paper | PaperRef) -> str | None:
        return next((self.ids[k] for k in identity_keys(paper) if k in self.ids), None)

    def add(self, paper_id: str, paper: Paper | PaperRef) -> None:
        for key in identity_keys(paper):
            self.ids.setdefault(key, paper_id)


def resolve_papers(papers: Iterable[Paper], identities: Identities) -> list[Paper]:
    """Papers merged by identity and given ids (existing ids for papers the store holds)."""
    merged: dict[str, Paper] = {}
    for paper in papers:
        paper_id = identities.resolve(paper) or paper.default_id()
        paper = paper.model_copy(update={"id": paper_id})
        merged[paper_id] = merged[paper_id].merged(paper) if paper_id in merged else paper
        identities.add(paper_id, merged[paper_id])
    return list(merged.values())


class GraphBuilder:
    """Accumulates entities and links from extractions into one batch."""

    def __init__(self, ontology: Ontology):
        self.ontology = ontology
        self.batch = GraphBatch()
        self._entities: dict[tuple[str, str], Entity] = {}
        self._links: set[tuple[str, str, str, str]] = set()
        self._variants: set[tuple[str, str, str]] = set()

    def entity(self, type_: str, name: str, mention: str = "") -> str:
        """Id of the entity node for ``name``, adding it and its ancestors when new."""
        entry = self.ontology.get(type_, name)
        key = match_key(name)
        if (type_, key) not in self._entities:
            aliases = entry.aliases if entry else []
            self._entities[(type_, key)] = Entity(
                type=type_,
                id=key,
                name=name,
                aliases=list(aliases),
                family=entry.family if entry else None,
                size=entry.size if entry else None,
                variant=entry.variant if entry else None,
            )
            parent = entry.parent if entry else None
            if parent:
                parent_entry = self.ontology.get(type_, parent)
                parent_id = self.entity(type_, parent_entry.name if parent_entry else parent)
                self._variants.add((type_, key, parent_id))
        node = self._entities[(type_, key)]
        if mention and mention != node.name and mention not in node.aliases:
            node.aliases.append(mention)
        return key

    def add_extraction(self, ex: Extraction, variant_parents: dict[str, str]) -> None:
        for m in ex.entities:
            entity_id = self.entity(m.type, m.name, m.mention)
            parent = variant_parents.get(m.name)
            if parent and match_key(parent) != entity_id:
                self._variants.add((m.type, entity_id, self.entity(m.type, parent)))
            key = (ex.id, ROLE_REL[m.role], m.type, entity_id)
            if key not in self._links:
                self._links.add(key)
                self.batch.links.append(
                    Link(
                        paper_id=ex.id,
                        rel=ROLE_REL[m.role],
                        entity_type=m.type,
                        entity_id=entity_id,
                        mention=m.mention,
                        evidence=m.evidence,
                    )
                )
        for r in ex.results:
            self.batch.results.append(
                ResultLink(
                    paper_id=ex.id,
                    benchmark_id=self.entity("Benchmark", r.benchmark),
                    value=r.value,
                    metric=r.metric or "",
                    model=r.model or "",
                    delta=r.delta,
                    evidence=r.evidence,
                )
            )

    def finish(self) -> GraphBatch:
        self.batch.entities = list(self._entities.values())
        self.batch.variants = [
            VariantLink(entity_type=t, child_id=c, parent_id=p) for t, c, p in self._variants
        ]
        return self.batch


PARALLEL_FROM = 4000  # items per extra worker process; below that, starting workers costs more than it saves
_work: tuple[Callable[[Any], Any], list] | None = None  # what forked workers inherit


def parallel_map(
    fn: Callable[[T], R], items: list[T], progress: Callable[[int], None] | None = None
) -> list[R]:
    """``fn`` over ``items`` in order, in forked worker processes (one per core) for long lists.

    Workers are forked, so they share ``fn`` (a compiled ontology, say) and the items
    without pickling them; only the results travel back.
    """
    global _work
    workers = min(os.cpu_count() or 1, len(items) // PARALLEL_FROM)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        out = []
        for i, item in enumerate(items):
            out.append(fn(item))
            if progress and i % 500 == 499:
                progress(500)
        return out
    _work = (fn, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunks = [range(i, min(i + 500, len(items))) for i in range(0, len(items), 500)]
            out = []
            for part in pool.imap(_run_range, chunks):
                out += part
                if progress:
                    progress(len(part))
            return out
    finally:
        _work = None


def _run_range(indexes: range) -> list:
    assert _work is not None
    fn, items = _work
    return [fn(items[i]) for i in indexes]


def extract_many(
    papers: list[Paper], extractor: Extractor, progress: Callable[[int], None] | None = None
) -> list[Extraction]:
    """Extract every paper, in worker processes for large corpora."""
    extractor.ontology.compile()  # once, here, not in every worker
    return parallel_map(extractor.extract, papers, progress)


def extract_corpus(
    papers: list[Paper],
    extractor: Extractor,
    known_proposals: Iterable[tuple[str, str, str]] = (),
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Extraction], list[Citation]]:
    """Extract every paper, then link papers that name what another paper proposes.

    ``known_proposals`` are (paper id, type, name) triples the store already holds,
    so that a paper ingested today can cite one ingested last week.
    """
    extractions = extract_many(papers, extractor, progress)
    # A name only one paper proposes identifies that paper; a name several claim does not.
    claims: dict[tuple[str, str], set[str]] = {}
    names: dict[tuple[str, str], str] = {}
    proposed = [(ex.id, m.type, m.name) for ex in extractions for m in ex.entities if m.role == "proposes"]
    for paper_id, type_, name in [*known_proposals, *proposed]:
        claims.setdefault((type_, match_key(name)), set()).add(paper_id)
        names.setdefault((type_, match_key(name)), name)
    proposers = {k: next(iter(ids)) for k, ids in claims.items() if len(ids) == 1}
    # Names papers coined that the ontology does not know are looked for in the other papers too.
    coined = [
        Entry(name=name, type=type_, case_sensitive=True)
        for (type_, _), name in names.items()
        if extractor.ontology.get(type_, name) is None
    ]
    if len(coined) > len(papers):  # a big store's names, a few new papers: compile only what they may name
        coined = _written_in(coined, [f"{p.title}\n{p.abstract}" for p in papers])
    if coined:
        finder = Extractor(Ontology(coined))
        finder.ontology.compile()

        def named(paper: Paper) -> set[tuple[str, str]]:
            """The coined names a paper names, when one of them is another paper's."""
            found = {
                (s.entry.type, match_key(s.entry.name))
                for s in finder.match(f"{paper.title}\n{paper.abstract}")
            }
            return found if any(claims[k] - {paper.id} for k in found) else set()

        hits = parallel_map(named, papers)
        if todo := [i for i, found in enumerate(hits) if found]:
            wanted = set().union(*hits)
            known = [e for e in coined if (e.type, match_key(e.name)) in wanted]
            corpus = Extractor(Ontology(extractor.ontology.entries + known))
            corpus.ontology.compile()
            for i, redone in zip(todo, parallel_map(lambda i: corpus.extract(papers[i]), todo), strict=True):
                extractions[i] = redone
    citations = []
    for ex in extractions:
        cited: set[str] = set()
        for m in ex.entities:
            src = proposers.get((m.type, match_key(m.name)))
            if m.role != "proposes" and src and src != ex.id and src not in cited:
                cited.add(src)
                citations.append(Citation(src_id=ex.id, dst_id=src, source="inferred", evidence=m.evidence))
    return extractions, citations


def _written_in(entries: list[Entry], texts: list[str]) -> list[Entry]:
    """The entries whose name's letters and digits occur unbroken in some text.

    A superset of what matching can find (every spelling of a name keeps its letters
    and digits in order), computed with one plain automaton instead of compiling spellings.
    """

    def bare(text: str) -> str:
        return NOT_ALNUM.sub("", fold(text)[0])

    keys = {e.name: bare(e.name) for e in entries}
    auto = ahocorasick.Automaton()
    for key in filter(None, keys.values()):
        auto.add_word(key, key)
    if len(auto) == 0:
        return []
    auto.make_automaton()
    seen = {key for text in texts for _, key in auto.iter(bare(text))}
    return [e for e in entries if keys[e.name] in seen]


def explicit_citations(papers: list[Paper], identities: Identities) -> tuple[list[Paper], list[Citation]]:
    """CITES from the references and citing papers that sources list, with stub papers for the unknown."""
    stubs: dict[str, Paper] = {}
    citations: list[Citation] = []
    for paper in papers:
        source = paper.citation_source or "source"
        for ref, outgoing in [(r, True) for r in paper.references] + [(r, False) for r in paper.cited_by]:
            other = identities.resolve(ref)
            if other is None:
                stub = Paper(**ref.model_dump(), sources=[])
                other = stub.default_id() if stub.title or stub.arxiv_id or stub.doi else None
                if other is None:
                    other = f"openalex:{ref.openalex_id}" if ref.openalex_id else f"s2:{ref.s2_id}"
                stubs[other] = stub.model_copy(update={"id": other})
                identities.add(other, stub)
            src, dst = (paper.id, other) if outgoing else (other, paper.id)
            if src != dst:
                citations.append(Citation(src_id=src, dst_id=dst, source=source))
    return list(stubs.values()), citations


def authorship(papers: list[Paper]) -> tuple[list[AuthorNode], list[Authorship]]:
    """Author nodes (by source id where given, else by normalised name) and ordered AUTHORED links."""
    nodes: dict[str, AuthorNode] = {}
    links: list[Authorship] = []
    for paper in papers:
        for position, author in enumerate(paper.authors, start=1):
            author_id = author.source_id or f"name:{norm(author.name)}"
            nodes.setdefault(author_id, AuthorNode(id=author_id, name=author.name))
            links.append(Authorship(author_id=author_id, paper_id=paper.id, position=position))
    return list(nodes.values()), links


def build(
    papers: Iterable[Paper],
    extractor: Extractor,
    identities: Identities | None = None,
    known_proposals: Iterable[tuple[str, str, str]] = (),
    progress: Callable[[int], None] | None = None,
    extracted: dict[str, tuple[str, str]] | None = None,
) -> tuple[GraphBatch, list[Extraction]]:
    """The batch that adds ``papers`` to a graph holding ``identities`` and ``known_proposals``.

    ``extracted`` maps ids of papers whose links the graph already holds to the title and
    abstract they were extracted from; such papers are not extracted again unless their text changed.
    """
    identities = identities or Identities()
    extracted = extracted or {}
    resolved = resolve_papers(papers, identities)
    stubs, explicit = explicit_citations(resolved, identities)
    todo = [p for p in resolved if extracted.get(p.id) != (p.title, p.abstract)]
    extractions, inferred = extract_corpus(todo, extractor, known_proposals, progress)
    builder = GraphBuilder(extractor.ontology)
    parents = {e.name: e.parent for e in _shape_entries(extractor, extractions)}
    for ex in extractions:
        builder.add_extraction(ex, parents)
    batch = builder.finish()
    batch.papers = resolved + stubs
    batch.citations = explicit + inferred
    batch.authors, batch.authorships = authorship(resolved)
    return batch, extractions


def _shape_entries(extractor: Extractor, extractions: list[Extraction]) -> list[Entry]:
    """Model names found by shape, with the known model each extends."""
    out = []
    for ex in extractions:
        for m in ex.entities:
            if m.type == "Model" and extractor.ontology.get("Model", m.name) is None:
                base = _known_prefix(extractor, m.name)
                if base:
                    out.append(Entry(name=m.name, type="Model", parent=base))
    return out


def _known_prefix(extractor: Extractor, name: str) -> str | None:
    """The longest known model whose name starts ``name`` ("Mistral-7B" for "Mistral-7B-v0.1")."""
    parts = name.split("-")
    for n in range(len(parts) - 1, 0, -1):
        entry = extractor.ontology.get("Model", "-".join(parts[:n]))
        if entry:
            return entry.name
    return None
