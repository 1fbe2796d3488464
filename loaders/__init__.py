"""Loaders: one module per input format, each a pure ``parse`` and a thin ``read``.

The registry maps a format name to its module; modules are imported on first
use so that ``citegraph --help`` stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from graph.errors import InputError
from graph.schema import Paper
from loaders.base import read_text

# Order matters: detection asks each loader in turn whether it recognises a file, and
# takes the first that does; the sniffers that look for the most specific marks come first.
REGISTRY: dict[str, str] = {
    "openalex": "loaders.openalex",
    "semantic-scholar": "loaders.semantic_scholar",
    "hf-papers": "loaders.hf_papers",
    "arxiv": "loaders.arxiv",
    "bibtex": "loaders.bibtex",
    "daily-papers": "loaders.daily_papers",
}
SUFFIXES = {".txt", ".json", ".jsonl", ".xml", ".atom", ".bib"}


class UnrecognisedFile(InputError):
    """No loader recognises the file's content."""


def loader(name: str) -> ModuleType:
    """The module that reads format ``name``."""
    if name not in REGISTRY:
        known = ", ".join(REGISTRY)
        raise InputError(f"unknown format {name!r} (known: {known})")
    return importlib.import_module(REGISTRY[name])


def detect(text: str, source: str) -> str:
    """Name of the format whose loader recognises ``text``."""
    for name in REGISTRY:
        if loader(name).sniff(text):
            return name
    raise UnrecognisedFile(f"{source}: not a recognised paper file (formats: {', '.join(REGISTRY)})")


def expand(paths: Iterable[Path]) -> list[tuple[Path, bool]]:
    """(file, found in a directory) for files named directly and paper files in named directories."""
    files: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
            if not found:
                raise InputError(f"{path}: directory holds no paper files ({', '.join(sorted(SUFFIXES))})")
            files.extend((p, True) for p in found)
        elif not path.exists():
            raise InputError(f"{path}: no such file or directory")
        else:
            files.append((path, False))
    return files


def read(path: Path, fmt: str | None = None, bad: list[str] | None = None) -> list[Paper]:
    """Papers in one file, with its format detected from the content unless given."""
    text = read_text(path)
    name = fmt or detect(text, str(path))
    module = loader(name)
    if fmt and not module.sniff(text):
        found = next((n for n in REGISTRY if n != fmt and loader(n).sniff(text)), None)
        hint = f"; it looks like {found}" if found else ""
        raise InputError(f"{path}: not a {fmt} file{hint}")
    return module.parse(text, source=path.name, bad=bad)


def read_all(
    paths: Iterable[Path], fmt: str | None = None, bad: list[str] | None = None
) -> tuple[list[Paper], list[str]]:
    """Papers of every file under ``paths``, and the files of a directory that no loader knows.

    A file named on its own must be a paper file; in a directory, other files (a README,
    a results table) are passed over and listed, so that a folder of mixed files loads.
    """
    papers: list[Paper] = []
    passed_over: list[str] = []
    for path, in_directory in expand(paths):
        try:
            papers.extend(read(path, fmt, bad))
        except UnrecognisedFile as exc:
            if not in_directory or fmt:
                raise
            passed_over.append(str(exc))
    if not papers and passed_over:
        raise InputError(passed_over[0])
    return papers, passed_over
