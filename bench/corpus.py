"""A deterministic synthetic corpus that looks like the Daily Papers dumps.

Each paper is a title and an abstract built from sentence templates filled with names
and aliases from the ontology, chosen with a Zipf law (a few entities very common, a
long tail), with result numbers, a coined name per paper and now and then a mention of
an earlier paper's coined name. Paper ``i`` depends only on ``(seed, i)``, so the
corpus of 1,000 papers is the first 1,000 papers of the corpus of 100,000, and papers
``N .. N+999`` are new papers for an incremental ingest.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from loaders.ontology import Entry, default_ontology

PER_FILE = 1000  # papers per dump file
ZIPF_S = 1.1
HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\n{date}\n\n"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CONSONANTS = "bdfgklmnprstvz"
VOWELS = "aeiou"
ADJECTIVES = ("Scalable", "Efficient", "Robust", "Adaptive", "Unified", "Sparse", "Lightweight", "Faithful")
TOPICS = (
    "Mathematical Reasoning",
    "Code Generation",
    "Long-Context Understanding",
    "Instruction Following",
    "Multilingual Question Answering",
    "Tool Use",
    "Visual Grounding",
    "Preference Alignment",
)
OPENERS = (
    "Large language models have made rapid progress, yet {topic} remains difficult for them.",
    "Progress on {topic} is limited by the cost of collecting high-quality supervision.",
    "Recent work on {topic} relies on ever larger models and ever more data.",
    "Despite strong results on standard tests, current systems still struggle with {topic}.",
)
PROPOSALS = (
    "We propose {code}, a {adj} framework that combines {t1} with {t2}.",
    "In this paper, we introduce {code}, a {adj} method built on {t1} and {t2}.",
    "We present {code}, which brings {t1} and {t2} together in one training recipe.",
)
BUILDS = (
    "We fine-tune {m1} on {d1} using {t3}.",
    "Starting from {m1}, we apply {t3} to {d1}.",
    "We continue pre-training {m1} with {t3} on {d1}.",
)
TRAINS = (
    "The model is trained on {d2} and {d3}.",
    "Training data comes from {d2}, extended with samples from {d3}.",
)
RESULTS = (
    "On {b1}, {code} achieves {v1:.1f}% accuracy, outperforming {m2} by {g1:.1f} points.",
    "{code} reaches {v1:.1f} on {b1}, surpassing {m2}.",
    "Our best model scores {v1:.1f}% on {b1} and improves over {m2} by +{g1:.1f}.",
)
EVALS = (
    "Experiments on {b2} and {b3} show consistent gains over {m3}.",
    "We evaluate on {b2} and {b3}, where {code} matches {m3} at a fraction of the cost.",
    "Results on {b2} and {b3} confirm the benefit of {t4}.",
)
PRIOR = (
    "Unlike {prior}, our approach needs no {t4}.",
    "Compared with {prior}, {code} is simpler and faster.",
)
METHODS = (
    "The key idea is to separate what the model must learn from how it is asked to learn it, so that each stage can be tuned on its own.",
    "A lightweight controller decides at every step which component to call, keeping the overall cost close to that of a single forward pass.",
    "We further design a curriculum that moves from short, easy examples to long, compositional ones as training progresses.",
    "To keep supervision cheap, the training signal is derived automatically from the model's own outputs and filtered for consistency.",
)
CLOSERS = (
    "Ablation studies show that each component contributes to the final performance.",
    "Code, data and model weights are publicly available.",
    "Our analysis also reveals where current evaluation practice falls short.",
    "We hope this work provides a strong baseline for future research.",
)


def code_name(i: int) -> str:
    """A pronounceable made-up name, unique per index ("Bakodi")."""
    sylls = []
    n = i + 7919
    while n or len(sylls) < 3:
        n, r = divmod(n, len(CONSONANTS) * len(VOWELS))
        sylls.append(CONSONANTS[r // len(VOWELS)] + VOWELS[r % len(VOWELS)])
    word = "".join(sylls)
    return word[0].upper() + word[1:] + "X"


@dataclass
class _Pool:
    """Entries of one type in a fixed order, with cumulative Zipf weights."""

    entries: list[Entry]
    cum: list[float]

    def pick(self, rng: random.Random, k: int) -> list[str]:
        chosen = rng.choices(self.entries, cum_weights=self.cum, k=k)
        return [_surface(rng, e) for e in chosen]


def _surface(rng: random.Random, entry: Entry) -> str:
    """The entry's name, or now and then one of its aliases (so alias matching does real work)."""
    if entry.aliases and rng.random() < 0.3:
        return rng.choice(entry.aliases)
    return entry.name


class Corpus:
    """Generates paper ``i`` of the synthetic corpus of seed ``seed``."""

    def __init__(self, seed: int = 7):
        self.seed = seed
        ontology = default_ontology()
        self.pools: dict[str, _Pool] = {}
        for type_ in ("Technique", "Model", "Dataset", "Benchmark"):
            entries = sorted(
                (e for e in ontology.entries if e.type == type_ and not e.ambiguous), key=lambda e: e.name
            )
            random.Random(f"{seed}:{type_}").shuffle(entries)
            weights = [1.0 / (rank**ZIPF_S) for rank in range(1, len(entries) + 1)]
            self.pools[type_] = _Pool(entries, list(accumulate(weights)))

    def paper(self, i: int) -> tuple[str, str]:
        """Title and abstract of paper ``i``."""
        rng = random.Random(self.seed * 1_000_003 + i)
        t = self.pools["Technique"].pick(rng, 4)
        m = self.pools["Model"].pick(rng, 3)
        d = self.pools["Dataset"].pick(rng, 3)
        b = self.pools["Benchmark"].pick(rng, 3)
        code = code_name(i)
        topic = rng.choice(TOPICS)
        fill = {
            "code": code,
            "adj": rng.choice(ADJECTIVES).lower(),
            "topic": topic.lower(),
            **{f"t{k + 1}": v for k, v in enumerate(t)},
            **{f"m{k + 1}": v for k, v in enumerate(m)},
            **{f"d{k + 1}": v for k, v in enumerate(d)},
            **{f"b{k + 1}": v for k, v in enumerate(b)},
            "v1": rng.uniform(20, 95),
            "g1": rng.uniform(0.5, 12),
            "prior": code_name(rng.randrange(i)) if i else code,
        }
        parts = [rng.choice(OPENERS), rng.choice(PROPOSALS), *rng.sample(METHODS, 2), rng.choice(BUILDS)]
        if rng.random() < 0.7:
            parts.append(rng.choice(TRAINS))
        parts.append(rng.choice(RESULTS))
        parts.append(rng.choice(EVALS))
        if i and rng.random() < 0.15:
            parts.append(rng.choice(PRIOR))
        parts += rng.sample(CLOSERS, 2)
        abstract = " ".join(p.format(**fill) for p in parts)
        title = f"{code}: {rng.choice(ADJECTIVES)} {t[0]} for {topic}"
        return title, abstract

    def papers(self, start: int, stop: int) -> Iterator[tuple[str, str]]:
        for i in range(start, stop):
            yield self.paper(i)

    def write(self, directory: Path, start: int, stop: int) -> list[Path]:
        """Papers ``start .. stop-1`` as Daily Papers dump files of PER_FILE papers each."""
        directory.mkdir(parents=True, exist_ok=True)
        files = []
        for first in range(start, stop, PER_FILE):
            last = min(first + PER_FILE, stop)
            n = first // PER_FILE
            path = directory / f"dump_{n:05d}.txt"
            blocks = [HEADER.format(date=f"{MONTHS[n % 12]} {n % 28 + 1}")]
            blocks += [f"{title}\n\n{abstract}\n\n" for title, abstract in self.papers(first, last)]
            path.write_text("".join(blocks), encoding="utf-8")
            files.append(path)
        return files
