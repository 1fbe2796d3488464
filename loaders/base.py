"""What every loader shares: reading a file's text, reporting where it broke, checking records.

Structured loaders (JSON, XML, BibTeX) build each paper inside ``collect``: a record
that lacks a title or has a field of the wrong type raises ``BadRecord``, and
``collect`` either stops with an ``InputError`` naming the file and the record or,
with ``--skip-bad``, notes one line about it and goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from graph.errors import InputError
from graph.schema import Author, Paper

TITLE_LIMIT = 1000  # characters; real titles stay far below, longer "titles" are broken records
JSON_HEAD = 65536  # characters of a file the JSON sniffers look at
# arXiv identifiers: new style 2305.18290, old style hep-th/9901001 or math.GT/0309136.
ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Za-z]{2})?/\d{7})"
_ARXIV_BARE = re.compile(rf"(?:arxiv:\s*)?({ARXIV_ID})(?:v\d+)?", re.I)
_ARXIV_INSIDE = re.compile(
    rf"arxiv\.org/(?:abs|pdf)/({ARXIV_ID})|10\.48550/arxiv\.({ARXIV_ID})|\barxiv:\s*({ARXIV_ID})", re.I
)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
# Venue strings that only say "a preprint on arXiv"; a venue is where a paper was published.
_PREPRINT_VENUE = re.compile(
    r"^(?:arxiv(?:\.org)?(?: \(cornell university\))?|corr|computing research repository|"
    r"arxiv e-prints|arxiv preprint(?: arxiv:.*)?)$",
    re.I,
)
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?")


class BadRecord(ValueError):
    """One record of a file cannot become a paper; the message says why, in a few words."""


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, refusing binary, empty and undecodable files with one line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file, not a paper list")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (byte {exc.start}: {data[exc.start : exc.start + 1]!r})"
        ) from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return text


def clean(text: str | None) -> str:
    """Collapse runs of white space (arXiv and HF keep hard line breaks in titles)."""
    return " ".join((text or "").split())


# --- one record at a time -------------------------------------------------------------


def collect(
    records: Iterable[tuple[str, Any]],
    build: Callable[[Any], Paper | None],
    source: str,
    bad: list[str] | None,
) -> list[Paper]:
    """Papers built from ``(where, record)`` pairs; ``build`` returns None for a record to skip quietly.

    A record that is a ``BadRecord`` already (a JSON line that did not parse) or whose
    build raises one is reported as ``"<source>: <where>: <why>"``: raised when ``bad``
    is None, appended to ``bad`` otherwise.
    """
    papers = []
    for where, record in records:
        try:
            if isinstance(record, BadRecord):
                raise record
            paper = build(record)
        except BadRecord as exc:
            message = f"{source}: {where}: {exc}"
            if bad is None:
                raise InputError(message) from None
            bad.append(message)
            continue
        if paper is not None:
            papers.append(paper.model_copy(update={"sources": [source]}))
    return papers


def kind(value: Any) -> str:
    """JSON name of a value's type, for messages ("title is a number, not text")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def text_field(obj: dict, key: str) -> str | None:
    """``obj[key]`` when it is text, None when absent or null; anything else is a bad record."""
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    raise BadRecord(f"{key} is a {kind(value)}, not text")


def int_field(obj: dict, key: str) -> int | None:
    """``obj[key]`` when it is a whole number, None when absent or null."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise BadRecord(f"{key} is a {kind(value)}, not a whole number")


def list_field(obj: dict, key: str) -> list:
    """``obj[key]`` when it is a list, [] when absent or null."""
    value = obj.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise BadRecord(f"{key} is a {kind(value)}, not a list")


def object_field(obj: dict, key: str) -> dict:
    """``obj[key]`` when it is an object, {} when absent or null."""
    value = obj.get(key)
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise BadRecord(f"{key} is a {kind(value)}, not an object")


def title(value: str | None) -> str:
    """A cleaned title; a missing, empty or absurdly long one makes the record bad."""
    text = clean(value)
    if not text:
        raise BadRecord("no title")
    if len(text) > TITLE_LIMIT:
        raise BadRecord(f"title is {len(text)} characters long, too long for a title")
    return text


def authors(names: Iterable[tuple[str | None, str | None]]) -> list[Author]:
    """Authors from (name, source id) pairs in order, leaving out nameless ones."""
    return [Author(name=clean(name), source_id=sid or None) for name, sid in names if clean(name)]


def date(value: str | int | None, field: str) -> str | None:
    """ISO date ``yyyy``, ``yyyy-mm`` or ``yyyy-mm-dd`` from a date, a timestamp or a year."""
    if value is None or value == "":
        return None
    m = _DATE.fullmatch(str(value).strip())
    if not m:
        raise BadRecord(f"{field} {str(value)[:40]!r} is not a date")
    return "-".join(part for part in m.groups() if part)


# --- identifiers ----------------------------------------------------------------------


def arxiv_id(value: str | None) -> str | None:
    """An arXiv id given on its own ("2305.18290v2", "arXiv:2305.18290"), without version."""
    m = _ARXIV_BARE.fullmatch(clean(value))
    return m.group(1) if m else None


def arxiv_id_in(value: str | None) -> str | None:
    """The arXiv id inside a URL, an arXiv DOI or an ``arXiv:XXXX`` note, without version."""
    m = _ARXIV_INSIDE.search(value or "")
    return next((g for g in m.groups() if g), None) if m else None


def doi(value: str | None) -> str | None:
    """A DOI without its resolver prefix, in lower case (DOIs are case-insensitive)."""
    text = _DOI_PREFIX.sub("", clean(value)).lower()
    return text if text.startswith("10.") else None


def venue(value: str | None) -> str | None:
    """Where a paper was published; "arXiv", "CoRR" and the like say nothing of it and give None."""
    text = clean(value)
    return text if text and not _PREPRINT_VENUE.fullmatch(text) else None


# --- JSON -----------------------------------------------------------------------------


class JsonLines(list):
    """The documents of a JSON Lines file as ``(line number, value or BadRecord)`` pairs."""


def load_json(text: str, source: str) -> Any:
    """The JSON value of ``text``, or a ``JsonLines`` when it holds one object per line."""
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(f"{source}: broken JSON: nested too deeply") from None
    except json.JSONDecodeError as exc:
        lines = JsonLines(_json_lines(text)) if exc.msg == "Extra data" else None
        if lines and not isinstance(lines[0][1], BadRecord):
            return lines
        what = exc.msg.removesuffix(" at")  # "Unterminated string starting at"
        raise InputError(f"{source}: broken JSON: {what} at line {exc.lineno}, column {exc.colno}") from None


def _json_lines(text: str) -> list[tuple[int, Any]]:
    out: list[tuple[int, Any]] = []
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028 may sit in a string
        if not line.strip():
            continue
        try:
            out.append((number, json.loads(line)))
        except (json.JSONDecodeError, RecursionError) as exc:
            why = (
                exc.msg.removesuffix(" at") if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            )
            column = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
            out.append((number, BadRecord(f"broken JSON: {why}{column}")))
    return out


def json_records(lines: JsonLines) -> list[tuple[str, Any]]:
    """``(where, record)`` pairs of a JSON Lines file."""
    return [(f"line {number}", value) for number, value in lines]


def numbered(items: list, start: int = 1) -> list[tuple[str, Any]]:
    """``(where, record)`` pairs of a JSON list, counted from 1 as a reader counts."""
    return [(f"record {i}", item) for i, item in enumerate(items, start=start)]


def api_records(doc: Any, source: str, service: str, item: str, page_key: str, looks_right, hint: str):
    """``(where, record)`` pairs of an API answer: JSON Lines, a page ``{page_key: [...]}``,
    one record, or a list of records; an empty page is an empty answer, not an error.

    ``looks_right(record)`` tells this service's records (``item``s); a document holding
    none of them is the wrong kind of file, and the error says what was found and ``hint``.
    """
    if isinstance(doc, JsonLines):
        records = json_records(doc)
    elif isinstance(doc, dict) and page_key in doc:
        if not isinstance(doc[page_key], list):
            raise InputError(f"{source}: '{page_key}' is a {kind(doc[page_key])}, not a list of {item}s")
        records = numbered(doc[page_key])
        if not records:
            return []  # a search that found nothing
    elif isinstance(doc, dict):
        records = [(item, doc)]
    elif isinstance(doc, list) and doc:
        records = numbered(doc)
    else:
        found = "an empty list" if doc == [] else f"a JSON {kind(doc)}"
        raise InputError(f"{source}: {found}, not {service} {item}s")
    if not any(looks_right(r) for _, r in records):
        keys = f" (keys: {', '.join(list(doc)[:8])})" if isinstance(doc, dict) else ""
        raise InputError(f"{source}: no {service} {item} in it{keys}; {hint}")
    return records


def has_json_key(text: str, *patterns: str) -> bool:
    """True when ``text`` looks like JSON and one of ``patterns`` (regexes) occurs in its head.

    The patterns are matched on the text, not on parsed JSON, so that a truncated file
    is still recognised and its loader can say where it breaks.
    """
    head = text[: 2 * JSON_HEAD].lstrip()[:JSON_HEAD]
    if not head.startswith(("{", "[")):
        return False
    return any(re.search(p, head) for p in patterns)


def json_key(name: str) -> str:
    """Regex for ``"name":`` as a key (not inside an escaped string)."""
    return rf'(?<!\\)"{re.escape(name)}"\s*:'
