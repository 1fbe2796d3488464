"""BibTeX files, read with bibtexparser 2: title, authors, year, ids and venue of each entry.

Text fields are LaTeX-decoded by bibtexparser (``Schl\\"uter`` -> Schlüter, protective
braces dropped); identifier fields (doi, eprint, url, ...) are kept as written, since
decoding would eat ``%`` and ``_`` in URLs. Authors are split on ``and`` before decoding,
so that a braced corporate name stays one author. The arXiv id is found in whichever
field the exporter put it: arXiv, DBLP, Google Scholar and NASA ADS styles differ.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import BlockMiddleware, LatexDecodingMiddleware, NameParts
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)

from graph.errors import InputError
from graph.schema import Paper
from loaders import base

NAME = "bibtex"
ENTRY_START = re.compile(r"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.M)
BLOCK_KEY = re.compile(r"@[A-Za-z]+\s*[{(]\s*([^,\s{}()=]+)")
# Kept as written: decoding LaTeX would change them.
RAW_FIELDS = {"doi", "eprint", "archiveprefix", "eprinttype", "url", "volume", "pages", "eid", "primaryclass"}
TRAILING_AND = re.compile(r"\s+and\s*$")
ARXIV_JOURNALS = re.compile(r"^(?:corr|arxiv|arxiv e-prints|computing research repository)$", re.I)

# bibtexparser logs each broken block as a warning; they are reported here as bad records.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


def sniff(text: str) -> bool:
    """True when a line opens a BibTeX entry (``@article{``) and the text is not JSON or XML."""
    return not text[:4096].lstrip().startswith(("{", "[", "<")) and bool(ENTRY_START.search(text))


def parse(text: str, source: str = "<text>", bad: list[str] | None = None) -> list[Paper]:
    """Papers of the entries of one file, in file order; broken entries are bad records."""
    prepare = _Prepare()
    try:
        library = bibtexparser.parse_string(text, append_middleware=[prepare, LatexDecodingMiddleware()])
    except Exception as exc:  # bibtexparser raises on states it calls its own bugs; name the file anyway
        raise InputError(f"{source}: bibtexparser could not read it ({type(exc).__name__}: {exc})") from None
    blocks = [b for b in library.blocks if isinstance(b, Entry | ParsingFailedBlock)]
    if not blocks:
        raise InputError(f"{source}: no BibTeX entries")
    return base.collect(((_where(b), b) for b in blocks), lambda b: _paper(b, prepare.raw), source, bad)


def read(path: Path, bad: list[str] | None = None) -> list[Paper]:
    return parse(base.read_text(path), source=path.name, bad=bad)


class _Prepare(BlockMiddleware):
    """Lower-cases field names (the first of two spellings wins), sets identifier fields
    aside undecoded, and gives each author a field of its own so that decoding reaches it."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)
        self.raw: dict[str, dict[str, str]] = {}

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        fields: dict[str, Field] = {}
        for field in entry.fields:
            fields.setdefault(field.key.lower(), field)
        self.raw[entry.key] = {k: str(f.value) for k, f in fields.items() if k in RAW_FIELDS}
        kept = []
        for key, field in fields.items():
            if key == "author":
                names = split_multiple_persons_names(TRAILING_AND.sub("", str(field.value)))
                try:
                    parts = [parse_single_name_into_parts(name) for name in names]
                except InvalidNameError as exc:
                    return MiddlewareErrorBlock(entry, exc)
                kept += [Field(f"author {i}", p) for i, p in enumerate(parts) if p.last or p.first]
            elif key not in RAW_FIELDS:
                field.key = key
                kept.append(field)
        entry.fields = kept
        return entry


def _where(block: Block) -> str:
    """``entry 'key' (line n)``; a block that failed to parse has its key read from its raw text."""
    if isinstance(block, Entry):
        key = block.key
    elif isinstance(block, ParsingFailedBlock) and isinstance(block.ignore_error_block, Entry):
        key = block.ignore_error_block.key
    else:
        found = BLOCK_KEY.match(block.raw or "")
        key = found.group(1) if found else None
    line = f"line {block.start_line + 1}" if block.start_line is not None else ""
    if key:
        return f"entry {key!r}" + (f" ({line})" if line else "")
    return f"entry at {line}" if line else "an entry"


def _failure(block: ParsingFailedBlock) -> str:
    if isinstance(block, DuplicateBlockKeyBlock):
        return "duplicate key: an earlier entry has the same key"
    if isinstance(block, DuplicateFieldKeyBlock):
        return f"field written twice: {', '.join(sorted(block.duplicate_keys))}"
    if isinstance(block, MiddlewareErrorBlock):
        return f"cannot read it ({base.clean(str(block.error))[:200]})"
    reason = base.clean(getattr(block.error, "abort_reason", "") or str(block.error))
    return f"broken entry, unbalanced braces or a missing comma? ({reason[:200]})"


def _paper(block: Block, raw_fields: dict[str, dict[str, str]]) -> Paper:
    if isinstance(block, ParsingFailedBlock):
        raise base.BadRecord(_failure(block))
    assert isinstance(block, Entry)
    fields = {f.key: f.value for f in block.fields}
    raw = raw_fields.get(block.key, {})
    names = [v for k, v in fields.items() if k.startswith("author ") and isinstance(v, NameParts)]
    year = re.search(r"\d{4}", str(fields.get("year", "")))
    return Paper(
        title=base.title(_text(fields.get("title"))),
        abstract=base.clean(_text(fields.get("abstract"))),
        arxiv_id=_arxiv(fields, raw),
        doi=base.doi(raw.get("doi")),
        published=year.group(0) if year else None,
        url=base.clean(raw.get("url")) or None,
        venue=base.venue(_text(fields.get("journal")) or _text(fields.get("booktitle"))),
        categories=[c] if (c := base.clean(raw.get("primaryclass"))) else [],
        authors=base.authors(
            (n.merge_first_name_first, None) for n in names if n.merge_first_name_first.lower() != "others"
        ),
    )


def _text(value: object) -> str:
    return base.clean(value if isinstance(value, str) else None)


def _arxiv(fields: dict, raw: dict[str, str]) -> str | None:
    """The arXiv id from eprint, a Google Scholar journal, a DBLP volume, an ADS eid or pages, a URL or a DOI."""
    prefix = (raw.get("archiveprefix") or raw.get("eprinttype") or "").strip().lower()
    eprint = base.arxiv_id(raw.get("eprint"))
    if eprint and prefix in ("", "arxiv"):
        return eprint
    journal = _text(fields.get("journal"))
    volume = base.clean(raw.get("volume"))
    candidates = [
        journal if journal.lower().startswith("arxiv") else None,  # "arXiv preprint arXiv:2402.02047"
        volume.removeprefix("abs/") if ARXIV_JOURNALS.fullmatch(journal) else None,  # CoRR abs/1706.03762
        volume if volume.lower().startswith("arxiv:") else None,
        raw.get("eid"),
        raw.get("pages"),
    ]
    for value in candidates:
        found = base.arxiv_id(value) or base.arxiv_id_in(value)
        if found:
            return found
    return base.arxiv_id_in(raw.get("url")) or base.arxiv_id_in(raw.get("doi"))
