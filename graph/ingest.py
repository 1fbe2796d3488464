"""Ingest: files -> papers -> extraction -> one batch -> the store, all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from pydantic import BaseModel, Field

import loaders
from graph.build import Identities, build, extract_corpus, resolve_papers
from graph.memory import paused_gc
from graph.schema import Counts, Extraction, Paper, WriteSummary
from graph.stores.base import GraphStore
from loaders.extract import Extractor


class IngestSummary(BaseModel):
    papers_read: int
    written: WriteSummary
    counts: Counts
    skipped: list[str] = Field(default_factory=list)


def read_papers(
    paths: Iterable[Path], fmt: str | None = None, bad: list[str] | None = None
) -> tuple[list[Paper], list[str]]:
    """Papers read from files and directories, and the directory files passed over."""
    return loaders.read_all(paths, fmt, bad)


def extract_papers(papers: list[Paper], extractor: Extractor | None = None) -> list[Extraction]:
    """Extraction of papers as a corpus (no store): what ``citegraph extract`` prints."""
    resolved = resolve_papers(papers, Identities())
    extractions, _ = extract_corpus(resolved, extractor or Extractor())
    return extractions


def ingest(
    store: GraphStore,
    paths: Iterable[Path],
    fmt: str | None = None,
    skip_bad: bool = False,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Read, extract and write; a bad file stops everything before the store is touched.

    Papers the store holds with the same title and abstract are not extracted again.
    """
    bad: list[str] | None = [] if skip_bad else None
    with paused_gc():
        papers, passed_over = read_papers(paths, fmt, bad)
        identities = Identities(store.paper_identities())
        stored = store.papers(sorted({i for p in papers if (i := identities.resolve(p))}))
        extracted = {p.id: (p.title, p.abstract) for p in stored}
        batch, _ = build(papers, Extractor(), identities, store.proposals(), progress, extracted)
        written = store.write(batch)
    return IngestSummary(
        papers_read=len(papers),
        written=written,
        counts=store.counts(),
        skipped=[*passed_over, *(bad or [])],
    )
