"""Hugging Face daily papers API (``/api/daily_papers``): JSON items that each wrap a ``paper``.

A list of bare paper objects (``/api/papers/search`` without the wrapper, or a single
``/api/papers/<id>`` answer) reads the same. Every HF paper is an arXiv paper: ``id``
is its arXiv id. Titles and abstracts keep arXiv's hard line breaks; they are collapsed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.schema import Paper
from loaders import base

NAME = "hf-papers"
PAGE = "https://huggingface.co/papers/"


def sniff(text: str) -> bool:
    """True for JSON holding ``"paper": {...}`` items or paper objects with ``summary`` and ``publishedAt``."""
    if base.has_json_key(text, base.json_key("paper") + r"\s*\{"):
        return True
    return base.has_json_key(text, base.json_key("summary")) and base.has_json_key(
        text, base.json_key("publishedAt")
    )


def parse(text: str, source: str = "<text>", bad: list[str] | None = None) -> list[Paper]:
    """Papers of one API answer, in its order."""
    doc = base.load_json(text, source)
    if isinstance(doc, base.JsonLines):
        records = base.json_records(doc)
    elif isinstance(doc, dict):
        records = [("record 1", doc)]
    elif isinstance(doc, list):
        if not doc:
            raise InputError(f"{source}: empty list, no papers")
        records = base.numbered(doc)
    else:
        raise InputError(f"{source}: a JSON {base.kind(doc)}, not Hugging Face papers (a list of items)")
    if not any(_is_paper(r) for _, r in records):
        raise InputError(
            f"{source}: no Hugging Face paper in it (items need a 'paper' object, or 'id', 'title' and 'summary')"
        )
    return base.collect(records, _paper, source, bad)


def read(path: Path, bad: list[str] | None = None) -> list[Paper]:
    return parse(base.read_text(path), source=path.name, bad=bad)


def _is_paper(record: Any) -> bool:
    return isinstance(record, dict) and (
        isinstance(record.get("paper"), dict) or {"id", "title", "summary"} <= record.keys()
    )


def _paper(item: Any) -> Paper:
    if not isinstance(item, dict):
        raise base.BadRecord(f"a {base.kind(item)}, not a paper item")
    paper = base.object_field(item, "paper") if "paper" in item else item
    paper_id = base.text_field(paper, "id")
    names = []
    for author in base.list_field(paper, "authors"):
        if not isinstance(author, dict):
            raise base.BadRecord(f"an author is a {base.kind(author)}, not an object")
        names.append((base.text_field(author, "name"), None))
    arxiv_id = base.arxiv_id(paper_id)
    return Paper(
        title=base.title(base.text_field(paper, "title") or base.text_field(item, "title")),
        abstract=base.clean(base.text_field(paper, "summary") or base.text_field(item, "summary")),
        arxiv_id=arxiv_id,
        published=base.date(
            base.text_field(paper, "publishedAt") or base.text_field(item, "publishedAt"), "publishedAt"
        ),
        url=f"{PAGE}{paper_id}" if paper_id else None,
        authors=base.authors(names),
    )
