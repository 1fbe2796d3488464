"""The curated ontology: what the field names, under which aliases, and what is a variant of what.

Entries live in ``loaders/ontology/<type>s.json``; ``docs/ontology.md`` says how to
add one. ``Ontology.load()`` validates them and compiles the alias index the
extractor matches against.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from graph.errors import InputError
from graph.schema import ENTITY_TYPES, EntityType, norm

DATA_DIR = Path(__file__).with_name("ontology")
FILES: dict[EntityType, str] = {
    "Technique": "techniques.json",
    "Model": "models.json",
    "Dataset": "datasets.json",
    "Benchmark": "benchmarks.json",
}
# Letter runs and digit runs are separate tokens, so "Llama2" meets "Llama 2" (same match key).
TOKEN = re.compile(r"(?:[^\W\d_]+|\d+)(?:\+(?!\w))?")


class Entry(BaseModel):
    """One ontology entry as written in the data files."""

    model_config = ConfigDict(extra="forbid")

    name: str
    aliases: list[str] = []
    parent: str | None = None
    family: str | None = None
    size: str | None = None
    variant: str | None = None
    ambiguous: bool = False
    case_sensitive: bool = False
    type: EntityType = "Technique"  # set from the file the entry is in


def match_key(text: str) -> str:
    """Key under which spelling variants of one name meet.

    Case, spaces and hyphens do not count ("Llama 3 8B" = "Llama-3-8B" =
    "llama3-8b"), but a boundary between two numbers does, so that
    "Qwen2.5-7B" and "Qwen2-57B" stay apart.
    """
    tokens = [t.lower() for t in TOKEN.findall(text)]
    return join_tokens(tokens)


def join_tokens(tokens: list[str]) -> str:
    out = ""
    for tok in tokens:
        if out and out[-1].isdigit() and tok[0].isdigit():
            out += "."
        out += tok
    return out


def is_acronym(alias: str) -> bool:
    """Short names written with capitals (DPO, MoE, SFT) must keep their case to match."""
    letters = [c for c in alias if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(alias) <= 6 and upper >= 2 and " " not in alias


class Alias(BaseModel):
    """A compiled alias: which entry it names and whether its case must match."""

    entry: Entry
    surface: str
    case_sensitive: bool


class Ontology:
    """All entries, indexed by name and by the match key of every alias."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_name: dict[tuple[str, str], Entry] = {}
        self.index: dict[str, list[Alias]] = {}
        self.first_tokens: set[str] = set()
        self.prefixes: set[str] = set()  # match keys of the first tokens of aliases, to stop early
        self.max_tokens = 1
        for entry in entries:
            self.by_name[(entry.type, norm(entry.name))] = entry
        for entry in entries:
            for surface in dict.fromkeys([entry.name, *entry.aliases]):
                self._add(entry, surface)

    def _add(self, entry: Entry, surface: str) -> None:
        tokens = TOKEN.findall(surface)
        if not tokens:
            return
        key = join_tokens([t.lower() for t in tokens])
        sensitive = entry.case_sensitive or entry.ambiguous or is_acronym(surface)
        self.index.setdefault(key, []).append(Alias(entry=entry, surface=surface, case_sensitive=sensitive))
        self.first_tokens.add(tokens[0].lower())
        for n in range(1, len(tokens)):
            self.prefixes.add(join_tokens([t.lower() for t in tokens[:n]]))
        self.max_tokens = max(self.max_tokens, len(tokens))

    def get(self, type_: str, name: str) -> Entry | None:
        return self.by_name.get((type_, norm(name)))

    def lineage(self, entry: Entry) -> list[Entry]:
        """The entry's ancestors through ``parent``, nearest first."""
        chain: list[Entry] = []
        seen = {norm(entry.name)}
        while entry.parent:
            parent = self.get(entry.type, entry.parent)
            if parent is None or norm(parent.name) in seen:
                break
            chain.append(parent)
            seen.add(norm(parent.name))
            entry = parent
        return chain

    @classmethod
    def load(cls, directory: Path = DATA_DIR) -> Ontology:
        entries: list[Entry] = []
        for type_ in ENTITY_TYPES:
            path = directory / FILES[type_]
            if not path.exists():
                continue
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                entries.extend(Entry(**item, type=type_) for item in raw)
            except (json.JSONDecodeError, ValidationError, TypeError) as exc:
                first = str(exc).splitlines()[0]
                raise InputError(f"{path}: invalid ontology file ({first})") from None
        return cls(entries)


@cache
def default_ontology() -> Ontology:
    """The shipped ontology, loaded once per process."""
    return Ontology.load()
