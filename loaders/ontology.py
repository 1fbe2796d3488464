"""The curated ontology: what the field names, under which aliases, and what is a variant of what.

Entries live in ``loaders/ontology/<type>s.json``; ``docs/ontology.md`` says how to
add one. ``Ontology.load()`` validates them and compiles the alias index the
extractor matches against; ``Ontology.spots`` finds every alias in a text with one
Aho-Corasick pass.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import ahocorasick
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
LETTERS = re.compile(r"[^\W\d_]+")
MODEL_PART = re.compile(r"[^\W\d_]+|\d+(?:\.\d+)*[^\W\d_]*")  # "llama", "3.1", "405b"
# Up to two of these between two tokens keep them in one name ("Llama-2", "Qwen2.5", "GPT_4").
JOINERS = " -\u2010\u2011\u2013/._"
# Folding maps every joiner to a space.
FOLD = str.maketrans(dict.fromkeys(JOINERS, " "))
SPACE_RUN = re.compile(r"   *")  # two joiners are one gap, three or more a break
FEW_SPELLINGS = 64  # up to this many, ``spots`` looks for each spelling instead of building an automaton
MAX_SPELLINGS = 4096  # per alias, a bound for pathological names such as "a1b2c3d4e5f6g7h8"


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


def model_parts(name: str) -> tuple[str, ...]:
    """The parts of a model name, sorted: family words, version, size and suffixes."""
    parts = re.split(r"[\s_\-/]+", name.lower())
    return tuple(sorted(p for part in parts for p in MODEL_PART.findall(part)))


def is_acronym(alias: str) -> bool:
    """Short names written with capitals (DPO, MoE, SFT) match only where written with capitals.

    Names with a digit (GSM8K, GPT-4) are no English word in any case: "GSM8k" matches.
    """
    letters = [c for c in alias if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return len(alias) <= 6 and upper >= 2 and " " not in alias and not any(c.isdigit() for c in alias)


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` lower-cased with every run of one or two joiners as one space.

    Also returns where two joiners became one (positions in the folded text, sorted),
    to map offsets back: a folded offset ``i`` is ``i + bisect_left(cuts, i)`` in ``text``.
    """
    # "İ" is the one character whose lower case is longer; as "\0" it keeps offsets (and the
    # word boundaries that matter are checked in ``text``). "Σ" lowers by context (final "ς"),
    # so where it occurs each run of letters is lowered alone, as the tokens of a name are.
    text = text.replace("\u0130", "\0")
    lowered = LETTERS.sub(lambda m: m.group().lower(), text) if "\u03a3" in text else text.lower()
    folded = lowered.translate(FOLD)
    cuts: list[int] = []
    parts: list[str] = []
    done = 0
    for run in SPACE_RUN.finditer(folded):
        if run.end() - run.start() == 2:
            parts.append(folded[done : run.start() + 1])
            done = run.end()
            cuts.append(run.start() - len(cuts))
    if cuts:
        folded = "".join(parts) + folded[done:]
    return folded, cuts


def spellings(key: str, firsts: set[str], prefixes: set[str], max_tokens: int) -> list[str]:
    """The folded texts whose tokens join to ``key``, as a token-by-token reading accepts them.

    Tokens meet with one space (a run of one or two joiners), or with nothing where
    letters meet digits; a "." in the key is a space between two numbers. A token may
    end inside a run of letters ("fine tuning", "finetuning") only where some alias
    ends a token there too (``prefixes``); the first token must start some alias
    (``firsts``) and no reading has more than ``max_tokens`` tokens.
    """
    seams = []  # (position in key, key characters the seam replaces, ways to write it: (gap, a token ends))
    for pos in range(1, len(key)):
        prev, char = key[pos - 1], key[pos]
        if char == "+" or prev == "." or (prev.isdecimal() and char.isdecimal()):
            continue  # inside a token
        if char == "." or prev == "+":
            ways = ((" ", True),)  # a token ends, then a joiner
        elif prev.isdecimal() != char.isdecimal():
            ways = (("", True), (" ", True))  # letters meet digits: a token ends, joiner or not
        else:
            ways = (("", False), (" ", True))  # within letters: one token, or two
        if key[:pos] not in prefixes:
            if ways[0][1]:
                return []  # a token must end here, and no reading lets it
            continue
        seams.append((pos, int(char == "."), ways))
    out: list[str] = []
    todo = [(0, "", 0, 0)]  # (next seam, text so far, key position copied up to, token ends so far)
    while todo and len(out) < MAX_SPELLINGS:
        i, text, done, ends = todo.pop()
        if i == len(seams):
            if ends or key in firsts:
                out.append(text + key[done:])
            continue
        pos, skip, ways = seams[i]
        head = text + key[done:pos]
        for gap, end in ways:
            if not end or (ends + 1 < max_tokens and (ends or key[:pos] in firsts)):
                todo.append((i + 1, head + gap, pos + skip, ends + end))
    return out


def _ends_token(text: str, end: int) -> bool:
    """True when a name may end at ``end``: no letter or digit follows, nor a "+" that TOKEN would
    take, nor the decimals of a version number."""
    if end == len(text):
        return True
    nxt = text[end]
    if nxt == "." and text[end - 1].isdigit() and text[end + 1 : end + 2].isdigit():
        return False  # "Orca-2" is not named inside "Orca-2.5"
    if text[end - 1] == "+":
        return not (nxt.isalnum() or nxt == "_")
    if nxt == "+":
        return end + 1 < len(text) and (text[end + 1].isalnum() or text[end + 1] == "_")
    return not nxt.isalnum()


@dataclass(slots=True)
class Alias:
    """A compiled alias: which entry it names, its tokens, and how their case must match."""

    entry: Entry
    surface: str
    tokens: list[str]
    case_sensitive: bool  # exactly as written
    acronym: bool  # as written, or with at least two capitals ("SamSum" for SAMSum, never "samsum")

    def fits_case(self, words: list[str]) -> bool:
        if not (self.case_sensitive or self.acronym) or words == self.tokens:
            return True
        return not self.case_sensitive and sum(c.isupper() for w in words for c in w) >= 2


class Ontology:
    """All entries, indexed by name and by the match key of every alias."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self.by_name: dict[tuple[str, str], Entry] = {}
        self.index: dict[str, list[Alias]] = {}
        for entry in entries:
            self.by_name[(entry.type, norm(entry.name))] = entry
        for entry in entries:
            for surface in dict.fromkeys([entry.name, *entry.aliases]):
                self._add(entry, surface)

    @cached_property
    def models_by_parts(self) -> dict[tuple[str, ...], Entry]:
        """Model entries by the parts of their names in any order: "Llama-3.1-Instruct-405B" finds
        Llama-3.1-405B-Instruct. Parts two models share in different orders name neither."""
        out: dict[tuple[str, ...], Entry | None] = {}
        for entry in self.entries:
            if entry.type == "Model":
                for surface in (entry.name, *entry.aliases):
                    key = model_parts(surface)
                    out[key] = entry if out.get(key, entry) is entry else None
        return {k: e for k, e in out.items() if e is not None}

    def _add(self, entry: Entry, surface: str) -> None:
        tokens = TOKEN.findall(surface)
        if not tokens:
            return
        key = join_tokens([t.lower() for t in tokens])
        exact = entry.case_sensitive or entry.ambiguous
        alias = Alias(entry, surface, tokens, case_sensitive=exact, acronym=is_acronym(surface))
        self.index.setdefault(key, []).append(alias)

    @cached_property
    def folded_spellings(self) -> list[str]:
        """Every spelling of every alias in folded text."""
        tokens = [[t.lower() for t in a.tokens] for found in self.index.values() for a in found]
        if not tokens:
            return []
        firsts = {t[0] for t in tokens}
        prefixes = {join_tokens(t[:n]) for t in tokens for n in range(1, len(t))}
        max_tokens = max(map(len, tokens))
        out: dict[str, None] = {}
        for key in self.index:
            # Plurals: "Large Language Models"; the last token must be letters.
            for form in (key, f"{key}s") if not (key[-1].isdecimal() or key[-1] == "+") else (key,):
                out.update(dict.fromkeys(spellings(form, firsts, prefixes, max_tokens)))
        return list(out)

    @cached_property
    def automaton(self) -> ahocorasick.Automaton:
        """The spellings, each mapped to its length, in one Aho-Corasick automaton."""
        auto = ahocorasick.Automaton()
        for spelling in self.folded_spellings:
            auto.add_word(spelling, len(spelling))
        auto.make_automaton()
        return auto

    def compile(self) -> None:
        """Build the matcher now (before worker processes fork), not on first use."""
        if len(self.folded_spellings) > FEW_SPELLINGS:
            _ = self.automaton

    def _stretches(self, folded: str) -> list[tuple[int, int]]:
        """(start, end) of every spelling in folded text, words or not."""
        if len(self.folded_spellings) > FEW_SPELLINGS:
            return [(last - size + 1, last + 1) for last, size in self.automaton.iter(folded)]
        # A paper's own few names: searching for each beats building an automaton.
        out = []
        for spelling in self.folded_spellings:
            start = folded.find(spelling)
            while start >= 0:
                out.append((start, start + len(spelling)))
                start = folded.find(spelling, start + 1)
        return out

    def spots(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every stretch of ``text`` spelled like an alias, at word boundaries.

        Overlapping and nested stretches are all returned; which alias (if any, given
        case) a stretch names is for the caller to decide.
        """
        if not self.folded_spellings:
            return []
        folded, cuts = fold(text)
        out = []
        for start, end in self._stretches(folded):
            # Inside a word? Lower case keeps letters letters, so the folded text can tell (fast).
            if (start and folded[start - 1].isalnum()) or folded[end : end + 1].isalnum():
                continue
            if cuts:
                start, end = start + bisect_left(cuts, start), end + bisect_left(cuts, end - 1)
            if (start and text[start - 1].isalnum()) or not _ends_token(text, end):
                continue
            out.append((start, end))
        return out

    def get(self, type_: str, name: str) -> Entry | None:
        return self.by_name.get((type_, norm(name)))

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
