"""arXiv API responses: an Atom ``<feed>`` of ``<entry>`` elements, in the current or legacy serializer.

Both serializers use the same Atom and arXiv namespaces; the legacy one declares them
on each element and lists MSC classes as categories, which are left out here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from graph.errors import InputError
from graph.schema import Paper
from loaders import base

NAME = "arxiv"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
ABS_URL = re.compile(rf"arxiv\.org/abs/({base.ARXIV_ID})(v\d+)?$", re.I)
CATEGORY = re.compile(r"[a-z][a-z-]*(?:\.[A-Za-z-]+)?")  # cs.CL, math-ph, q-bio.NC; not MSC "53D10"


def sniff(text: str) -> bool:
    """True for an XML document whose head opens an Atom feed mentioning arXiv."""
    head = text[:8192].lstrip()[:4096]
    return head.startswith("<") and bool(re.search(r"<feed\b", head)) and "arxiv" in head.lower()


def parse(text: str, source: str = "<text>", bad: list[str] | None = None) -> list[Paper]:
    """Papers of one feed, in feed order; an arXiv API error feed is an error."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line, column = exc.position
        what = str(exc).rsplit(": line ", 1)[0]
        raise InputError(f"{source}: broken XML: {what} at line {line}, column {column + 1}") from None
    if root.tag != f"{ATOM}feed":
        raise InputError(f"{source}: root element is <{_local(root.tag)}>, not an Atom <feed>")
    entries = root.findall(f"{ATOM}entry")
    if len(entries) == 1 and "/api/errors" in (entries[0].findtext(f"{ATOM}id") or ""):
        message = base.clean(entries[0].findtext(f"{ATOM}summary"))
        raise InputError(f"{source}: the arXiv API answered with an error: {message}")
    records = [(_where(i, entry), entry) for i, entry in enumerate(entries, start=1)]
    return base.collect(records, _paper, source, bad)


def read(path: Path, bad: list[str] | None = None) -> list[Paper]:
    return parse(base.read_text(path), source=path.name, bad=bad)


def _where(index: int, entry: ET.Element) -> str:
    found = ABS_URL.search((entry.findtext(f"{ATOM}id") or "").strip())
    return f"entry {index}" + (f" ({found.group(1)})" if found else "")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _paper(entry: ET.Element) -> Paper:
    entry_id = (entry.findtext(f"{ATOM}id") or "").strip()
    found = ABS_URL.search(entry_id)
    if entry_id and not found:
        raise base.BadRecord(f"id {entry_id[:60]!r} is not an arXiv abs URL")
    alternate = next(
        (link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"), None
    )
    primary = entry.find(f"{ARXIV}primary_category")
    terms = [primary.get("term")] if primary is not None else []
    terms += [c.get("term") for c in entry.findall(f"{ATOM}category")]
    return Paper(
        title=base.title(entry.findtext(f"{ATOM}title")),
        abstract=base.clean(entry.findtext(f"{ATOM}summary")),
        arxiv_id=found.group(1) if found else None,
        doi=base.doi(entry.findtext(f"{ARXIV}doi")),
        published=base.date(entry.findtext(f"{ATOM}published"), "published"),
        url=alternate or entry_id or None,
        venue=base.venue(entry.findtext(f"{ARXIV}journal_ref")),
        categories=list(dict.fromkeys(t.strip() for t in terms if t and CATEGORY.fullmatch(t.strip()))),
        authors=base.authors((a.findtext(f"{ATOM}name"), None) for a in entry.findall(f"{ATOM}author")),
    )
