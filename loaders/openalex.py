"""OpenAlex works: an API page ``{meta, results}``, a single work, or JSON Lines of works.

OpenAlex ids are URLs (``https://openalex.org/W2741809807``); the short form (``W...``,
``A...`` for authors) is kept. The abstract comes as an inverted index (word ->
positions) and is rebuilt; ``referenced_works`` become references by OpenAlex id.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from graph.schema import Paper, PaperRef
from loaders import base

NAME = "openalex"
SHORT_ID = re.compile(r"(?:https?://openalex\.org/)?([A-Z]\d+)", re.I)
LEADING_LABEL = re.compile(r"^(?:Abstract|ABSTRACT)[:.]?\s+(?=[A-Z])")  # "Abstract Large language models..."
NOT_VENUES = {"repository", "metadata"}  # location sources that host copies, not publish papers


def sniff(text: str) -> bool:
    """True for JSON holding OpenAlex work ids or work-only keys."""
    return base.has_json_key(
        text,
        r'(?<!\\)"id"\s*:\s*"(?:https://openalex\.org/)?W\d+"',
        base.json_key("abstract_inverted_index"),
        base.json_key("referenced_works"),
    )


def parse(text: str, source: str = "<text>", bad: list[str] | None = None) -> list[Paper]:
    """Papers of one page, work or JSON Lines file, in order."""
    doc = base.load_json(text, source)
    records = base.api_records(
        doc,
        source,
        "OpenAlex",
        "work",
        "results",
        _is_work,
        "works have an id like https://openalex.org/W...",
    )
    return base.collect(records, _paper, source, bad)


def read(path: Path, bad: list[str] | None = None) -> list[Paper]:
    return parse(base.read_text(path), source=path.name, bad=bad)


def _is_work(record: Any) -> bool:
    return (
        isinstance(record, dict)
        and isinstance(record.get("id"), str)
        and _short(record["id"], "W") is not None
    )


def _short(value: str | None, kind: str) -> str | None:
    """Short form of an OpenAlex id of ``kind`` (W work, A author), None for anything else."""
    m = SHORT_ID.fullmatch((value or "").strip())
    return m.group(1).upper() if m and m.group(1).upper().startswith(kind) else None


def abstract(index: Any) -> str:
    """The abstract an inverted index encodes: each word put back at its positions."""
    if index is None:
        return ""
    if not isinstance(index, dict):
        raise base.BadRecord(f"abstract_inverted_index is a {base.kind(index)}, not an object")
    at: dict[int, str] = {}
    for word, positions in index.items():
        if not isinstance(positions, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in positions
        ):
            raise base.BadRecord(f"abstract_inverted_index[{word[:30]!r}] is not a list of positions")
        for position in positions:
            at[position] = word
    return LEADING_LABEL.sub("", base.clean(" ".join(at[p] for p in sorted(at))))


def _paper(work: Any) -> Paper:
    if not isinstance(work, dict):
        raise base.BadRecord(f"a {base.kind(work)}, not a work")
    work_id = base.text_field(work, "id")
    openalex_id = _short(work_id, "W")
    if work_id and not openalex_id:
        raise base.BadRecord(f"id {work_id[:60]!r} is not an OpenAlex work id")
    ids = base.object_field(work, "ids")
    work_doi = base.doi(base.text_field(work, "doi") or base.text_field(ids, "doi"))
    primary = base.object_field(work, "primary_location")
    locations = [primary] + [loc for loc in base.list_field(work, "locations") if isinstance(loc, dict)]
    links = [base.text_field(loc, key) for loc in locations for key in ("landing_page_url", "pdf_url")]
    arxiv = next(
        (
            found
            for link in [base.text_field(ids, "arxiv"), work_doi, *links]
            if (found := base.arxiv_id_in(link))
        ),
        None,
    )
    names = []
    for authorship in base.list_field(work, "authorships"):
        if not isinstance(authorship, dict):
            raise base.BadRecord(f"an authorship is a {base.kind(authorship)}, not an object")
        author = base.object_field(authorship, "author")
        name = base.text_field(author, "display_name") or base.text_field(authorship, "raw_author_name")
        names.append((name, _short(base.text_field(author, "id"), "A")))
    references = []
    for ref in base.list_field(work, "referenced_works"):
        if not isinstance(ref, str) or not _short(ref, "W"):
            raise base.BadRecord(f"referenced_works holds {str(ref)[:40]!r}, not an OpenAlex work id")
        references.append(PaperRef(openalex_id=_short(ref, "W")))
    return Paper(
        title=base.title(base.text_field(work, "display_name") or base.text_field(work, "title")),
        abstract=abstract(work.get("abstract_inverted_index")),
        arxiv_id=arxiv,
        doi=work_doi,
        openalex_id=openalex_id,
        published=base.date(
            base.text_field(work, "publication_date") or base.int_field(work, "publication_year"),
            "publication_date",
        ),
        url=base.text_field(primary, "landing_page_url")
        or (f"https://doi.org/{work_doi}" if work_doi else None),
        venue=_venue(work, locations),
        citation_count=base.int_field(work, "cited_by_count"),
        authors=base.authors(names),
        references=references,
        citation_source="openalex",
    )


def _venue(work: dict, locations: list[dict]) -> str | None:
    """The journal or conference of the first location that names one; older works use ``host_venue``."""
    for location in locations:
        source = base.object_field(location, "source")
        if source.get("type") not in NOT_VENUES and (
            name := base.venue(base.text_field(source, "display_name"))
        ):
            return name
    return base.venue(base.text_field(base.object_field(work, "host_venue"), "display_name"))
