"""Semantic Scholar Graph API answers: a search page ``{data: [...]}``, a batch list, a paper, or JSON Lines.

Batch answers hold ``null`` where an id was not found; those slots are skipped. A
paper's ``references`` and ``citations`` (paper objects, or ``citedPaper`` /
``citingPaper`` wrappers as the ``/references`` and ``/citations`` endpoints give
them) become references and citing papers named by their ids and title.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.schema import Paper, PaperRef
from loaders import base

NAME = "semantic-scholar"
WRAPPERS = ("citingPaper", "citedPaper")


def sniff(text: str) -> bool:
    """True for JSON holding ``"paperId":`` keys."""
    return base.has_json_key(text, base.json_key("paperId"))


def parse(text: str, source: str = "<text>", bad: list[str] | None = None) -> list[Paper]:
    """Papers of one answer, in its order."""
    doc = base.load_json(text, source)
    records = base.api_records(
        doc, source, "Semantic Scholar", "paper", "data", _is_paper, "papers have a 'paperId'"
    )
    return base.collect(records, _paper, source, bad)


def read(path: Path, bad: list[str] | None = None) -> list[Paper]:
    return parse(base.read_text(path), source=path.name, bad=bad)


def _unwrap(record: Any) -> Any:
    if isinstance(record, dict):
        for key in WRAPPERS:
            if isinstance(record.get(key), dict):
                return record[key]
    return record


def _is_paper(record: Any) -> bool:
    record = _unwrap(record)
    return isinstance(record, dict) and "paperId" in record


def _ids(obj: dict) -> dict:
    """arXiv id, DOI and S2 id of a paper object."""
    external = base.object_field(obj, "externalIds")
    return {
        "arxiv_id": base.arxiv_id(base.text_field(external, "ArXiv")),
        "doi": base.doi(base.text_field(external, "DOI")),
        "s2_id": base.text_field(obj, "paperId") or None,
    }


def _refs(paper: dict, key: str) -> list[PaperRef]:
    refs = []
    for i, item in enumerate(base.list_field(paper, key), start=1):
        item = _unwrap(item)
        if item is None:
            continue
        if not isinstance(item, dict):
            raise base.BadRecord(f"{key}[{i}] is a {base.kind(item)}, not a paper object")
        ref = PaperRef(title=base.clean(base.text_field(item, "title")), **_ids(item))
        if ref != PaperRef():
            refs.append(ref)
    return refs


def _paper(record: Any) -> Paper | None:
    if record is None:
        return None  # a batch slot for an id S2 does not know
    paper = _unwrap(record)
    if not isinstance(paper, dict):
        raise base.BadRecord(f"a {base.kind(paper)}, not a paper object")
    names = []
    for author in base.list_field(paper, "authors"):
        if not isinstance(author, dict):
            raise base.BadRecord(f"an author is a {base.kind(author)}, not an object")
        names.append((base.text_field(author, "name"), base.text_field(author, "authorId")))
    venue = (
        base.text_field(paper, "venue")
        or base.text_field(base.object_field(paper, "publicationVenue"), "name")
        or base.text_field(base.object_field(paper, "journal"), "name")
    )
    return Paper(
        title=base.title(base.text_field(paper, "title")),
        abstract=base.clean(base.text_field(paper, "abstract")),
        **_ids(paper),
        published=base.date(
            base.text_field(paper, "publicationDate") or base.int_field(paper, "year"), "publicationDate"
        ),
        url=base.text_field(paper, "url"),
        venue=base.venue(venue),
        citation_count=base.int_field(paper, "citationCount"),
        authors=base.authors(names),
        references=_refs(paper, "references"),
        cited_by=_refs(paper, "citations"),
        citation_source="semantic_scholar",
    )
