"""Hugging Face Daily Papers page dumps: a short header, then title and abstract blocks.

The header is the page chrome (``new``, ``Subscribe``, ``Daily Papers``, a date
such as ``Sep 5``); after it, blocks separated by blank lines alternate title,
abstract. A title at the very end with no abstract is kept as a title-only paper.
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.errors import InputError
from graph.schema import Paper
from loaders.base import clean, read_text

NAME = "daily-papers"
HEADER_LINES = {
    "new",
    "get trending papers in your email inbox!",
    "subscribe",
    "daily papers",
    "byak and the research community",
}
DATE = re.compile(r"[A-Z][a-z]{2,8}\.? \d{1,2}(, \d{4})?")
MAX_TITLE = 300  # longer blocks are abstract text, never a title


def sniff(text: str) -> bool:
    """True when the text starts with the Daily Papers page header."""
    head = [line.strip().lower() for line in text.lstrip().splitlines()[:20] if line.strip()]
    return sum(line in HEADER_LINES for line in head) >= 2


def _is_header(block: str) -> bool:
    return block.lower() in HEADER_LINES or bool(DATE.fullmatch(block))


def parse(text: str, source: str = "<text>", bad: list[str] | None = None) -> list[Paper]:
    """Papers of one dump, in page order; duplicates within the dump are kept once.

    A dump has no records that can be bad on their own, so ``bad`` is unused.
    """
    blocks = [clean(b) for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    start = 0
    while start < len(blocks) and _is_header(blocks[start]):
        start += 1
    pairs: list[list[str]] = []
    for block in blocks[start:]:
        if pairs and len(pairs[-1]) == 1:
            pairs[-1].append(block)
        elif pairs and len(block) > MAX_TITLE:
            pairs[-1][1] += " " + block  # an abstract that was split by a blank line
        else:
            pairs.append([block])
    if not pairs:
        raise InputError(f"{source}: no papers after the Daily Papers header")
    papers: dict[str, Paper] = {}
    for pair in pairs:
        title, abstract = pair[0], (pair[1] if len(pair) > 1 else "")
        if len(title) > MAX_TITLE:
            raise InputError(f"{source}: block starting {title[:40]!r} is too long for a title")
        paper = Paper(title=title, abstract=abstract, sources=[source])
        papers.setdefault(paper.default_id(), paper)
    return list(papers.values())


def read(path: Path, bad: list[str] | None = None) -> list[Paper]:
    return parse(read_text(path), source=path.name, bad=bad)
