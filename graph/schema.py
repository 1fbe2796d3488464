"""The vocabulary every stage speaks: typed records for papers, entities and links.

Loaders produce ``Paper`` records, extraction produces ``Extraction`` records,
``graph.build`` turns both into a ``GraphBatch`` and stores write batches.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal["Technique", "Model", "Dataset", "Benchmark"]
ENTITY_TYPES: tuple[EntityType, ...] = ("Technique", "Model", "Dataset", "Benchmark")

Role = Literal["uses", "builds_on", "compares_with", "trains_on", "evaluates_on", "proposes"]
ROLE_REL: dict[str, str] = {
    "uses": "USES",
    "builds_on": "BUILDS_ON",
    "compares_with": "COMPARES_WITH",
    "trains_on": "TRAINS_ON",
    "evaluates_on": "EVALUATES_ON",
    "proposes": "PROPOSES",
}
# The role a mention gets when its sentence does not say which one it plays.
DEFAULT_ROLE: dict[str, Role] = {
    "Technique": "uses",
    "Model": "uses",
    "Dataset": "trains_on",
    "Benchmark": "evaluates_on",
}


def norm(text: str) -> str:
    """Comparison key: NFKC, lower case, letters and digits only ("LLaMA-3" -> "llama3")."""
    return "".join(filter(str.isalnum, unicodedata.normalize("NFKC", text).lower()))


def title_key(title: str) -> str:
    """Short stable key of a normalised title, used to dedupe papers across files."""
    return hashlib.sha1(norm(title).encode()).hexdigest()[:16]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Author(Record):
    name: str
    source_id: str | None = None  # OpenAlex or Semantic Scholar author id


class PaperRef(Record):
    """A paper named by identifiers only: a reference or a citing paper."""

    title: str = ""
    arxiv_id: str | None = None
    doi: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None


class Paper(Record):
    """One paper as a loader read it; ``id`` is assigned when it meets the store."""

    id: str = ""
    title: str
    abstract: str = ""
    arxiv_id: str | None = None
    doi: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None
    published: str | None = None  # ISO date, as precise as the source gives
    url: str | None = None
    venue: str | None = None
    categories: list[str] = Field(default_factory=list)
    citation_count: int | None = None
    authors: list[Author] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)  # files the paper was read from
    references: list[PaperRef] = Field(default_factory=list)  # papers this one cites
    cited_by: list[PaperRef] = Field(default_factory=list)  # papers citing this one
    citation_source: str | None = None  # who reported the references: "openalex", ...

    def default_id(self) -> str:
        """Stable id from the strongest identifier the paper carries."""
        if self.arxiv_id:
            return f"arxiv:{self.arxiv_id}"
        if self.doi:
            return f"doi:{self.doi.lower()}"
        return f"title:{title_key(self.title)}"

    def merged(self, other: Paper) -> Paper:
        """One paper from two records of it: lists are united, the richer value of each field wins."""
        data = self.model_dump()
        for field, value in other.model_dump().items():
            old = data[field]
            if field in ("sources", "categories"):
                data[field] = list(dict.fromkeys([*old, *value]))
            elif field in ("references", "cited_by"):
                data[field] = old + [r for r in value if r not in old]
            elif field in ("authors", "abstract"):
                data[field] = old if len(old) >= len(value) else value
            elif old in (None, "", []) and value not in (None, "", []):
                data[field] = value
        data["id"] = self.id
        return Paper(**data)


class Mention(Record):
    """One entity found in a paper, with the sentence that names it."""

    type: EntityType
    name: str  # canonical name
    mention: str  # text as written
    role: Role
    evidence: str


class Result(Record):
    """A number the paper reports on a benchmark."""

    benchmark: str
    value: float
    metric: str | None = None
    model: str | None = None
    delta: bool = False
    evidence: str


class Extraction(Record):
    """What extraction found in one paper: the contract of ``citegraph extract``."""

    id: str
    title: str
    entities: list[Mention] = Field(default_factory=list)
    results: list[Result] = Field(default_factory=list)


class Entity(Record):
    """A Technique, Model, Dataset or Benchmark node."""

    type: EntityType
    id: str  # norm(name)
    name: str
    aliases: list[str] = Field(default_factory=list)
    family: str | None = None
    size: str | None = None
    variant: str | None = None


class Link(Record):
    """Paper -[ROLE]-> entity, carrying its evidence sentence."""

    paper_id: str
    rel: str  # USES, BUILDS_ON, ...
    entity_type: EntityType
    entity_id: str
    mention: str
    evidence: str


class ResultLink(Record):
    """Paper -[REPORTS]-> Benchmark with one result."""

    paper_id: str
    benchmark_id: str
    value: float
    metric: str = ""
    model: str = ""
    delta: bool = False
    evidence: str


class VariantLink(Record):
    """Entity -[VARIANT_OF]-> broader entity of the same type."""

    entity_type: EntityType
    child_id: str
    parent_id: str


class Citation(Record):
    """Paper -[CITES]-> Paper, explicit (from a source) or inferred from the text."""

    src_id: str
    dst_id: str
    source: str
    evidence: str = ""


class Authorship(Record):
    author_id: str
    paper_id: str
    position: int


class AuthorNode(Record):
    id: str
    name: str


class GraphBatch(Record):
    """Everything one ingest writes; stores write it in one transaction."""

    papers: list[Paper] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    results: list[ResultLink] = Field(default_factory=list)
    variants: list[VariantLink] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    authors: list[AuthorNode] = Field(default_factory=list)
    authorships: list[Authorship] = Field(default_factory=list)


class WriteSummary(Record):
    """What one write added, per node label and relationship type."""

    nodes: dict[str, int] = Field(default_factory=dict)
    relationships: dict[str, int] = Field(default_factory=dict)
    updated_papers: int = 0


class Counts(Record):
    """Node counts per label and relationship counts per type."""

    nodes: dict[str, int]
    relationships: dict[str, int]
